"""Importing organisations from a spreadsheet: the one service the officer pages and
``manage.py import_organisations`` share.

1. ``read_table``: a CSV file (``;``, ``,`` or tab between cells; UTF-8 with or without
   a byte-order mark, else Windows-1252, as Excel saves) or an XLSX workbook (its first
   sheet) becomes a header row and rows of text. What cannot be read raises
   ``ImportFileError`` with a message for a person.
2. ``automatic_mapping``: each column whose header is a field's Swedish or English label
   (or a usual synonym: "Org.nr", "Hemsida"), ignoring case, accents and punctuation,
   maps to that field; the officer corrects the rest. ``remembered_mapping`` returns the
   mapping last used in the municipality for the same header row.
3. ``plan_import``: every row checked by the register's own rules (the model's field
   validation and ``Organisation.clean``: organisation number, e-mail, web address,
   postal code, legal form against the number's group) and matched against the register:
   by organisation number, else by exact name and home municipality. Each row is to be
   *created*, *updated*, left *unchanged* or *refused* with its reasons; a row repeating
   an earlier row of the file is refused. Nothing is written: this is the dry run.
4. ``apply_import``: the same plan made again inside one transaction, with the matched
   entries locked; if any row is refused nothing is written (``ImportRefused``),
   otherwise every row is written with bulk operations and a history row per entry whose
   source is ``IMPORT``. The database's triggers keep the search columns, the search
   words and the register's cache version right for rows written in bulk as for any.

Empty cells leave an existing entry's value as it is: an import adds and corrects, it
does not blank out what officers typed. New entries are published or kept as drafts as
the officer chose on upload.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from registry import access, history, orgnr
from registry.history import Source
from registry.models import ImportJob, ImportMapping, LegalForm, Municipality, Organisation
from registry.models.imports import headers_key

# Files with more rows than this are refused: split them.
MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_CELL_LENGTH = 10_000
# Files with more rows than this are checked and imported by the task worker, with
# progress on the job's page; smaller ones in the request.
BACKGROUND_FROM = 500
BATCH_SIZE = 1000
PROGRESS_EVERY = 500

XLSX_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(Exception):
    """The file cannot be imported at all; ``message`` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Fields -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    name: str
    # Headers besides the field's name and its model label in Swedish and English.
    synonyms: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(Organisation._meta.get_field(self.name).verbose_name).capitalize()


FIELDS = [
    ImportField("name", ("Namn", "Name", "Föreningens namn", "Föreningsnamn", "Organisation")),
    ImportField("alternate_names", ("Andra namn", "Förkortning")),
    ImportField("org_number", ("Organisationsnummer", "Org.nr", "Orgnr", "Org nr")),
    ImportField("legal_form", ("Juridisk form", "Bolagsform", "Associationsform")),
    ImportField("kind", ("Typ", "Type", "Kind", "Organisationstyp")),
    ImportField("work_integrating", ("Arbetsintegrerande",)),
    ImportField("home_municipality", ("Kommun", "Municipality", "Hemkommun")),
    ImportField("presentation", ("Presentation", "Kort presentation")),
    ImportField("description", ("Beskrivning", "Description")),
    ImportField("founded_year", ("Grundad", "Grundår", "Bildad", "Founded")),
    ImportField("website", ("Webbplats", "Hemsida", "Webb", "Webbadress", "Website", "URL")),
    ImportField("email", ("E-post", "Epost", "E-postadress", "Mejl", "E-mail", "Email")),
    ImportField("phone", ("Telefon", "Telefonnummer", "Tel", "Phone")),
    ImportField("street_address", ("Utdelningsadress", "Adress", "Gatuadress", "Address")),
    ImportField("postal_code", ("Postnummer", "Postnr", "Postal code", "Zip")),
    ImportField("city", ("Ort", "Postort", "City")),
    ImportField("employees", ("Anställda", "Antal anställda", "Employees")),
]
FIELD_NAMES = [f.name for f in FIELDS]
FOREIGN_KEYS = ("legal_form", "home_municipality")
INTEGERS = ("founded_year", "employees")
BOOLEANS = ("work_integrating",)
YES = {"ja", "j", "yes", "y", "x", "1", "true", "sant"}
NO = {"nej", "n", "no", "0", "false", "falskt"}


def fold(text: str) -> str:
    """Lower case, no accents, letters and digits only: "E-post" and "epost" are one."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(char for char in decomposed if char.isalnum())


def field_choices() -> list[tuple[str, str]]:
    return [(f.name, f.label) for f in FIELDS]


def _field_keys() -> dict[str, str]:
    """Folded header → field name, from the synonyms and the labels in both languages."""
    keys: dict[str, str] = {}
    for item in FIELDS:
        names = [item.name, *item.synonyms]
        for language in ("sv", "en"):
            with translation.override(language):
                names.append(item.label)
        for name in names:
            keys.setdefault(fold(name), item.name)
    return keys


def automatic_mapping(headers: list[str]) -> dict[str, str]:
    """Column index (as text) → field, for the headers that name a field; each field once."""
    keys = _field_keys()
    mapping: dict[str, str] = {}
    for index, header in enumerate(headers):
        name = keys.get(fold(header))
        if name and name not in mapping.values():
            mapping[str(index)] = name
    return mapping


def remembered_mapping(municipality_id: str, headers: list[str]) -> dict[str, str] | None:
    saved = ImportMapping.objects.filter(
        municipality_id=municipality_id, headers_key=headers_key(headers)
    ).first()
    if saved is None:
        return None
    return {
        column: name
        for column, name in saved.mapping.items()
        if name in FIELD_NAMES and column.isdigit() and int(column) < len(headers)
    }


def initial_mapping(municipality_id: str, headers: list[str]) -> dict[str, str]:
    remembered = remembered_mapping(municipality_id, headers)
    return remembered if remembered is not None else automatic_mapping(headers)


def mapping_remember(*, municipality_id: str, headers: list[str], mapping: dict) -> None:
    ImportMapping.objects.update_or_create(
        municipality_id=municipality_id,
        headers_key=headers_key(headers),
        defaults={"mapping": mapping},
    )


# --- Reading ----------------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # [line number in the file, [cells]]


def read_table(data: bytes, file_name: str) -> Table:
    """The header row and the rows of an uploaded CSV or XLSX file."""
    if not data:
        raise ImportFileError(_("The file is empty. Choose the file with the register."))
    lower = file_name.lower()
    if data.startswith(OLD_EXCEL_MAGIC) or lower.endswith(".xls"):
        raise ImportFileError(
            _(
                "This is an Excel file of the old format (.xls). Open it in Excel and save "
                "it as an Excel workbook (.xlsx) or as CSV, then choose that file."
            )
        )
    if data.startswith(XLSX_MAGIC) or lower.endswith(".xlsx"):
        lines = _xlsx_lines(data)
    elif lower.endswith((".csv", ".txt", ".tsv")) or "." not in lower:
        lines = _csv_lines(data)
    else:
        raise ImportFileError(_("The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."))
    return _table(lines)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_unreadable())
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(_unreadable()) from None


def _unreadable() -> str:
    return _(
        "The file could not be read. Save it from the spreadsheet program as CSV (UTF-8 or "
        "semicolon-separated) or as an Excel workbook (.xlsx) and choose it again."
    )


def separator(first_line: str) -> str:
    """The separator the header row uses most, outside quotes: ``;``, ``,`` or tab."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {sep: outside.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ";"


def _csv_lines(data: bytes):
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(first_line))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise ImportFileError(_unreadable()) from None


def _xlsx_lines(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(_unreadable()) from error
    except Exception as error:  # openpyxl raises its own kinds for damaged workbooks
        raise ImportFileError(_unreadable()) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _table(lines) -> Table:
    headers: list[str] | None = None
    rows: list[list] = []
    for number, cells in lines:
        cells = [
            " ".join(str(cell).split()) if len(cell) < 300 else str(cell).strip() for cell in cells
        ]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            while headers and not headers[-1]:
                headers.pop()
            if len(headers) > MAX_COLUMNS:
                raise ImportFileError(
                    _("The file has more than %(count)d columns.") % {"count": MAX_COLUMNS}
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)s rows: split it into smaller files.")
                % {"count": MAX_ROWS}
            )
        while cells and not cells[-1]:
            cells.pop()
        rows.append([number, [cell[:MAX_CELL_LENGTH] for cell in cells[: MAX_COLUMNS + 1]]])
    if headers is None:
        raise ImportFileError(_("The file is empty. Choose the file with the register."))
    if not automatic_mapping(headers) and _looks_like_data(headers):
        raise ImportFileError(
            _(
                "The first row of the file looks like an organisation, not like headings. "
                "Add a header row that names the columns (for example Namn, "
                "Organisationsnummer, E-post) and choose the file again."
            )
        )
    if not rows:
        raise ImportFileError(_("The file has a header row but no organisations under it."))
    return Table(headers=headers, rows=rows)


def _looks_like_data(cells: list[str]) -> bool:
    for cell in cells:
        if (
            "@" in cell
            or re.fullmatch(r"\d{6}-?\d{4}", cell)
            or re.fullmatch(r"\d{3} ?\d{2}", cell)
        ):
            return True
    return False


# --- Resolving names and codes -------------------------------------------------------------


# SCB's own names of the legal forms (plural), as registers exported from SCB's lists
# write them; the register's reference data has the singular.
SCB_NAMES = {
    "21": ("Enkla bolag",),
    "31": ("Handelsbolag, kommanditbolag", "Handelsbolag", "Kommanditbolag"),
    "49": ("Övriga aktiebolag", "Aktiebolag"),
    "51": ("Ekonomiska föreningar",),
    "53": ("Bostadsrättsföreningar",),
    "54": ("Kooperativa hyresrättsföreningar",),
    "61": ("Ideella föreningar",),
    "62": ("Samfällighetsföreningar",),
    "63": ("Registrerade trossamfund",),
    "71": ("Familjestiftelser",),
    "72": ("Övriga stiftelser och fonder", "Stiftelse"),
}


class Lookups:
    """Reference data by every name and code a spreadsheet may use, read once."""

    def __init__(self) -> None:
        self.legal_forms: dict[str, str] = {}
        for form in LegalForm.objects.all():
            keys = (form.code, form.code.lstrip("0") or "0", form.name_sv, form.name_en)
            for key in (*keys, *SCB_NAMES.get(form.code, ())):
                self.legal_forms.setdefault(fold(key), form.code)
        self.municipalities: dict[str, str] = {}
        self.municipality_names: dict[str, str] = {}
        for code, name in Municipality.objects.values_list("code", "name"):
            self.municipality_names[code] = name
            for key in (code, code.lstrip("0"), name, f"{name} kommun", f"{name}s kommun"):
                self.municipalities.setdefault(fold(key), code)
        self.kinds: dict[str, str] = {}
        for value, label in Organisation.Kind.choices:
            self.kinds[fold(value)] = value
            for language in ("sv", "en"):
                with translation.override(language):
                    self.kinds.setdefault(fold(str(label)), value)
        # Plurals and short forms officers use in their own lists.
        for word, value in (
            ("förening", "association"),
            ("ideell förening", "association"),
            ("ideella föreningar", "association"),
            ("föreningar", "association"),
            ("socialt företag", "social_enterprise"),
            ("sociala företag", "social_enterprise"),
            ("kooperativ", "cooperative"),
            ("stiftelse", "foundation"),
            ("stiftelser", "foundation"),
        ):
            self.kinds.setdefault(fold(word), value)


# --- The plan ---------------------------------------------------------------------------


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"
    ALL = (CREATE, UPDATE, UNCHANGED, REFUSED)


@dataclass
class RowOutcome:
    line: int
    action: str
    name: str = ""
    org_number: str = ""
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    pk: int | None = None
    # What the plan would write (not kept in the job): the entry, and its fields changed.
    instance: Organisation | None = field(default=None, repr=False)

    def as_json(self) -> dict:
        return {
            "line": self.line,
            "action": self.action,
            "name": self.name,
            "org_number": self.org_number,
            "reasons": self.reasons,
            "changes": self.changes,
            "pk": self.pk,
        }


@dataclass
class Plan:
    outcomes: list[RowOutcome]
    creates: list[Organisation]
    updates: dict[int, tuple[Organisation, set[str]]]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Action.ALL, 0)
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        return counts

    @property
    def refused(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.action == Action.REFUSED]


@dataclass
class ImportSettings:
    """What the officer chose for the whole file."""

    municipality_id: str
    publish: bool = True
    # Municipalities rows may name (None: any, for an administrator).
    allowed_municipalities: frozenset[str] | None = None
    default_legal_form: str = ""
    default_kind: str = ""


def allowed_municipalities(user) -> frozenset[str] | None:
    if access.is_administrator(user):
        return None
    return access.officer_municipality_codes(user)


Progress = Callable[[int], None]


class _Row:
    """One row's values parsed to Python, with the reasons it cannot be imported."""

    def __init__(self, values: dict[str, str]):
        self.raw = values
        self.values: dict = {}
        self.reasons: list[str] = []

    def refuse(self, field_name: str | None, message) -> None:
        if field_name:
            label = next(f.label for f in FIELDS if f.name == field_name)
            self.reasons.append(f"{label}: {message}")
        else:
            self.reasons.append(str(message))


def _parse(values: dict[str, str], lookups: Lookups) -> _Row:
    row = _Row(values)
    for name, text in values.items():
        if not text:
            continue
        if name == "org_number":
            try:
                row.values[name] = orgnr.normalise_org_number(text)
            except ValidationError as error:
                row.refuse(name, " ".join(error.messages))
        elif name == "legal_form":
            code = lookups.legal_forms.get(fold(text))
            if code is None:
                row.refuse(
                    name,
                    _("“%(value)s” is not a legal form: give SCB's code (61) or its name.")
                    % {"value": text},
                )
            else:
                row.values["legal_form_id"] = code
        elif name == "kind":
            kind = lookups.kinds.get(fold(text))
            if kind is None:
                row.refuse(
                    name,
                    _("“%(value)s” is not a kind: write one of %(kinds)s.")
                    % {
                        "value": text,
                        "kinds": ", ".join(str(label) for label in Organisation.Kind.labels),
                    },
                )
            else:
                row.values[name] = kind
        elif name == "home_municipality":
            code = lookups.municipalities.get(fold(text))
            if code is None:
                row.refuse(
                    name,
                    _(
                        "“%(value)s” is not a Swedish municipality: give its name or its "
                        "four-digit code."
                    )
                    % {"value": text},
                )
            else:
                row.values["home_municipality_id"] = code
        elif name in INTEGERS:
            digits = re.sub(r"\s", "", text)
            if not digits.isdigit() or len(digits) > 9:
                row.refuse(name, _("Write a whole number, for example 1998."))
            else:
                row.values[name] = int(digits)
        elif name in BOOLEANS:
            word = fold(text)
            if word in YES:
                row.values[name] = True
            elif word in NO:
                row.values[name] = False
            else:
                row.refuse(name, _("Write ja or nej."))
        elif name == "postal_code":
            try:
                row.values[name] = Organisation._meta.get_field(name).to_python(text)
            except ValidationError as error:
                row.refuse(name, " ".join(error.messages))
        elif name == "alternate_names":
            row.values[name] = "\n".join(part.strip() for part in text.split(";") if part.strip())
        else:
            row.values[name] = text
    if not values.get("name"):
        row.refuse(None, _("The row has no name."))
    return row


def _fill_defaults(row: _Row, settings: ImportSettings, *, new: bool) -> None:
    if not new:
        return
    row.values.setdefault("home_municipality_id", settings.municipality_id)
    if settings.default_legal_form:
        row.values.setdefault("legal_form_id", settings.default_legal_form)
    if settings.default_kind:
        row.values.setdefault("kind", settings.default_kind)
    if "legal_form_id" not in row.values and not row.raw.get("legal_form"):
        row.refuse("legal_form", _("Missing: give the legal form, or choose one for all rows."))
    if "kind" not in row.values and not row.raw.get("kind"):
        row.refuse("kind", _("Missing: give the kind, or choose one for all rows."))


def _model_field(values_key: str) -> str:
    return values_key.removesuffix("_id")


def _validate(row: _Row, organisation: Organisation) -> None:
    """The register's own rules on the row's values, as ``full_clean`` would check them,
    without its queries: foreign keys come from the lookups, uniqueness from the plan."""
    names = {_model_field(key) for key in row.values}
    exclude = [f.name for f in Organisation._meta.concrete_fields if f.name not in names]
    exclude += list(FOREIGN_KEYS)
    try:
        organisation.clean_fields(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                row.refuse(name if name in FIELD_NAMES else None, message)
    if row.reasons:
        return
    try:
        organisation.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                row.refuse(name if name in FIELD_NAMES else None, message)


def _values(cells: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """The mapped cells by field."""
    values = {}
    for column, name in mapping.items():
        index = int(column)
        values[name] = cells[index] if index < len(cells) else ""
    return values


def plan_import(
    *,
    headers: list[str],
    rows: list[list],
    mapping: dict[str, str],
    settings: ImportSettings,
    lock: bool = False,
    progress: Progress | None = None,
) -> Plan:
    """What importing ``rows`` would do, row by row; writes nothing (see the module)."""
    lookups = Lookups()
    mapping = {column: name for column, name in mapping.items() if name in FIELD_NAMES}
    parsed = []
    for index, (line, cells) in enumerate(rows, start=1):
        cells = [str(cell) for cell in cells]
        row = _parse(_values(cells, mapping), lookups)
        if any(cells[len(headers) :]):
            row.refuse(None, _("The row has more cells than the header row has columns."))
        parsed.append((line, row))
        # Reading the rows is the first half of the work, matching them the second.
        if progress and index % PROGRESS_EVERY == 0:
            progress(index // 2)

    existing = _existing(parsed, lock=lock)
    scope = _scope(existing, settings)
    outcomes: list[RowOutcome] = []
    creates: list[Organisation] = []
    updates: dict[int, tuple[Organisation, set[str]]] = {}
    seen_numbers: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    seen_pks: dict[int, int] = {}
    for index, (line, row) in enumerate(parsed, start=1):
        outcome = _plan_row(
            line, row, existing, scope, settings, seen_numbers, seen_names, seen_pks
        )
        if outcome.action == Action.CREATE:
            creates.append(outcome.instance)
        elif outcome.action == Action.UPDATE:
            updates[outcome.pk] = (outcome.instance, set(outcome.changes))
        outcomes.append(outcome)
        if progress and index % PROGRESS_EVERY == 0:
            progress(len(rows) // 2 + index // 2)
    if progress:
        progress(len(rows))
    return Plan(outcomes=outcomes, creates=creates, updates=updates)


@dataclass
class _Existing:
    by_number: dict[str, Organisation]
    by_name: dict[tuple[str, str], list[Organisation]]


def _existing(parsed, *, lock: bool) -> _Existing:
    numbers = {row.values["org_number"] for _, row in parsed if "org_number" in row.values}
    names = {row.raw["name"] for _, row in parsed if row.raw.get("name")}
    queryset = Organisation.objects.all()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    by_number: dict[str, Organisation] = {}
    by_name: dict[tuple[str, str], list[Organisation]] = {}
    found: dict[int, Organisation] = {}
    number_list, name_list = sorted(numbers), sorted(names)
    for start in range(0, max(len(number_list), len(name_list)), 5000):
        for organisation in queryset.filter(org_number__in=number_list[start : start + 5000]):
            found[organisation.pk] = organisation
        for organisation in queryset.filter(name__in=name_list[start : start + 5000]):
            found.setdefault(organisation.pk, organisation)
    for organisation in found.values():
        if organisation.org_number:
            by_number[organisation.org_number] = organisation
        by_name.setdefault((organisation.name, organisation.home_municipality_id), []).append(
            organisation
        )
    return _Existing(by_number=by_number, by_name=by_name)


def _scope(existing: _Existing, settings: ImportSettings) -> set[int] | None:
    """The pks of the found entries the importer may change (None: all)."""
    codes = settings.allowed_municipalities
    if codes is None:
        return None
    pks = {o.pk for o in existing.by_number.values()} | {
        o.pk for group in existing.by_name.values() for o in group
    }
    through = Organisation.municipalities.through.objects
    operating = set(
        through.filter(organisation_id__in=pks, municipality_id__in=codes).values_list(
            "organisation_id", flat=True
        )
    )
    homes = {
        o.pk
        for o in [*existing.by_number.values(), *(o for g in existing.by_name.values() for o in g)]
        if o.home_municipality_id in codes
    }
    return operating | homes


def _plan_row(line, row, existing, scope, settings, seen_numbers, seen_names, seen_pks):
    name = row.raw.get("name", "")
    number = row.values.get("org_number")
    outcome = RowOutcome(line=line, action=Action.REFUSED, name=name, org_number=number or "")
    # Which entry the row is, if the register has it.
    match = existing.by_number.get(number) if number else None
    if match is None and name:
        home = row.values.get("home_municipality_id", settings.municipality_id)
        candidates = existing.by_name.get((name, home), [])
        without_number = [o for o in candidates if not o.org_number]
        # A row with a number that the register lacks may only be an entry without one;
        # a row without a number is the one entry without one when the name is shared.
        if number or (len(candidates) > 1 and len(without_number) == 1):
            candidates = without_number
        if len(candidates) > 1:
            row.refuse(
                None,
                _(
                    "The register has several entries with this name in the municipality: "
                    "give the organisation number to say which."
                ),
            )
        elif candidates:
            match = candidates[0]
    # The file repeating itself.
    if number and number in seen_numbers:
        row.refuse(
            "org_number",
            _("The same organisation number as on row %(line)s.") % {"line": seen_numbers[number]},
        )
    home_key = (name, row.values.get("home_municipality_id", settings.municipality_id))
    if not number and name and home_key in seen_names:
        row.refuse(
            None,
            _(
                "The same name and municipality as on row %(line)s, without an organisation "
                "number to tell them apart."
            )
            % {"line": seen_names[home_key]},
        )
    if match is not None and match.pk in seen_pks:
        row.refuse(
            None,
            _("Row %(line)s is the same entry of the register.") % {"line": seen_pks[match.pk]},
        )
    if number:
        seen_numbers.setdefault(number, line)
    elif name:
        seen_names.setdefault(home_key, line)
    if match is not None:
        seen_pks.setdefault(match.pk, line)
        outcome.pk = match.pk
        if scope is not None and match.pk not in scope:
            row.refuse(
                None,
                _(
                    "%(name)s is in the register already, in a municipality you do not work "
                    "for: you cannot change it."
                )
                % {"name": match.name},
            )
    _fill_defaults(row, settings, new=match is None)
    home = row.values.get("home_municipality_id")
    codes = settings.allowed_municipalities
    if home and codes is not None and home not in codes:
        row.refuse(
            "home_municipality",
            _("You import only into the municipalities you work for."),
        )
    if row.reasons:
        outcome.reasons = row.reasons
        return outcome

    if match is None:
        organisation = Organisation(
            publication_state=(
                Organisation.PublicationState.PUBLISHED
                if settings.publish
                else Organisation.PublicationState.DRAFT
            ),
            **row.values,
        )
        _validate(row, organisation)
        outcome.action = Action.CREATE
    else:
        organisation = match
        changed = []
        for key, value in row.values.items():
            if getattr(organisation, key) != value:
                setattr(organisation, key, value)
                changed.append(_model_field(key))
        _validate(row, organisation)
        outcome.action = Action.UPDATE if changed else Action.UNCHANGED
        outcome.changes = changed
    if row.reasons:
        outcome.action = Action.REFUSED
        outcome.reasons = row.reasons
        outcome.changes = []
        return outcome
    outcome.org_number = organisation.org_number or ""
    outcome.instance = organisation
    return outcome


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
