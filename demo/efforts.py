"""The demo effort log, planned: what Motala and Lekeberg did with the social economy.

``Planner(...).plan()`` returns unsaved efforts (``EffortPlan``) with their organisations,
goals and follow-up notes, from ``demo/data/partnerships.toml``:

- Lekeberg's cooperation with the social enterprise started in 2022, as written there;
- Motala's and Lekeberg's other efforts, drawn from patterns: a number a year that
  follows the municipality's activity (and chance), amounts from skewed (log-normal)
  distributions, multi-year IOPs and contracts paid year by year or month by month,
  statuses by the dates, the same associations' operating grants every year.

Deterministic: each effort has a slug, and everything about it is drawn from a generator
seeded with the seed and the slug, so the plan does not shift when the register grows.
Writing the plan is ``demo.partnerships``'s job.
"""

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from demo.texts import load
from partnerships.models import Effort, FollowUpNote
from registry.models import Organisation

MOTALA = "0583"
LEKEBERG = "1814"
NAMES = {MOTALA: "motala", LEKEBERG: "lekeberg"}
PLANNED_AHEAD = datetime.timedelta(days=90)  # the current year's efforts start by then

Status = Effort.Status
NoteKind = FollowUpNote.Kind
OrgKind = Organisation.Kind


@dataclass(frozen=True)
class NotePlan:
    date: datetime.date
    kind: str
    text: str


@dataclass
class EffortPlan:
    slug: str
    municipality: str
    unit: str
    fields: dict  # effort fields for ``effort_log``, without the unit
    organisations: list[tuple[Organisation, str]]  # (organisation, role)
    goals: list[tuple[str, str]]  # (goal code, how the effort serves it)
    notes: list[NotePlan] = field(default_factory=list)
    # dated payments; when they do not add up to fields["amount_paid"], the demo spreads
    # that total over the years instead (demo.payments.spread)
    payments: list[tuple[datetime.date, Decimal]] = field(default_factory=list)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end``."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day))


class Planner:
    """Plans the demo efforts of Motala and Lekeberg for one seed and one day."""

    def __init__(
        self,
        *,
        seed: int,
        today: datetime.date,
        enterprise: Organisation,
        organisations: dict[str, list[Organisation]],
    ) -> None:
        self.seed = seed
        self.today = today
        self.enterprise = enterprise
        self.organisations = organisations  # municipality code → those working there, by id
        self.data = load("partnerships")
        self.notes = self.data["notes"]

    def plan(self) -> list[EffortPlan]:
        return [
            *self.lekeberg_story(),
            *self.generated(LEKEBERG),
            *self.annual(MOTALA),
            *self.generated(MOTALA),
        ]

    def rng(self, *parts) -> random.Random:
        return random.Random("/".join(str(part) for part in (self.seed, *parts)))

    # --- Lekeberg's story ----------------------------------------------------------------

    def lekeberg_story(self) -> list[EffortPlan]:
        plans = []
        for story in self.data["lekeberg"]["story"]:
            start, end = story["start"], story.get("end")
            awarded = Decimal(story.get("awarded", 0))
            payments = [(day, Decimal(amount)) for day, amount in story.get("payments", [])]
            paid = sum((amount for day, amount in payments if day <= self.today), Decimal(0))
            if "monthly" in story:
                elapsed = months_between(start, min(self.today, end or self.today))
                paid = min(awarded, Decimal(story["monthly"]) * elapsed)
            body, number, decided = story.get("decision", ("", "", None))
            # Payments are dated rows of their own (shown in the timeline and the reports):
            # a follow-up note for each would show every payment twice.
            notes = [NotePlan(day, kind, text) for day, kind, text in story.get("notes", [])]
            plans.append(
                EffortPlan(
                    slug=story["slug"],
                    municipality=LEKEBERG,
                    unit=story["unit"],
                    fields={
                        "title": story["title"],
                        "kind": story["kind"],
                        "status": self.status(start, end),
                        "start_date": start,
                        "end_date": end,
                        "amount_applied": Decimal(story.get("applied", 0)),
                        "amount_awarded": awarded,
                        "amount_paid": paid,
                        "in_kind_value": Decimal(story.get("in_kind", 0)),
                        "decision_body": body,
                        "decision_diary_number": number,
                        "decision_date": decided,
                        "purpose": story.get("purpose", ""),
                        "description": story.get("description", ""),
                        "work_training_people": story.get("work_training_people"),
                        "participants": story.get("participants"),
                        "new_enterprises": story.get("new_enterprises"),
                        "outcome_notes": story.get("outcome_notes", ""),
                        "is_public": True,
                    },
                    organisations=self.story_organisations(story["organisations"]),
                    goals=[tuple(goal) for goal in story.get("goals", [])],
                    notes=self.until_today(notes),
                    payments=[(day, amount) for day, amount in payments if day <= self.today],
                )
            )
        return plans

    def story_organisations(self, wanted: list[list[str]]) -> list[tuple[Organisation, str]]:
        others = [o for o in self.organisations[LEKEBERG] if o.pk != self.enterprise.pk]
        links = []
        for who, role in wanted:
            if who == "enterprise":
                links.append((self.enterprise, role))
                continue
            of_kind = [o for o in others if o.kind == who]
            if of_kind:
                links.append((of_kind[0], role))
        return links

    # --- Drawn from patterns ---------------------------------------------------------------

    def years(self, table: dict) -> range:
        return range(table["first_year"], self.today.year + 1)

    def per_year(self, code: str, year: int) -> int:
        counts = self.data[NAMES[code]]["per_year"]
        base = counts.get(str(year), counts[max(counts, key=int)])
        return round(base * self.rng(NAMES[code], "count", year).uniform(0.7, 1.3))

    def generated(self, code: str) -> list[EffortPlan]:
        table = self.data[NAMES[code]]
        patterns = table["patterns"]
        weights = [pattern["weight"] for pattern in patterns]
        plans = []
        for year in self.years(table):
            for number in range(self.per_year(code, year)):
                slug = f"{NAMES[code]}-{year}-{number:02}"
                rng = self.rng(slug)
                pattern = rng.choices(patterns, weights)[0]
                plan = self.from_pattern(code, slug, year, pattern, rng, table["public_share"])
                if plan:
                    plans.append(plan)
        return plans

    def from_pattern(
        self, code: str, slug: str, year: int, pattern: dict, rng: random.Random, public: float
    ) -> EffortPlan | None:
        spec = pattern["organisations"]
        organisations = self.pick(code, spec, rng)
        if not organisations:
            return None
        start, end, years = self.period(pattern, year, rng)
        status = self.status(start, end, rng)
        awarded = self.amount(pattern.get("amount"), rng) * years
        in_kind = self.amount(pattern.get("in_kind"), rng) * years
        low, high = pattern.get("applied", (0, 0))
        applied = self.rounded(awarded * Decimal(rng.uniform(low, high)), pattern.get("amount"))
        paid, payments = self.paid(pattern["paid"], awarded, years, start, end, status, rng)
        repaid = pattern["paid"] == "start" and paid < awarded
        unit = rng.choice(pattern["units"])
        body, number, decided = self.decision(pattern, unit, awarded + in_kind, start, rng)
        names = {
            "org": organisations[0].name,
            "year": year,
            "years": f"{start.year}\u2013{end.year}" if end and end.year > start.year else year,
        }
        goals = [tuple(pattern["goals"][0])] if pattern["goals"] else []
        goals += [tuple(goal) for goal in pattern["goals"][1:] if rng.random() < 0.5]
        fields = {
            "title": self.title(pattern["titles"], organisations[0], rng).format(**names)[:200],
            "kind": pattern["kind"],
            "status": status,
            "start_date": start,
            "end_date": end,
            "amount_applied": max(applied, awarded) if applied else Decimal(0),
            "amount_awarded": awarded,
            "amount_paid": paid,
            "in_kind_value": in_kind,
            "decision_body": body,
            "decision_diary_number": number,
            "decision_date": decided,
            "is_public": rng.random() < public,
            **self.outcomes(pattern.get("outcome", {}), status, rng),
        }
        notes = self.follow_up(fields, years, rng, repaid=repaid)
        roles = [spec["role"]] + ["partner"] * (len(organisations) - 1)
        return EffortPlan(
            slug=slug,
            municipality=code,
            unit=unit,
            fields=fields,
            organisations=list(zip(organisations, roles, strict=True)),
            goals=goals,
            notes=self.until_today(notes),
            payments=payments,
        )

    @staticmethod
    def title(titles: list, organisation: Organisation, rng: random.Random) -> str:
        """A title for what the organisation does: one naming any of its activity areas,
        or one for anyone."""
        areas = {area.slug for area in organisation.activity_areas.all()}
        fitting = [t[0] for t in titles if not isinstance(t, str) and areas & set(t[1:])]
        return rng.choice(fitting or [t for t in titles if isinstance(t, str)])

    def pick(self, code: str, spec: dict, rng: random.Random) -> list[Organisation]:
        """Organisations working in the municipality, of the kinds preferred when there
        are any (the work-integrating first among social enterprises)."""
        everyone = self.organisations[code]
        preferred = [o for o in everyone if o.kind in spec["kinds"]] if spec["kinds"] else []
        if OrgKind.SOCIAL_ENTERPRISE in spec["kinds"]:
            preferred.sort(key=lambda o: not o.work_integrating)
            preferred = preferred[: max(3, len(preferred) // 2)]
        candidates = preferred or everyone
        low, high = spec.get("count", (1, 1))
        count = min(len(candidates), rng.randint(low, high))
        return rng.sample(candidates, count)

    def period(
        self, pattern: dict, year: int, rng: random.Random
    ) -> tuple[datetime.date, datetime.date | None, int]:
        """Start, end (``None``: no set end) and the number of years money is counted for."""
        length = pattern.get("length", "year")
        years = 1
        if length == "year":
            start = datetime.date(year, rng.randint(1, 9), 1)
            end = datetime.date(year, 12, 31)
        elif "years" in length:
            years = rng.choice(length["years"])
            month = 1 if rng.random() < 0.7 else rng.randint(2, 12)
            start = datetime.date(year, month, 1)
            end = add_months(start, 12 * years) - datetime.timedelta(days=1)
        else:
            start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            end = add_months(start, rng.choice(length["months"])) - datetime.timedelta(days=1)
        latest = min(self.today + PLANNED_AHEAD, datetime.date(year, 12, 31))
        if start > latest:
            january = datetime.date(year, 1, 1)
            moved = january + datetime.timedelta(days=rng.randint(0, (latest - january).days))
            start, end = moved, end - (start - moved)
        if rng.random() < pattern.get("open_share", 0):
            end = None
        return start, end, years

    def status(
        self, start: datetime.date, end: datetime.date | None, rng: random.Random | None = None
    ) -> str:
        if start > self.today:
            return Status.PLANNED
        if end and end < self.today:
            if rng and rng.random() < 0.04:
                return Status.CANCELLED
            return Status.COMPLETED
        return Status.ONGOING

    @staticmethod
    def rounded(value: Decimal | float, spec: dict | None) -> Decimal:
        step = Decimal((spec or {}).get("round", 1))
        return (Decimal(value) / step).quantize(Decimal(1)) * step

    def amount(self, spec: dict | None, rng: random.Random) -> Decimal:
        """A log-normal draw, rounded: most near the median, a long tail of large ones."""
        if not spec:
            return Decimal(0)
        drawn = rng.random() < spec.get("share", 1)
        value = spec["median"] * math.exp(spec["spread"] * rng.gauss(0, 1))
        return max(self.rounded(value, spec), Decimal(spec["round"])) if drawn else Decimal(0)

    def paid(
        self,
        how: str,
        awarded: Decimal,
        years: int,
        start: datetime.date,
        end: datetime.date | None,
        status: str,
        rng: random.Random,
    ) -> tuple[Decimal, list[tuple[datetime.date, Decimal]]]:
        """Paid out by today, and the yearly payments."""
        if status == Status.PLANNED or not awarded:
            return Decimal(0), []
        if status == Status.CANCELLED:
            return self.rounded(awarded * Decimal(rng.uniform(0, 0.5)), {"round": 100}), []
        if how == "yearly":
            share = (awarded / years).quantize(Decimal("0.01"))
            days = [start] + [datetime.date(start.year + n, 1, 31) for n in range(1, years)]
            payments = [(day, share) for day in days if day <= self.today]
            return min(awarded, share * len(payments)), payments
        if how == "monthly":
            after = end + datetime.timedelta(days=1) if end else add_months(start, 12 * years)
            total = months_between(start, after)
            done = months_between(start, min(self.today, after))
            used = Decimal(rng.uniform(0.85, 1.0)) if status == Status.COMPLETED else Decimal(1)
            share = Decimal(min(done, total)) / Decimal(max(total, 1)) * used
            return (awarded * share).quantize(Decimal("0.01")), []
        if how == "end":
            if status != Status.COMPLETED:
                return Decimal(0), []
            return (awarded * Decimal(rng.uniform(0.9, 1.0))).quantize(Decimal(1)), []
        if status == Status.COMPLETED and rng.random() < 0.08:  # partly paid back
            return self.rounded(awarded * Decimal(rng.uniform(0.6, 0.95)), {"round": 100}), []
        return awarded, []

    def decision(
        self, pattern: dict, unit: str, value: Decimal, start: datetime.date, rng: random.Random
    ) -> tuple[str, str, datetime.date | None]:
        spec = pattern.get("decision")
        if not value or (spec is None and rng.random() < 0.4):
            return "", "", None
        decided = start - datetime.timedelta(days=rng.randint(10, 60))
        if spec and "month" in spec:
            decided = datetime.date(start.year, spec["month"], rng.randint(5, 28))
            decided = min(decided, start)
        series = spec["series"] if spec else "KS"
        number = f"{series} {decided.year}/{rng.randint(12, 480)}"
        if spec and value >= spec.get("from", 0):
            return spec["body"], number, decided
        return f"{unit} (delegation)", number, decided

    def outcomes(self, spec: dict, status: str, rng: random.Random) -> dict:
        if status == Status.PLANNED:
            return {}
        names = {
            "work_training": "work_training_people",
            "participants": "participants",
            "new_enterprises": "new_enterprises",
        }
        return {names[name]: rng.randint(*span) for name, span in spec.items() if span is not None}

    # --- Follow-up notes ---------------------------------------------------------------------

    def follow_up(
        self,
        fields: dict,
        years: int,
        rng: random.Random,
        *,
        repaid: bool = False,
    ) -> list[NotePlan]:
        texts = self.notes
        start, end, status = fields["start_date"], fields["end_date"], fields["status"]
        notes = []
        if fields["decision_date"] and rng.random() < 0.6:
            text = rng.choice(texts["decision"]).format(
                body=fields["decision_body"], number=fields["decision_diary_number"]
            )
            notes.append(NotePlan(fields["decision_date"], NoteKind.DECISION, text))
        if rng.random() < 0.6:
            day = start + datetime.timedelta(days=rng.randint(7, 30))
            notes.append(NotePlan(day, NoteKind.MEETING, rng.choice(texts["start"])))
        for n in range(years - 1):
            day = datetime.date(start.year + n, 12, rng.randint(1, 15))
            text = rng.choice(texts["yearly_review"]).format(year=day.year)
            notes.append(NotePlan(day, NoteKind.REVIEW, text))
        if status == Status.COMPLETED and end:
            reviews = texts["review"]
            text = reviews[-1] if repaid and rng.random() < 0.5 else rng.choice(reviews[:-1])
            day = end + datetime.timedelta(days=rng.randint(0, 25))
            notes.append(NotePlan(day, NoteKind.REVIEW, text))
        if status == Status.CANCELLED:
            last = min(end or self.today, self.today)
            day = start + datetime.timedelta(days=rng.randint(0, max(0, (last - start).days)))
            notes.append(NotePlan(day, NoteKind.OTHER, rng.choice(texts["cancelled"])))
        return notes

    def until_today(self, notes: list[NotePlan]) -> list[NotePlan]:
        return sorted((n for n in notes if n.date <= self.today), key=lambda n: n.date)

    # --- Every year --------------------------------------------------------------------------

    def annual(self, code: str) -> list[EffortPlan]:
        table = self.data[NAMES[code]]
        plans = []
        for spec in table.get("annual", []):
            for year in range(spec["since"], self.today.year + 1):
                if "per_organisation" in spec:
                    for organisation in self.regulars(code, spec):
                        slug = f"{NAMES[code]}-{spec['slug']}-{year}-{organisation.slug}"
                        plans.append(self.yearly(code, slug, spec, year, [organisation]))
                else:
                    slug = f"{NAMES[code]}-{spec['slug']}-{year}"
                    organisations = self.pick(code, spec["organisations"], self.rng(slug))
                    if organisations:
                        plans.append(self.yearly(code, slug, spec, year, organisations))
        return plans

    def regulars(self, code: str, spec: dict) -> list[Organisation]:
        kinds = spec["organisations"]["kinds"]
        return [o for o in self.organisations[code] if o.kind in kinds][: spec["per_organisation"]]

    def yearly(
        self, code: str, slug: str, spec: dict, year: int, organisations: list[Organisation]
    ) -> EffortPlan:
        rng = self.rng(slug)
        if "per_organisation" in spec:  # the organisation keeps its level from year to year
            level = self.amount(spec["amount"], self.rng(spec["slug"], organisations[0].slug))
            growth = Decimal(1.025 ** (year - spec["since"]) * rng.uniform(0.92, 1.08))
            awarded = self.rounded(level * growth, spec["amount"])
        else:
            awarded = self.amount(spec["amount"], rng)
        start = datetime.date(year, spec["start_month"], rng.randint(1, 20))
        end = datetime.date(year, 12, 31) if spec["kind"] == Effort.Kind.GRANT else start
        status = self.status(start, end)
        how = "start" if spec["kind"] == Effort.Kind.GRANT else "end"
        paid, payments = self.paid(how, awarded, 1, start, end, status, rng)
        body, number, decided = self.decision(spec, spec["unit"], awarded, start, rng)
        fields = {
            "title": spec["title"].format(org=organisations[0].name, year=year)[:200],
            "kind": spec["kind"],
            "status": status,
            "start_date": start,
            "end_date": end,
            "amount_applied": awarded,
            "amount_awarded": awarded,
            "amount_paid": paid,
            "in_kind_value": Decimal(0),
            "decision_body": body,
            "decision_diary_number": number,
            "decision_date": decided,
            "is_public": True,
            **self.outcomes({"participants": spec.get("participants")}, status, rng),
        }
        role = spec["organisations"]["role"]
        return EffortPlan(
            slug=slug,
            municipality=code,
            unit=spec["unit"],
            fields=fields,
            organisations=[(o, role if i == 0 else "partner") for i, o in enumerate(organisations)],
            goals=[tuple(goal) for goal in spec["goals"]],
            notes=self.until_today(self.follow_up(fields, 1, rng)),
            payments=payments,
        )
