"""Demo data for the effort log: units, believable efforts and follow-up notes.

``seed_partnerships_demo`` adds, for Motala (0583) and Lekeberg (1814):

- municipal units with generic names (departments, municipal companies, boards), one
  of which deliberately has no efforts, so the units' contribution page has something
  to point at (Motala's goal 7);
- believable efforts over several years with organisations from the register (those
  working in the municipality, as ``seed_demo`` makes them) and the goals they serve;
- Lekeberg's cooperation with a work-integrating social enterprise started in 2022
  (created if absent), with follow-up notes from 2022 to 2026.

``seed_bulk_efforts`` adds many efforts fast with ``bulk_create`` for the benchmark.

Deterministic and idempotent: every effort and note has an idempotency key derived from
its place in the demo (uuid5), so running again adds nothing. Demo rows are written
without a user; bulk rows bypass ``save()`` and have no history.
"""

import datetime
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    FollowUpNote,
    LogVersion,
    MunicipalUnit,
    PolicyGoal,
)
from registry import orgnr
from registry.models import LegalForm, Municipality, Organisation

NAMESPACE = uuid.UUID("0b1f4bde-6d55-4c2a-9a55-5ea1c0a5e083")
MOTALA = "0583"
LEKEBERG = "1814"
DEFAULT_SEED = 20220101

Kind = Effort.Kind
Status = Effort.Status
Role = EffortOrganisation.Role
Unit = MunicipalUnit.Kind

UNITS = {
    MOTALA: [
        ("Kommunledningsförvaltningen", Unit.DEPARTMENT),
        ("Socialförvaltningen", Unit.DEPARTMENT),
        ("Vård- och omsorgsförvaltningen", Unit.DEPARTMENT),
        ("Utbildningsförvaltningen", Unit.DEPARTMENT),
        ("Samhällsbyggnadsförvaltningen", Unit.DEPARTMENT),
        ("Kultur- och fritidsförvaltningen", Unit.DEPARTMENT),
        ("Arbetsmarknadsförvaltningen", Unit.DEPARTMENT),
        ("Kommunalt bostadsbolag", Unit.COMPANY),
        ("Kommunalt energi- och vattenbolag", Unit.COMPANY),
        ("Kommunstyrelsen", Unit.BOARD),
        ("Socialnämnden", Unit.BOARD),
    ],
    LEKEBERG: [
        ("Kommunstyrelseförvaltningen", Unit.DEPARTMENT),
        ("Bildningsförvaltningen", Unit.DEPARTMENT),
        ("Vård- och omsorgsförvaltningen", Unit.DEPARTMENT),
        ("Samhällsbyggnadsförvaltningen", Unit.DEPARTMENT),
        ("Kommunalt bostadsbolag", Unit.COMPANY),
        ("Kommunstyrelsen", Unit.BOARD),
        ("Socialnämnden", Unit.BOARD),
    ],
}

# The social enterprise Lekeberg's initiative asks about: fictional, clearly demo data.
ENTERPRISE_SLUG = "fjugesta-aterbruk"


def key(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


def ensure_units() -> dict[tuple[str, str], MunicipalUnit]:
    units = {}
    for code, rows in UNITS.items():
        for name, kind in rows:
            unit, _ = MunicipalUnit.objects.get_or_create(
                municipality_id=code, name=name, defaults={"kind": kind}
            )
            units[(code, name)] = unit
    return units


def ensure_enterprise() -> Organisation:
    """The work-integrating social enterprise in Lekeberg started in 2022."""
    existing = Organisation.objects.filter(slug=ENTERPRISE_SLUG).first()
    if existing:
        return existing
    nine = "769641230"
    number = nine + str(orgnr.luhn_check_digit(nine))
    organisation = Organisation(
        name="Fjugesta Återbruk ekonomisk förening",
        slug=ENTERPRISE_SLUG,
        org_number=f"{number[:6]}-{number[6:]}",
        legal_form=LegalForm.objects.get(code="51"),
        kind=Organisation.Kind.SOCIAL_ENTERPRISE,
        work_integrating=True,
        home_municipality_id=LEKEBERG,
        presentation=(
            "Ett arbetsintegrerande socialt företag i Fjugesta som driver återbruksbutik, "
            "enklare snickeri och cykelservice."
        ),
        description=(
            "Föreningen startade 2022 för att ge personer som står långt från "
            "arbetsmarknaden ett meningsfullt arbete. Vinsten återinvesteras i verksamheten."
            "\n\nMedlemmarna arbetar i butiken, i verkstaden och med hämtning av möbler."
        ),
        founded_year=2022,
        city="Fjugesta",
        postal_code="716 31",
        employees=4,
        people_in_work_integration=7,
        offers="Återbruksbutik, upprustning av möbler, cykelservice och enklare snickeri.",
        sells_to_public_sector=True,
        sells_to_business=True,
        publication_state=Organisation.PublicationState.PUBLISHED,
        last_verified_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    organisation.full_clean()
    organisation.save()
    organisation.municipalities.set([LEKEBERG])
    return organisation


@dataclass
class Note:
    date: datetime.date
    kind: str
    text: str


@dataclass
class DemoEffort:
    slug: str
    title: str
    kind: str
    unit: str
    start: datetime.date
    end: datetime.date | None
    status: str
    organisations: list[tuple[Organisation, str]]
    goals: list[tuple[str, str]]  # (goal code, note)
    awarded: int = 0
    paid: int = 0
    applied: int = 0
    in_kind: int = 0
    purpose: str = ""
    description: str = ""
    decision: tuple[str, str, datetime.date | None] = ("", "", None)
    outcomes: tuple[int | None, int | None, int | None] = (None, None, None)
    outcome_notes: str = ""
    public: bool = True
    notes: tuple[Note, ...] = ()


def _date(year: int, month: int, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


def lekeberg_efforts(enterprise: Organisation, others: list[Organisation]) -> list[DemoEffort]:
    partner = others[0] if others else enterprise
    return [
        DemoEffort(
            slug="lekeberg-startstod-2022",
            title="Startstöd och rådgivning till Fjugesta Återbruk",
            kind=Kind.ADVICE,
            unit="Kommunstyrelseförvaltningen",
            start=_date(2022, 3, 1),
            end=_date(2022, 12, 31),
            status=Status.COMPLETED,
            organisations=[(enterprise, Role.RECIPIENT)],
            goals=[
                ("RÖ1", "Rådgivning om finansiering och affärsplan till ett nytt socialt företag.")
            ],
            in_kind=45000,
            purpose="Hjälpa ett nytt arbetsintegrerande socialt företag att komma i gång.",
            description=(
                "Näringslivsutvecklaren gav rådgivning om föreningsform, affärsplan, "
                "finansiering och kontakter med Arbetsförmedlingen."
            ),
            outcomes=(None, None, 1),
            notes=(
                Note(
                    _date(2022, 3, 15),
                    FollowUpNote.Kind.MEETING,
                    "Startmöte med föreningens styrelse om affärsplan och finansiering.",
                ),
                Note(
                    _date(2022, 6, 2),
                    FollowUpNote.Kind.MEETING,
                    "Genomgång av budget och kontakter med Arbetsförmedlingen.",
                ),
                Note(
                    _date(2022, 12, 14),
                    FollowUpNote.Kind.REVIEW,
                    "Startstödet avslutat. Föreningen är registrerad och har öppnat butiken.",
                ),
            ),
        ),
        DemoEffort(
            slug="lekeberg-lokal-2022",
            title="Lokal för återbruksbutik i Fjugesta",
            kind=Kind.PREMISES,
            unit="Kommunalt bostadsbolag",
            start=_date(2022, 9, 1),
            end=None,
            status=Status.ONGOING,
            organisations=[(enterprise, Role.RECIPIENT)],
            goals=[("RÖ1", "Lokal till reducerad hyra under uppstartsåren.")],
            in_kind=96000,
            purpose="Ge företaget en lokal för butik och verkstad till rimlig kostnad.",
            notes=(
                Note(
                    _date(2022, 8, 20),
                    FollowUpNote.Kind.DECISION,
                    "Hyresavtal tecknat med reducerad hyra de första tre åren.",
                ),
                Note(
                    _date(2025, 8, 28),
                    FollowUpNote.Kind.REVIEW,
                    "Hyresnivån ses över inför att rabatten upphör.",
                ),
            ),
        ),
        DemoEffort(
            slug="lekeberg-arbetstraning-2023",
            title="Arbetsträningsplatser hos Fjugesta Återbruk",
            kind=Kind.WORK_TRAINING,
            unit="Bildningsförvaltningen",
            start=_date(2023, 1, 15),
            end=_date(2023, 12, 31),
            status=Status.COMPLETED,
            organisations=[(enterprise, Role.PROVIDER)],
            goals=[("RÖ1", "Köper arbetsträning av ett socialt företag.")],
            applied=420000,
            awarded=420000,
            paid=385000,
            decision=("Bildningsnämnden", "BIN 2022/118", _date(2022, 12, 6)),
            outcomes=(6, 9, None),
            outcome_notes="Två deltagare gick vidare till anställning, en till studier.",
            notes=(
                Note(
                    _date(2023, 2, 10),
                    FollowUpNote.Kind.MEETING,
                    "Uppföljning med handledare: fyra deltagare i gång.",
                ),
                Note(
                    _date(2023, 6, 30),
                    FollowUpNote.Kind.PAYMENT,
                    "Första halvårets ersättning utbetald.",
                ),
                Note(
                    _date(2023, 12, 12),
                    FollowUpNote.Kind.REVIEW,
                    "Årsuppföljning: sex personer i arbetsträning, två till anställning.",
                ),
            ),
        ),
        DemoEffort(
            slug="lekeberg-iop-2024",
            title="IOP om återbruk och arbetsträning 2024\u20132026",
            kind=Kind.IOP,
            unit="Kommunstyrelseförvaltningen",
            start=_date(2024, 1, 1),
            end=_date(2026, 12, 31),
            status=Status.ONGOING,
            organisations=[(enterprise, Role.PARTNER), (partner, Role.PARTNER)],
            goals=[("RÖ1", "Långsiktigt partnerskap med ett socialt företag.")],
            applied=900000,
            awarded=900000,
            paid=600000,
            decision=("Kommunstyrelsen", "KS 2023/412", _date(2023, 11, 28)),
            purpose=(
                "Ett idéburet offentligt partnerskap om arbetsträning och återbruk med "
                "långsiktiga och förutsebara villkor."
            ),
            outcomes=(8, 14, None),
            notes=(
                Note(
                    _date(2023, 11, 28),
                    FollowUpNote.Kind.DECISION,
                    "Kommunstyrelsen beslutade om partnerskapet.",
                ),
                Note(
                    _date(2024, 6, 18),
                    FollowUpNote.Kind.MEETING,
                    "Partnerskapsdialog: gemensam målbild och uppföljning.",
                ),
                Note(_date(2025, 1, 31), FollowUpNote.Kind.PAYMENT, "Utbetalning för 2025."),
                Note(
                    _date(2025, 12, 10),
                    FollowUpNote.Kind.REVIEW,
                    "Årsuppföljning 2025: åtta i arbetsträning, nya kundgrupper via företag.",
                ),
                Note(
                    _date(2026, 3, 17),
                    FollowUpNote.Kind.MEETING,
                    "Dialog om fortsättning efter 2026.",
                ),
            ),
        ),
        DemoEffort(
            slug="lekeberg-marknadsforing-2025",
            title="Marknadsföring av återbruksbutiken",
            kind=Kind.MARKETING,
            unit="Kommunstyrelseförvaltningen",
            start=_date(2025, 4, 1),
            end=_date(2025, 10, 31),
            status=Status.COMPLETED,
            organisations=[(enterprise, Role.RECIPIENT)],
            goals=[("RÖ1", "Hjälp att marknadsföra produkter och nå nya kundgrupper.")],
            awarded=25000,
            paid=25000,
            decision=("Kommunstyrelseförvaltningen (delegation)", "KS 2025/77", _date(2025, 3, 18)),
        ),
    ]


MOTALA_PATTERNS = [
    # (title, kind, unit, goals, amount range in kSEK, role, notes text)
    (
        "Föreningsbidrag till {org}",
        Kind.GRANT,
        "Kultur- och fritidsförvaltningen",
        [
            ("M1", "Stöd till en mångfald av aktörer."),
            ("M6", "Bidrag enligt samma regler för alla."),
        ],
        (20, 150),
        Role.RECIPIENT,
    ),
    (
        "IOP om mötesplats med {org}",
        Kind.IOP,
        "Socialförvaltningen",
        [
            ("M3", "Partnerskap med en viktig aktör."),
            ("M6", "Partnerskapet respekterar föreningens självständighet."),
        ],
        (300, 1200),
        Role.PARTNER,
    ),
    (
        "Reserverad upphandling av lokalvård",
        Kind.PROCUREMENT,
        "Samhällsbyggnadsförvaltningen",
        [
            ("M4", "Uppdrag som låter sociala företag växa."),
            ("M7", "Förvaltningen bidrar inom sitt område."),
        ],
        (400, 1500),
        Role.PROVIDER,
    ),
    (
        "Upphandling med sociala hänsyn: cykelservice",
        Kind.PROCUREMENT,
        "Kommunalt bostadsbolag",
        [("M4", "Sociala företag kan lämna anbud."), ("M7", "Bolaget bidrar inom sitt område.")],
        (150, 600),
        Role.PROVIDER,
    ),
    (
        "Lokal till {org}",
        Kind.PREMISES,
        "Kommunalt bostadsbolag",
        [("M1", "Lokal för verksamhet i ett bostadsområde.")],
        (0, 0),
        Role.RECIPIENT,
    ),
    (
        "Startstöd och rådgivning till {org}",
        Kind.ADVICE,
        "Kommunledningsförvaltningen",
        [("M4", "Rådgivning till ett socialt företag i uppstart.")],
        (0, 50),
        Role.RECIPIENT,
    ),
    (
        "Styrelseutbildning för föreningar {year}",
        Kind.COMPETENCE,
        "Kultur- och fritidsförvaltningen",
        [("M2", "Stärker föreningarnas kompetens.")],
        (30, 120),
        Role.PARTNER,
    ),
    (
        "Social ekonomi-dagen {year}",
        Kind.MARKETING,
        "Kommunledningsförvaltningen",
        [
            ("M2", "Synliggör den sociala ekonomin internt och externt."),
            ("M5", "Möten med näringslivet."),
        ],
        (20, 80),
        Role.PARTNER,
    ),
    (
        "Arbetsträningsplatser hos {org}",
        Kind.WORK_TRAINING,
        "Arbetsmarknadsförvaltningen",
        [
            ("M4", "Köper arbetsträning av ett arbetsintegrerande socialt företag."),
            ("M7", "Förvaltningen bidrar inom sitt område."),
        ],
        (200, 900),
        Role.PROVIDER,
    ),
    (
        "Nätverksträffar för sociala företag och näringsliv {year}",
        Kind.NETWORKING,
        "Kommunledningsförvaltningen",
        [
            ("M5", "Relationer mellan sociala företag och näringsliv."),
            ("M3", "Samarbete med viktiga aktörer."),
        ],
        (10, 60),
        Role.PARTNER,
    ),
    (
        "Daglig verksamhet i samverkan med {org}",
        Kind.WORK_TRAINING,
        "Vård- och omsorgsförvaltningen",
        [("M7", "Förvaltningen bidrar inom sitt område.")],
        (150, 700),
        Role.PROVIDER,
    ),
    (
        "Läxhjälp i samverkan med {org}",
        Kind.IOP,
        "Utbildningsförvaltningen",
        [("M3", "Samarbete med civilsamhället i skolan.")],
        (80, 300),
        Role.PARTNER,
    ),
]


def motala_efforts(organisations: list[Organisation], rng: random.Random) -> list[DemoEffort]:
    today = timezone.localdate()
    efforts = []
    if not organisations:
        return efforts
    number = 0
    for year in range(2016, today.year + 1):
        for _ in range(4):
            title, kind, unit, goals, (low, high), role = MOTALA_PATTERNS[
                number % len(MOTALA_PATTERNS)
            ]
            organisation = organisations[(number * 7 + year) % len(organisations)]
            start = _date(year, rng.randint(1, 12), rng.randint(1, 28))
            if start > today:
                start = _date(year, 1, rng.randint(1, 28))
            length = rng.choice([90, 180, 365, 730, None])
            end = start + datetime.timedelta(days=length) if length else None
            if end and end < today:
                status = Status.COMPLETED if rng.random() > 0.08 else Status.CANCELLED
            elif start > today:
                status = Status.PLANNED
            else:
                status = Status.ONGOING
            awarded = rng.randint(low, high) * 1000 if high else 0
            paid = awarded if status == Status.COMPLETED else awarded * rng.randint(0, 10) // 10
            if status == Status.CANCELLED:
                paid = 0
            extra = []
            if kind in (Kind.IOP, Kind.NETWORKING) and len(organisations) > 1:
                other = organisations[(number * 11 + 3) % len(organisations)]
                if other.pk != organisation.pk:
                    extra = [(other, Role.PARTNER)]
            people = rng.randint(2, 12) if kind == Kind.WORK_TRAINING else None
            participants = (
                rng.randint(10, 200)
                if kind in (Kind.COMPETENCE, Kind.MARKETING, Kind.NETWORKING)
                else None
            )
            new_enterprises = rng.randint(0, 2) if kind == Kind.ADVICE else None
            notes = []
            if rng.random() < 0.6:
                notes.append(
                    Note(
                        start + datetime.timedelta(days=14),
                        FollowUpNote.Kind.MEETING,
                        "Startmöte med organisationen om mål och uppföljning.",
                    )
                )
            if status == Status.COMPLETED and end:
                notes.append(
                    Note(
                        end,
                        FollowUpNote.Kind.REVIEW,
                        "Slutuppföljning: insatsen genomförd enligt plan.",
                    )
                )
            efforts.append(
                DemoEffort(
                    slug=f"motala-{year}-{number}",
                    title=title.format(org=organisation.name, year=year),
                    kind=kind,
                    unit=unit,
                    start=start,
                    end=end,
                    status=status,
                    organisations=[(organisation, role), *extra],
                    goals=goals,
                    applied=awarded,
                    awarded=awarded,
                    paid=paid,
                    in_kind=rng.randint(20, 200) * 1000 if kind == Kind.PREMISES else 0,
                    decision=(
                        ("Socialnämnden" if unit == "Socialförvaltningen" else "Kommunstyrelsen"),
                        f"KS {start.year}/{100 + number}",
                        start - datetime.timedelta(days=30),
                    )
                    if awarded >= 100000
                    else ("", "", None),
                    outcomes=(people, participants, new_enterprises),
                    public=rng.random() < 0.8,
                    notes=tuple(n for n in notes if n.date <= today),
                )
            )
            number += 1
    return efforts


def _working_in(code: str) -> list[Organisation]:
    operates = Organisation.municipalities.through.objects.filter(
        organisation_id=OuterRef("pk"), municipality_id=code
    )
    return list(
        Organisation.objects.filter(
            Q(home_municipality_id=code) | Exists(operates),
            publication_state=Organisation.PublicationState.PUBLISHED,
        ).order_by("id")[:40]
    )


@dataclass
class DemoResult:
    units: int
    efforts: int
    notes: int


def _save(demo: DemoEffort, units, goals: dict[str, PolicyGoal]) -> tuple[int, int]:
    effort_key = key("effort", demo.slug)
    created_efforts = created_notes = 0
    effort = Effort.objects.filter(idempotency_key=effort_key).first()
    if effort is None:
        diary_body, diary_number, decision_date = demo.decision
        effort = Effort(
            title=demo.title[:200],
            kind=demo.kind,
            status=demo.status,
            responsible_unit=units[demo.unit],
            start_date=demo.start,
            end_date=demo.end,
            amount_applied=Decimal(demo.applied),
            amount_awarded=Decimal(demo.awarded),
            amount_paid=Decimal(demo.paid),
            in_kind_value=Decimal(demo.in_kind),
            decision_body=diary_body,
            decision_diary_number=diary_number,
            decision_date=decision_date,
            purpose=demo.purpose,
            description=demo.description,
            work_training_people=demo.outcomes[0],
            participants=demo.outcomes[1],
            new_enterprises=demo.outcomes[2],
            outcome_notes=demo.outcome_notes,
            is_public=demo.public,
            idempotency_key=effort_key,
        )
        effort.full_clean()
        effort.save()
        seen = set()
        for organisation, role in demo.organisations:
            if organisation.pk not in seen:
                EffortOrganisation.objects.create(
                    effort=effort, organisation=organisation, role=role
                )
                seen.add(organisation.pk)
        from partnerships.services import goal_errors

        wanted = [goals[code] for code, _note in demo.goals if code in goals]
        allowed = {g.pk for g in wanted} - {
            int(k.removeprefix("goal_")) for k in goal_errors(effort, wanted)
        }
        for code, note in demo.goals:
            goal = goals.get(code)
            if goal is not None and goal.pk in allowed:
                EffortGoal.objects.create(effort=effort, goal=goal, note=note)
        created_efforts = 1
    for number, note in enumerate(demo.notes):
        note_key = key("note", demo.slug, number)
        if not FollowUpNote.objects.filter(idempotency_key=note_key).exists():
            FollowUpNote.objects.create(
                effort=effort,
                date=note.date,
                kind=note.kind,
                text=note.text,
                idempotency_key=note_key,
            )
            created_notes += 1
    return created_efforts, created_notes


def seed_partnerships_demo(*, seed: int = DEFAULT_SEED) -> DemoResult:
    """Units and believable efforts for Motala and Lekeberg. Idempotent."""
    if not Municipality.objects.filter(code__in=[MOTALA, LEKEBERG]).count() == 2:
        raise LookupError("Reference data is missing: run migrate first.")
    rng = random.Random(seed)
    units_before = MunicipalUnit.objects.count()
    created_efforts = created_notes = 0
    with transaction.atomic():
        all_units = ensure_units()
        goals = {g.code: g for g in PolicyGoal.objects.select_related("document")}
        enterprise = ensure_enterprise()
        lekeberg_orgs = [o for o in _working_in(LEKEBERG) if o.pk != enterprise.pk]
        motala_orgs = _working_in(MOTALA)
        plan = [(demo, LEKEBERG) for demo in lekeberg_efforts(enterprise, lekeberg_orgs)] + [
            (demo, MOTALA) for demo in motala_efforts(motala_orgs, rng)
        ]
        for demo, code in plan:
            units = {name: unit for (c, name), unit in all_units.items() if c == code}
            efforts, notes = _save(demo, units, goals)
            created_efforts += efforts
            created_notes += notes
    return DemoResult(
        units=MunicipalUnit.objects.count() - units_before,
        efforts=created_efforts,
        notes=created_notes,
    )


# --- Bulk efforts for the benchmark ----------------------------------------------------------

BULK_TITLES = [
    "Föreningsbidrag", "Verksamhetsbidrag", "IOP om mötesplats", "IOP om läxhjälp",
    "Reserverad upphandling", "Upphandling med sociala hänsyn", "Lokal", "Startstöd",
    "Kompetensutveckling", "Marknadsföring", "Arbetsträningsplatser", "Nätverksträffar",
]  # fmt: skip


Progress = Callable[[int, int, int], None]


def seed_bulk_efforts(
    *,
    count: int,
    years: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> int:
    """Make sure the first ``count`` bulk efforts of ``seed`` exist; return how many were
    added. Spread over the last ``years`` years in Motala and Lekeberg units, each with
    one to three organisations and the goals that apply to it."""
    units_by_code: dict[str, list[MunicipalUnit]] = {}
    for (code, _name), unit in ensure_units().items():
        units_by_code.setdefault(code, []).append(unit)
    motala_goals = list(PolicyGoal.objects.filter(document__municipality_id=MOTALA))
    region_goals = list(PolicyGoal.objects.filter(document__county_id="18"))
    organisations = list(
        Organisation.objects.filter(
            publication_state=Organisation.PublicationState.PUBLISHED
        ).values_list("pk", flat=True)[:20000]
    )
    if not organisations:
        raise LookupError("The register is empty: run seed_demo first.")
    today = timezone.localdate()
    first_year = today.year - years + 1
    kinds = Kind.values
    added = 0
    for start_index in range(0, count, batch_size):
        indexes = range(start_index, min(start_index + batch_size, count))
        keys = {i: key("bulk", seed, i) for i in indexes}
        existing = set(
            Effort.objects.filter(idempotency_key__in=keys.values()).values_list(
                "idempotency_key", flat=True
            )
        )
        efforts, plans = [], []
        for i in indexes:
            if keys[i] in existing:
                continue
            rng = random.Random(f"{seed}-{i}")
            code = MOTALA if rng.random() < 0.8 else LEKEBERG
            year = rng.randint(first_year, today.year)
            start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            if start > today:
                start = datetime.date(year, 1, rng.randint(1, min(28, today.day)))
            length = rng.choice([None, 90, 180, 365, 365, 730])
            end = start + datetime.timedelta(days=length) if length else None
            status = (
                Status.COMPLETED
                if end and end < today
                else (Status.ONGOING if rng.random() < 0.9 else Status.PLANNED)
            )
            awarded = Decimal(rng.randint(0, 400) * 2500)
            paid = awarded if status == Status.COMPLETED else (awarded * rng.randint(0, 10) / 10)
            kind = rng.choice(kinds)
            efforts.append(
                Effort(
                    title=f"{BULK_TITLES[kinds.index(kind) % len(BULK_TITLES)]} {year} nr {i}",
                    kind=kind,
                    status=status,
                    responsible_unit=rng.choice(units_by_code[code]),
                    start_date=start,
                    end_date=end,
                    amount_applied=awarded,
                    amount_awarded=awarded,
                    amount_paid=paid.quantize(Decimal("0.01")),
                    in_kind_value=Decimal(rng.randint(0, 20) * 1000),
                    work_training_people=rng.randint(0, 8) if kind == Kind.WORK_TRAINING else None,
                    participants=rng.randint(0, 100) if rng.random() < 0.3 else None,
                    new_enterprises=rng.randint(0, 2) if kind == Kind.ADVICE else None,
                    is_public=rng.random() < 0.7,
                    idempotency_key=keys[i],
                )
            )
            if code == MOTALA:
                goals = rng.sample(motala_goals, rng.randint(1, 3)) if motala_goals else []
            else:
                in_force = datetime.date(2022, 1, 1) <= start <= datetime.date(2025, 12, 31)
                goals = region_goals if in_force else []
            orgs = rng.sample(organisations, min(len(organisations), rng.randint(1, 3)))
            roles = [rng.choice(Role.values) for _ in orgs]
            plans.append((goals, list(zip(orgs, roles, strict=True))))
        if efforts:
            with transaction.atomic():
                Effort.objects.bulk_create(efforts)
                EffortGoal.objects.bulk_create(
                    EffortGoal(effort_id=effort.pk, goal_id=goal.pk)
                    for effort, (goals, _orgs) in zip(efforts, plans, strict=True)
                    for goal in goals
                )
                EffortOrganisation.objects.bulk_create(
                    EffortOrganisation(effort_id=effort.pk, organisation_id=org, role=role)
                    for effort, (_goals, orgs) in zip(efforts, plans, strict=True)
                    for org, role in orgs
                )
        added += len(efforts)
        if progress:
            progress(min(start_index + batch_size, count), count, added)
    if added:
        LogVersion.bump()  # bulk_create sends no signals
        analyze()
    return added


def analyze() -> None:
    tables = [m._meta.db_table for m in (Effort, EffortGoal, EffortOrganisation, FollowUpNote)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
