"""The officer pages' imports: a job per uploaded file, planned and imported in the
request or, for large files, by the task worker, with progress."""

from django.db import connections, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.imports.fields import initial_mapping, mapping_remember
from registry.imports.planning import ImportSettings, allowed_municipalities, plan_import
from registry.imports.reading import Table
from registry.imports.writing import ImportRefused, apply_import
from registry.models import ImportJob

# Files with more rows than this are checked and imported by the task worker, with
# progress on the job's page; smaller ones in the request.
BACKGROUND_FROM = 500

# --- Jobs: the officer pages' imports -------------------------------------------------------

# A job's columns may be mapped (again) before it is imported, or after it failed.
MAPPABLE = (ImportJob.Status.UPLOADED, ImportJob.Status.PLANNED, ImportJob.Status.FAILED)


def job_settings(job: ImportJob) -> ImportSettings:
    return ImportSettings(
        municipality_id=job.municipality_id,
        publish=job.publish,
        allowed_municipalities=allowed_municipalities(job.created_by),
        default_legal_form=job.mapping.get("default_legal_form", ""),
        default_kind=job.mapping.get("default_kind", ""),
    )


def job_columns(job: ImportJob) -> dict[str, str]:
    return job.mapping.get("columns", {})


def job_create(
    *, user, municipality_id: str, publish: bool, file_name: str, table: Table, language: str
) -> ImportJob:
    return ImportJob.objects.create(
        created_by=user,
        municipality_id=municipality_id,
        publish=publish,
        file_name=file_name[:255],
        headers=table.headers,
        rows=table.rows,
        language=language,
        mapping={"columns": initial_mapping(municipality_id, table.headers)},
    )


def job_map(
    *, job: ImportJob, columns: dict[str, str], default_legal_form: str, default_kind: str
) -> bool:
    """Save the mapping, remember it for the municipality, and start the dry run: in
    the request for a small file, by the task worker for a large one (True)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in MAPPABLE:
            return job.is_running
        job.mapping = {
            "columns": columns,
            "default_legal_form": default_legal_form,
            "default_kind": default_kind,
        }
        mapping_remember(municipality_id=job.municipality_id, headers=job.headers, mapping=columns)
        job.status = ImportJob.Status.PLANNING
        job.processed = 0
        job.plan, job.counts, job.error = [], {}, ""
        job.save()
        background = job.total > BACKGROUND_FROM
        if background:
            plan_job.enqueue(job.pk)
    if not background:
        job_plan(job.pk)
    return background


class _ProgressWriter:
    """Writes a job's rows processed through a connection of its own, so the officer's
    page sees it while the import's own transaction is still open."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.connection = connections.create_connection("default")

    def __call__(self, processed: int) -> None:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE registry_importjob SET processed = %s WHERE id = %s",
                    [processed, self.job_id],
                )
        except Exception:  # progress is a courtesy: never fail the import for it
            pass

    def close(self) -> None:
        self.connection.close()


def _run(job_id: int, status: str, work) -> None:
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id, status=status).first()
    if job is None:
        return
    progress = _ProgressWriter(job_id) if job.total > BACKGROUND_FROM else None
    try:
        with translation.override(job.language):
            work(job, progress)
    finally:
        if progress:
            progress.close()


def job_plan(job_id: int) -> None:
    """The dry run of a job whose status is PLANNING."""

    def work(job, progress):
        plan = plan_import(
            headers=job.headers,
            rows=job.rows,
            mapping=job_columns(job),
            settings=job_settings(job),
            progress=progress,
        )
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.PLANNED,
            plan=[outcome.as_json() for outcome in plan.outcomes],
            counts=plan.counts,
            processed=job.total,
        )

    _run(job_id, ImportJob.Status.PLANNING, work)


def job_start(*, job: ImportJob) -> bool | None:
    """Start importing a dry-run job. Only the first of two submits starts it (None for
    the second); True when the task worker imports it, False when it was imported now."""
    with transaction.atomic():
        started = ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.PLANNED, counts__refused=0
        ).update(status=ImportJob.Status.IMPORTING, processed=0)
        if not started:
            return None
        background = job.total > BACKGROUND_FROM
        if background:
            import_job.enqueue(job.pk)
    if not background:
        job_import(job.pk)
    return background


def job_import(job_id: int) -> None:
    """The import of a job whose status is IMPORTING: all rows or, if the register
    changed since the dry run so that a row is refused now, none."""

    def work(job, progress):
        try:
            result = apply_import(
                headers=job.headers,
                rows=job.rows,
                mapping=job_columns(job),
                settings=job_settings(job),
                user=job.created_by,
                progress=progress,
            )
        except ImportRefused as refused:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.FAILED,
                plan=[outcome.as_json() for outcome in refused.plan.outcomes],
                counts=refused.plan.counts,
                error=_(
                    "The register changed after the dry run and some rows cannot be imported "
                    "now. Nothing was imported."
                ),
                finished_at=timezone.now(),
            )
            return
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE,
            plan=[outcome.as_json() for outcome in result.plan.outcomes],
            counts=result.counts,
            processed=job.total,
            finished_at=timezone.now(),
        )

    _run(job_id, ImportJob.Status.IMPORTING, work)


@task
def plan_job(job_id: int) -> str:
    job_plan(job_id)
    return "planned"


@task
def import_job(job_id: int) -> str:
    job_import(job_id)
    return "imported"


# Shown on the upload page; a lazy text so it follows the language in use.
EMPTY_CELLS_NOTE = gettext_lazy(
    "Empty cells leave an entry's value as it is: an import adds and corrects, it does not "
    "remove what is in the register."
)
