"""``manage.py import_organisations FILE --municipality CODE``: the officers' import
(``registry.imports``) from the command line. Prints what each row would do; when any
row is refused, prints those rows with their reasons, writes nothing and exits with 1."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry import imports
from registry.models import Municipality


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV or XLSX file: all rows or none. Columns headed "
        "with a field's Swedish or English label map themselves; --mapping gives the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--municipality",
            required=True,
            help="SCB code of the municipality of rows that name none, e.g. 1814.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; write nothing."
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            help='JSON file: {"column header": "field", ...}; fields: '
            + ", ".join(imports.FIELD_NAMES),
        )
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--publish",
            dest="publish",
            action="store_true",
            default=True,
            help="Publish new entries (the default).",
        )
        state.add_argument(
            "--draft", dest="publish", action="store_false", help="Keep new entries as drafts."
        )
        parser.add_argument("--legal-form", default="", help="SCB code for rows that give none.")
        parser.add_argument("--kind", default="", help="Kind for rows that give none.")

    def handle(self, *args, **options):
        code = options["municipality"]
        if not Municipality.objects.filter(code=code).exists():
            raise CommandError(f"No municipality has the code {code!r}.")
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        try:
            table = imports.read_table(data, options["file"].name)
        except imports.ImportFileError as error:
            raise CommandError(error.message) from error
        mapping = imports.automatic_mapping(table.headers)
        if options["mapping"]:
            mapping = self.read_mapping(options["mapping"], table.headers)
        if "name" not in mapping.values():
            raise CommandError("No column is mapped to name: give --mapping.")
        self.stdout.write(
            "Columns: "
            + ", ".join(f"{table.headers[int(c)]} → {name}" for c, name in mapping.items())
        )
        settings = imports.ImportSettings(
            municipality_id=code,
            publish=options["publish"],
            allowed_municipalities=None,
            default_legal_form=options["legal_form"],
            default_kind=options["kind"],
        )
        arguments = {
            "headers": table.headers,
            "rows": table.rows,
            "mapping": mapping,
            "settings": settings,
        }
        if options["dry_run"]:
            plan = imports.plan_import(**arguments)
        else:
            try:
                plan = imports.apply_import(**arguments).plan
            except imports.ImportRefused as refused:
                plan = refused.plan
        self.report(plan, dry_run=options["dry_run"])
        if plan.refused:
            raise CommandError(
                f"{len(plan.refused)} row(s) refused: nothing was imported.", returncode=1
            )

    def read_mapping(self, path: Path, headers: list[str]) -> dict[str, str]:
        try:
            given = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the mapping {path}: {error}") from error
        if not isinstance(given, dict):
            raise CommandError('The mapping is a JSON object: {"column header": "field"}.')
        folded = {imports.fold(header): str(index) for index, header in enumerate(headers)}
        mapping = imports.automatic_mapping(headers)
        for header, name in given.items():
            if name not in imports.FIELD_NAMES and name not in ("", None):
                raise CommandError(f"Unknown field {name!r} for column {header!r}.")
            column = folded.get(imports.fold(header))
            if column is None:
                raise CommandError(f"The file has no column {header!r}.")
            mapping = {c: n for c, n in mapping.items() if n != name and c != column}
            if name:
                mapping[column] = name
        return mapping

    def report(self, plan: imports.Plan, *, dry_run: bool) -> None:
        counts = plan.counts
        verb = "would be" if dry_run or plan.refused else "were"
        self.stdout.write(
            f"{counts['create']} {verb} created, {counts['update']} {verb} updated, "
            f"{counts['unchanged']} unchanged, {counts['refused']} refused."
        )
        for outcome in plan.refused:
            self.stderr.write(f"Row {outcome.line} ({outcome.name or '-'}):")
            for reason in outcome.reasons:
                self.stderr.write(f"  {reason}")
