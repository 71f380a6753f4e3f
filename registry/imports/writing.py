"""Writing a planned import: every row or, when any is refused, none (``apply_import``)."""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from registry import history
from registry.history import Source
from registry.imports.planning import BATCH_SIZE, ImportSettings, Plan, Progress, plan_import
from registry.models import Organisation

# --- Writing ----------------------------------------------------------------------------


class ImportRefused(Exception):
    """Some rows cannot be imported: nothing was written."""

    def __init__(self, plan: Plan):
        super().__init__(f"{len(plan.refused)} rows refused")
        self.plan = plan


@dataclass(frozen=True)
class ImportResult:
    plan: Plan

    @property
    def counts(self) -> dict[str, int]:
        return self.plan.counts


def allocate_slugs(organisations: list[Organisation]) -> None:
    """A unique slug for each new organisation, as ``services.unique_slug`` makes them,
    with one query for the whole file."""
    from registry.services import RESERVED_SLUGS

    bases = {(slugify(o.name) or "organisation")[:200] for o in organisations}
    taken = set(RESERVED_SLUGS)
    prefixes = sorted(bases)
    for start in range(0, len(prefixes), 2000):
        chunk = prefixes[start : start + 2000]
        pattern = "^(" + "|".join(re.escape(base) for base in chunk) + r")(-[0-9]+)?$"
        taken.update(
            Organisation.objects.filter(slug__regex=pattern).values_list("slug", flat=True)
        )
    for organisation in organisations:
        base = (slugify(organisation.name) or "organisation")[:200]
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        organisation.slug = slug


def _allocate_ids(organisations: list[Organisation]) -> None:
    """Ids for new organisations from the table's own sequence, before they are written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('registry_organisation', 'id'))"
            " FROM generate_series(1, %s)",
            [len(organisations)],
        )
        for organisation, (pk,) in zip(organisations, cursor.fetchall(), strict=True):
            organisation.pk = pk


def _bulk_update(organisations: list[Organisation], fields: list[str]) -> None:
    """``fields`` of each organisation written with one ``UPDATE … FROM unnest(…)`` per
    batch: ``bulk_update``'s CASE with a branch per row grows with the square of the
    batch, and 10 000 rows took minutes."""
    columns = [Organisation._meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(Organisation._meta.db_table)
    assignments = ", ".join(
        f"{connection.ops.quote_name(c.column)} = v.{connection.ops.quote_name(c.column)}"
        for c in columns
    )
    arrays = ", ".join(
        f"%s::{c.cast_db_type(connection) or c.db_type(connection)}[]" for c in columns
    )
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    sql = (
        f"UPDATE {table} AS o SET {assignments} "
        f'FROM unnest(%s::bigint[], {arrays}) AS v("id", {names}) WHERE o."id" = v."id"'
    )
    with connection.cursor() as cursor:
        for start in range(0, len(organisations), BATCH_SIZE):
            batch = organisations[start : start + BATCH_SIZE]
            params = [[o.pk for o in batch]]
            for column in columns:
                params.append(
                    [column.get_db_prep_save(getattr(o, column.attname), connection) for o in batch]
                )
            cursor.execute(sql, params)


@history.source(Source.IMPORT)
def apply_import(
    *,
    headers: list[str],
    rows: list[list],
    mapping: dict[str, str],
    settings: ImportSettings,
    user=None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every row or none: raises ``ImportRefused`` (nothing written) if any row
    is refused when planned again inside the transaction."""
    with transaction.atomic():
        plan = plan_import(
            headers=headers,
            rows=rows,
            mapping=mapping,
            settings=settings,
            lock=True,
            progress=progress,
        )
        if plan.refused:
            raise ImportRefused(plan)
        history_attrs = {"source": Source.IMPORT}
        now = timezone.now()
        today = timezone.localdate()
        if plan.creates:
            for organisation in plan.creates:
                organisation.last_verified_on = today
            allocate_slugs(plan.creates)
            _allocate_ids(plan.creates)
            # The operates-in rows first (the foreign key is checked at commit), so that
            # the row trigger computing each new entry's search columns and facets sees
            # its municipality: written after, they would make the database compute
            # every new entry twice (migration 0007's statement trigger).
            Organisation.municipalities.through.objects.bulk_create(
                [
                    Organisation.municipalities.through(
                        organisation_id=o.pk, municipality_id=o.home_municipality_id
                    )
                    for o in plan.creates
                ],
                batch_size=BATCH_SIZE,
            )
            bulk_create_with_history(
                plan.creates,
                Organisation,
                batch_size=BATCH_SIZE,
                default_user=user,
                default_date=now,
                custom_historical_attrs=history_attrs,
            )
        if plan.updates:
            updated = [organisation for organisation, _changed in plan.updates.values()]
            fields = set().union(*(changed for _o, changed in plan.updates.values()))
            for organisation in updated:
                organisation.version += 1
                organisation.updated_at = now
            _bulk_update(updated, sorted(fields | {"version", "updated_at"}))
            Organisation.history.bulk_history_create(
                updated,
                batch_size=BATCH_SIZE,
                default_user=user,
                default_date=now,
                custom_historical_attrs=history_attrs,
                update=True,
            )
            moved = [o for o, changed in plan.updates.values() if "home_municipality" in changed]
            Organisation.municipalities.through.objects.bulk_create(
                [
                    Organisation.municipalities.through(
                        organisation_id=o.pk, municipality_id=o.home_municipality_id
                    )
                    for o in moved
                ],
                ignore_conflicts=True,
            )
    return ImportResult(plan=plan)
