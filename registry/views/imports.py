"""Officer pages: importing organisations from a spreadsheet (``registry.imports``).

Upload → map the columns → the dry run, row by row → import all or nothing. Large files
are checked and imported by the task worker; the job's page shows how far it has come.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry import access, imports
from registry.access import officer_required
from registry.import_forms import MappingForm, UploadForm
from registry.models import ImportJob
from socialeconomy.forms import page_number
from socialeconomy.middleware import allow_request_body

PAGE_SIZE = 100
RECENT_JOBS = 10


def _upload_limit() -> int:
    # Room for the form's other fields and the multipart boundaries around the file.
    return settings.IMPORT_MAX_FILE_SIZE + 64 * 1024


def _job_url(job: ImportJob) -> str:
    return reverse("registry:import-job", args=[job.pk])


@require_http_methods(["GET", "HEAD", "POST"])
@allow_request_body(_upload_limit)
@officer_required
def import_upload(request):
    codes = access.import_municipality_codes(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        job = imports.job_create(
            user=request.user,
            municipality_id=form.cleaned_data["municipality"],
            publish=form.cleaned_data["publish"],
            file_name=form.cleaned_data["file"].name or "",
            table=form.table,
            language=get_language() or "sv",
        )
        return HttpResponseRedirect(reverse("registry:import-mapping", args=[job.pk]))
    recent = ImportJob.objects.select_related("municipality", "created_by").defer(
        "rows", "plan", "headers"
    )
    if codes is not None:
        recent = recent.filter(municipality__in=codes)
    return render(
        request,
        "registry/officer/import_upload.html",
        {
            "form": form,
            "recent": recent[:RECENT_JOBS],
            "no_municipality": codes is not None and not codes,
            "fields": imports.field_choices(),
            "empty_cells_note": imports.EMPTY_CELLS_NOTE,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@officer_required
def import_mapping(request, pk):
    job = access.import_job_for_user(request.user, pk)
    if job.status not in imports.MAPPABLE:
        return HttpResponseRedirect(_job_url(job))
    form = MappingForm(
        request.POST or None,
        headers=job.headers,
        rows=job.rows,
        initial=MappingForm.initial_for(job),
    )
    if request.method == "POST" and form.is_valid():
        imports.job_map(
            job=job,
            columns=form.column_mapping,
            default_legal_form=form.cleaned_data["default_legal_form"],
            default_kind=form.cleaned_data["default_kind"],
        )
        return HttpResponseRedirect(_job_url(job))
    return render(request, "registry/officer/import_mapping.html", {"job": job, "form": form})


@require_safe
@officer_required
def import_job(request, pk):
    job = access.import_job_for_user(request.user, pk)
    if job.status == ImportJob.Status.UPLOADED:
        return HttpResponseRedirect(reverse("registry:import-mapping", args=[job.pk]))
    context = {"job": job, "summary": _summary(job)}
    if job.plan:
        outcomes = job.plan
        if job.status in (ImportJob.Status.PLANNED, ImportJob.Status.FAILED) and job.refused:
            outcomes = [o for o in outcomes if o["action"] == imports.Action.REFUSED]
        paginator = Paginator(outcomes, PAGE_SIZE)
        page = paginator.get_page(page_number(request.GET))
        labels = dict(imports.field_choices())
        context.update(
            page=page,
            outcomes=[
                {**o, "change_labels": [labels.get(name, name) for name in o["changes"]]}
                for o in page.object_list
            ],
            elided_page_range=paginator.get_elided_page_range(page.number),
        )
    return render(request, "registry/officer/import_job.html", context)


@require_POST
@officer_required
def import_apply(request, pk):
    job = access.import_job_for_user(request.user, pk)
    if job.status == ImportJob.Status.UPLOADED:
        return HttpResponseRedirect(reverse("registry:import-mapping", args=[job.pk]))
    started = imports.job_start(job=job)
    if started is None and job.status == ImportJob.Status.PLANNED and job.refused:
        messages.error(
            request,
            _("Nothing was imported: correct the refused rows in the file and upload it again."),
        )
    elif started is None:
        messages.info(request, _("This file is being imported or has been imported already."))
    return HttpResponseRedirect(_job_url(job))


def _summary(job: ImportJob) -> list[str]:
    """The counts of the dry run or the import, in words."""
    counts = job.counts or {}
    done = job.status == ImportJob.Status.DONE
    texts = []
    create, update = counts.get("create", 0), counts.get("update", 0)
    unchanged, refused = counts.get("unchanged", 0), counts.get("refused", 0)
    if done:
        texts.append(
            ngettext("%(count)s entry created", "%(count)s entries created", create)
            % {"count": number_format(create, force_grouping=True)}
        )
        texts.append(
            ngettext("%(count)s entry updated", "%(count)s entries updated", update)
            % {"count": number_format(update, force_grouping=True)}
        )
    else:
        texts.append(
            ngettext("%(count)s entry will be created", "%(count)s entries will be created", create)
            % {"count": number_format(create, force_grouping=True)}
        )
        texts.append(
            ngettext("%(count)s entry will be updated", "%(count)s entries will be updated", update)
            % {"count": number_format(update, force_grouping=True)}
        )
    texts.append(
        ngettext(
            "%(count)s row matches an entry with no change",
            "%(count)s rows match entries with no change",
            unchanged,
        )
        % {"count": number_format(unchanged, force_grouping=True)}
    )
    if not done:
        texts.append(
            ngettext("%(count)s row refused", "%(count)s rows refused", refused)
            % {"count": number_format(refused, force_grouping=True)}
        )
    return texts
