"""The dry run: every row checked by the register's own rules and matched against the
register (``plan_import``); nothing is written."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from registry import access, orgnr
from registry.imports.fields import (
    BOOLEANS,
    FIELD_NAMES,
    FIELDS,
    FOREIGN_KEYS,
    INTEGERS,
    NO,
    YES,
    fold,
)
from registry.models import LegalForm, Municipality, Organisation

BATCH_SIZE = 1000
PROGRESS_EVERY = 500

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
