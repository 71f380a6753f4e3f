"""The demo register: believable Swedish social-economy organisations, generated.

``DemoRegister(seed=…).generate(n)`` yields unsaved organisations with the rows that hang
on them (activity areas, global goals, municipalities, offer categories, contact
persons), from the words in ``demo/data/organisations.toml``.

- Deterministic: the same seed gives the same organisations in the same order, and the
  first N of a larger run are the N of a smaller one. Dates are relative to the day of
  the run (created, last verified, ceased).
- Every home municipality can occur; Motala (0583) and Lekeberg (1814), whose documents
  the product is built on, each get one organisation in twenty.

Writing them is ``demo.register``'s job.
"""

import csv
import datetime
import functools
import math
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from demo.texts import DATA, load
from registry import orgnr
from registry.models import (
    ActivityArea,
    ContactPerson,
    GlobalGoal,
    Municipality,
    OfferCategory,
    Organisation,
)

DEFAULT_SEED = 20150831  # the day Motala adopted its policy for the social economy
MOTALA = "0583"
LEKEBERG = "1814"

Kind = Organisation.Kind
State = Organisation.PublicationState

# Demo positions lie within this many kilometres of the municipality's seat, each way: in
# the central town, never past the municipality's edge (the smallest, Sundbyberg and
# Vaxholm, are a few kilometres across).
SEAT_SPREAD_KM = 0.6
KM_PER_DEGREE = 111.2  # of latitude


@functools.cache
def municipality_seats() -> dict[str, tuple[float, float]]:
    """Each municipality's seat (centralort) as (latitude, longitude), by its code. Each
    lies inside its municipality's outline with room for the demo's spread around it
    (``tests/demo/test_positions.py`` checks it against the municipality map's
    boundaries); seats on a coast or by a border are given inland of the town."""
    with (DATA / "municipality_seats.csv").open(encoding="utf-8", newline="") as file:
        return {
            row["code"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(file)
        }


@dataclass(frozen=True)
class Profile:
    """One kind of organisation: how it is named, what it does and writes."""

    names: tuple[str, ...]
    areas: tuple[str, ...]
    goals: tuple[int, ...]
    presentations: tuple[str, ...]
    activities: tuple[str, ...]
    offers: str = ""
    offer_categories: tuple[str, ...] = ()
    club_short_names: bool = False


@dataclass(frozen=True)
class KindTexts:
    """What the data file says about one kind of organisation."""

    weight: int
    legal_forms: tuple[tuple[str, ...], tuple[int, ...]]
    founded: tuple[int, int]  # earliest year, most common year
    roles: tuple[str, ...]
    general: tuple[str, ...]
    forening_sentences: tuple[str, ...]
    profiles: tuple[tuple[Profile, ...], tuple[int, ...]]


@dataclass(frozen=True)
class PlaceFacts:
    postal_prefixes: tuple[str, ...]
    area_code: str


@dataclass(frozen=True)
class Words:
    """``demo/data/organisations.toml``, in the shapes the generator uses."""

    featured_every: int
    forening_share: float
    big_cities: dict[str, int]
    words: tuple[str, ...]
    village_starts: tuple[str, ...]
    village_ends: tuple[str, ...]
    clubs: tuple[str, ...]
    buildings: tuple[str, ...]
    closings: tuple[str, ...]
    club_acronyms: dict[str, str]
    kinds: dict[str, KindTexts]
    org_number_prefixes: dict[str, tuple[str, ...]]
    name_suffixes: dict[str, tuple[str, ...]]
    counties: dict[str, PlaceFacts]
    municipalities: dict[str, PlaceFacts]

    @classmethod
    def load(cls) -> "Words":
        data = load("organisations")
        profiles = {
            key: Profile(
                names=tuple(p["names"]),
                areas=tuple(p["areas"]),
                goals=tuple(p["goals"]),
                presentations=tuple(p["presentations"]),
                activities=tuple(p["activities"]),
                offers=p.get("offers", ""),
                offer_categories=tuple(p.get("offer_categories", ())),
                club_short_names=p.get("club_short_names", False),
            )
            for key, p in data["profiles"].items()
        }
        kinds = {
            kind: KindTexts(
                weight=k["weight"],
                legal_forms=(tuple(k["legal_forms"]), tuple(k["legal_forms"].values())),
                founded=(k["founded"]["earliest"], k["founded"]["mode"]),
                roles=tuple(k["roles"]),
                general=tuple(k["general"]),
                forening_sentences=tuple(k["forening_sentences"]),
                profiles=(
                    tuple(profiles[key] for key in k["profiles"]),
                    tuple(k["profiles"].values()),
                ),
            )
            for kind, k in data["kinds"].items()
        }
        forms = data["legal_forms"]

        def places(table: dict) -> dict[str, PlaceFacts]:
            return {
                code: PlaceFacts(tuple(p["postal_prefixes"]), p["area_code"])
                for code, p in table.items()
            }

        return cls(
            featured_every=data["featured_every"],
            forening_share=data["forening_share"],
            big_cities=data["big_cities"],
            words=tuple(data["words"]),
            village_starts=tuple(data["village_starts"]),
            village_ends=tuple(data["village_ends"]),
            clubs=tuple(data["clubs"]),
            buildings=tuple(data["buildings"]),
            closings=tuple(data["closings"]),
            club_acronyms=data["club_acronyms"],
            kinds=kinds,
            org_number_prefixes={
                code: tuple(f["org_number_prefixes"])
                for code, f in forms.items()
                if "org_number_prefixes" in f
            },
            name_suffixes={
                code: tuple(f["name_suffixes"]) for code, f in forms.items() if "name_suffixes" in f
            },
            counties=places(data["counties"]),
            municipalities=places(data["municipalities"]),
        )


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    county: str


@dataclass(frozen=True)
class Reference:
    """The reference data the generator picks from, read once."""

    places: tuple[Place, ...]
    area_ids: dict[str, int]
    goal_ids: tuple[int, ...]
    offer_category_ids: dict[str, int]

    @classmethod
    def load(cls) -> "Reference":
        places = tuple(
            Place(code, name, county)
            for code, name, county in Municipality.objects.order_by("code").values_list(
                "code", "name", "county_id"
            )
        )
        return cls(
            places=places,
            area_ids=dict(ActivityArea.objects.values_list("slug", "id")),
            goal_ids=tuple(GlobalGoal.objects.order_by("number").values_list("number", flat=True)),
            offer_category_ids=dict(OfferCategory.objects.values_list("slug", "id")),
        )

    @property
    def is_complete(self) -> bool:
        codes = {place.code for place in self.places}
        return {MOTALA, LEKEBERG} <= codes and bool(self.area_ids) and bool(self.goal_ids)


@dataclass
class DemoOrganisation:
    """An unsaved organisation and the rows that hang on it."""

    index: int
    organisation: Organisation
    area_ids: list[int]
    goal_ids: list[int]
    municipality_codes: list[str]
    offer_category_ids: list[int]
    contacts: list[ContactPerson] = field(default_factory=list)


@dataclass(frozen=True)
class People:
    """Names and streets drawn once from Faker (sv_SE), so generating stays fast."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]

    @classmethod
    def draw(cls, seed: int) -> "People":
        fake = Faker("sv_SE")
        fake.seed_instance(seed)
        return cls(
            first_names=tuple(fake.first_name() for _ in range(400)),
            last_names=tuple(fake.last_name() for _ in range(400)),
            streets=tuple(fake.street_name() for _ in range(400)),
        )


def genitive(name: str) -> str:
    """Swedish genitive: "Motala" → "Motalas", "Borås" → "Borås"."""
    return name if name[-1] in "sxzSXZ" else name + "s"


def acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


class DemoRegister:
    """Generates the demo organisations, the same sequence for the same seed."""

    def __init__(self, *, seed: int, reference: Reference, all_published: bool) -> None:
        self.words = Words.load()
        self.rng = random.Random(seed)
        self.reference = reference
        self.people = People.draw(seed)
        self.all_published = all_published
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.slug_counts: dict[str, int] = {}
        self.slugs: set[str] = set()
        self.org_numbers: set[str] = set()
        self.by_code = {place.code: place for place in reference.places}
        self.by_county: dict[str, list[Place]] = {}
        for place in reference.places:
            self.by_county.setdefault(place.county, []).append(place)
        self.others = [p for p in reference.places if p.code not in (MOTALA, LEKEBERG)]
        self.other_weights = [self.words.big_cities.get(p.code, 1) for p in self.others]
        self.kinds = tuple(self.words.kinds)
        self.kind_weights = tuple(k.weight for k in self.words.kinds.values())

    def generate(self, count: int) -> Iterator[DemoOrganisation]:
        for index in range(count):
            yield self.organisation(index)

    def organisation(self, index: int) -> DemoOrganisation:
        rng = self.rng
        kind = rng.choices(self.kinds, self.kind_weights)[0]
        texts = self.words.kinds[kind]
        profile = rng.choices(*texts.profiles)[0]
        legal_form = rng.choices(*texts.legal_forms)[0]
        home = self.home_municipality(index)
        place = home.name if rng.random() < 0.7 else self.village()
        name, alternate_names = self.name(profile, kind, legal_form, home=home, place=place)
        slug = self.unique_slug(name)
        founded_year = self.founded_year(kind)
        created_at = self.created_at(founded_year)
        organisation = Organisation(
            name=name,
            alternate_names=alternate_names,
            slug=slug,
            org_number=self.org_number(legal_form),
            legal_form_id=legal_form,
            kind=kind,
            work_integrating=kind == Kind.SOCIAL_ENTERPRISE and rng.random() < 0.85,
            home_municipality_id=home.code,
            founded_year=founded_year,
            created_at=created_at,
            publication_state=self.publication_state(),
            last_verified_on=self.last_verified_on(created_at),
            **self.texts(profile, kind, home=home, place=place, founded_year=founded_year),
            **self.contact_details(slug, home),
            **self.status(created_at),
        )
        self.add_staff(organisation)
        offer_category_ids = self.add_offers(organisation, profile)
        return DemoOrganisation(
            index=index,
            organisation=organisation,
            area_ids=self.area_ids(profile),
            goal_ids=self.goal_ids(profile),
            municipality_codes=self.operates_in(home),
            offer_category_ids=offer_category_ids,
            contacts=self.contacts(kind, slug),
        )

    # --- who and where ---------------------------------------------------------------

    def home_municipality(self, index: int) -> Place:
        every = self.words.featured_every
        if index % every == 0:
            return self.by_code[MOTALA]
        if index % every == 1:
            return self.by_code[LEKEBERG]
        return self.rng.choices(self.others, self.other_weights)[0]

    def operates_in(self, home: Place) -> list[str]:
        codes = [home.code]
        if self.rng.random() < 0.3:
            neighbours = [p.code for p in self.by_county[home.county] if p.code != home.code]
            extra = min(len(neighbours), self.rng.randint(1, 3))
            codes += self.rng.sample(neighbours, extra)
        return codes

    def village(self) -> str:
        return self.rng.choice(self.words.village_starts) + self.rng.choice(self.words.village_ends)

    def name(
        self, profile: Profile, kind: str, legal_form: str, *, home: Place, place: str
    ) -> tuple[str, str]:
        """The name and the alternate names (one per line)."""
        rng, words = self.rng, self.words
        club = rng.choice(words.clubs)
        values = {
            "plats": place,
            "platss": genitive(place),
            "ort": home.name,
            "ord": rng.choice(words.words),
            "klubb": club,
            "byggnad": rng.choice(words.buildings),
            "förnamn": rng.choice(self.people.first_names),
            "efternamn": rng.choice(self.people.last_names),
        }
        name = rng.choice(profile.names).format(**values)
        if kind in (Kind.SOCIAL_ENTERPRISE, Kind.COOPERATIVE):
            name += rng.choice(words.name_suffixes[legal_form])
        roll = rng.random()
        if profile.club_short_names and club in words.club_acronyms and roll < 0.6:
            return name, f"{place} {words.club_acronyms[club]}"
        short = acronym(name)
        if roll < 0.1 and len(short) >= 2:
            return name, short
        if roll < 0.15:
            return name, f"{place} {rng.choice(words.words)}"  # a former name
        return name, ""

    def unique_slug(self, name: str) -> str:
        """The name's slug, with -2, -3 … for the second, third … of the same name (the
        rule of ``registry.services.unique_slug``, applied to the generated names)."""
        base = slugify(name)[:200] or "organisation"
        slug, number = base, self.slug_counts.get(base, 1)
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slug_counts[base] = number
        self.slugs.add(slug)
        return slug

    def org_number(self, legal_form: str) -> str | None:
        """A new valid number in the legal form's group; none for "ej registrerad"."""
        prefixes = self.words.org_number_prefixes.get(legal_form)
        if not prefixes:
            return None
        while True:
            nine = self.rng.choice(prefixes) + "".join(self.rng.choices(string.digits, k=6))
            number = f"{nine[:6]}-{nine[6:]}{orgnr.luhn_check_digit(nine)}"
            if number not in self.org_numbers:
                self.org_numbers.add(number)
                return number

    # --- words ------------------------------------------------------------------------

    def texts(
        self, profile: Profile, kind: str, *, home: Place, place: str, founded_year: int
    ) -> dict[str, str]:
        rng, texts = self.rng, self.words.kinds[kind]
        values = {
            "ort": home.name,
            "plats": place,
            "år": str(founded_year),
            "medlemmar": str(rng.choice((40, 60, 80, 120, 150, 200, 300, 450, 800))),
        }
        sentences = rng.sample(profile.activities, 2)
        sentences.append(rng.choice(texts.general))
        if rng.random() < self.words.forening_share:
            sentences.append(rng.choice(texts.forening_sentences))
        if rng.random() < 0.5:
            sentences.append(rng.choice(self.words.closings))
        return {
            "presentation": rng.choice(profile.presentations).format(**values),
            "description": " ".join(sentences).format(**values),
        }

    def contact_details(self, slug: str, home: Place) -> dict[str, object]:
        rng = self.rng
        facts = self.place_facts(home)
        domain = slug[:60] + ".se"
        mailbox = rng.choice(("info", "kontakt", "styrelsen"))
        details: dict[str, object] = {
            "website": f"https://www.{domain}" if rng.random() < 0.6 else "",
            "email": f"{mailbox}@{domain}" if rng.random() < 0.6 else "",
            "phone": self.phone(facts.area_code) if rng.random() < 0.7 else "",
        }
        if rng.random() < 0.75:
            code = rng.choice(facts.postal_prefixes)
            code += "".join(rng.choices(string.digits, k=5 - len(code)))
            details["street_address"] = f"{rng.choice(self.people.streets)} {rng.randint(1, 60)}"
            details["postal_code"] = f"{code[:3]} {code[3:]}"
            details["city"] = home.name
        if rng.random() < 0.4:
            details["latitude"], details["longitude"] = self.position(home)
        return details

    def position(self, home: Place) -> tuple[Decimal, Decimal]:
        """A point within about SEAT_SPREAD_KM of the home municipality's seat (its
        central town, ``demo/data/municipality_seats.csv``): inside the municipality, in
        the town where most of its organisations are, not in the sea or the next county."""
        latitude, longitude = municipality_seats()[home.code]
        spread = SEAT_SPREAD_KM / KM_PER_DEGREE
        return (
            self.coordinate(latitude, spread),
            self.coordinate(longitude, spread / math.cos(math.radians(latitude))),
        )

    def place_facts(self, home: Place) -> PlaceFacts:
        return self.words.municipalities.get(home.code) or self.words.counties[home.county]

    def phone(self, area_code: str) -> str:
        """A landline in the area ("0141-22 33 44", "08-123 45 67") or a mobile number."""
        rng = self.rng
        if rng.random() < 0.4:
            return self.mobile()
        head = rng.randint(100, 999) if area_code == "08" else rng.randint(10, 99)
        return f"{area_code}-{head} {rng.randint(10, 99)} {rng.randint(10, 99)}"

    def mobile(self, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        series = f"07{rng.choice('0236')}"
        return f"{series}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"

    def coordinate(self, centre: float, spread: float) -> Decimal:
        return Decimal(f"{centre + self.rng.uniform(-spread, spread):.6f}")

    # --- numbers and dates ------------------------------------------------------------

    def founded_year(self, kind: str) -> int:
        earliest, mode = self.words.kinds[kind].founded
        return round(self.rng.triangular(earliest, self.today.year, mode))

    def created_at(self, founded_year: int) -> datetime.datetime:
        founded = datetime.date(founded_year, 1, 1)
        days = min(8 * 365, (self.today - founded).days)
        return self.now - datetime.timedelta(
            days=self.rng.randint(0, max(days, 0)), seconds=self.rng.randint(0, 86_399)
        )

    def last_verified_on(self, created_at: datetime.datetime) -> datetime.date | None:
        if self.rng.random() < 0.15:
            return None
        created = timezone.localdate(created_at)
        return created + datetime.timedelta(days=self.rng.randint(0, (self.today - created).days))

    def publication_state(self) -> str:
        states = (State.PUBLISHED, State.PENDING, State.DRAFT, State.HIDDEN)
        drawn = self.rng.choices(states, (90, 5, 3, 2))[0]  # drawn either way: same sequence
        return State.PUBLISHED if self.all_published else drawn

    def status(self, created_at: datetime.datetime) -> dict[str, object]:
        if self.rng.random() >= 0.03:
            return {"status": Organisation.Status.ACTIVE, "ceased_on": None}
        created = timezone.localdate(created_at)
        ceased_on = created + datetime.timedelta(
            days=self.rng.randint(0, (self.today - created).days)
        )
        return {"status": Organisation.Status.CEASED, "ceased_on": ceased_on}

    def add_staff(self, organisation: Organisation) -> None:
        rng = self.rng
        if organisation.kind == Kind.SOCIAL_ENTERPRISE:
            organisation.employees = rng.randint(2, 40)
            if organisation.work_integrating:
                organisation.people_in_work_integration = rng.randint(3, 60)
        elif rng.random() < {Kind.COOPERATIVE: 0.4, Kind.FOUNDATION: 0.3}.get(
            organisation.kind, 0.15
        ):
            organisation.employees = rng.randint(0, 25)

    def add_offers(self, organisation: Organisation, profile: Profile) -> list[int]:
        share = {Kind.SOCIAL_ENTERPRISE: 0.9, Kind.COOPERATIVE: 0.4}.get(organisation.kind, 0.05)
        if not profile.offers or self.rng.random() >= share:
            return []
        organisation.offers = profile.offers
        organisation.sells_to_public_sector = self.rng.random() < 0.6
        organisation.sells_to_business = self.rng.random() < 0.5
        slugs = self.rng.sample(
            profile.offer_categories, self.rng.randint(1, len(profile.offer_categories))
        )
        return [
            self.reference.offer_category_ids[slug]
            for slug in slugs
            if slug in self.reference.offer_category_ids
        ]

    # --- tags and people ---------------------------------------------------------------

    def area_ids(self, profile: Profile) -> list[int]:
        slugs = self.rng.sample(profile.areas, self.rng.randint(1, len(profile.areas)))
        return [self.reference.area_ids[slug] for slug in slugs if slug in self.reference.area_ids]

    def goal_ids(self, profile: Profile) -> list[int]:
        goals = set(self.rng.sample(profile.goals, self.rng.randint(1, len(profile.goals))))
        if self.rng.random() < 0.3:
            goals.add(self.rng.choice(self.reference.goal_ids))
        return sorted(goals & set(self.reference.goal_ids))

    def contacts(self, kind: str, slug: str) -> list[ContactPerson]:
        if self.rng.random() >= 0.3:
            return []
        return [self.contact(kind, slug) for _ in range(self.rng.randint(1, 2))]

    def contact(self, kind: str, slug: str, rng: random.Random | None = None) -> ContactPerson:
        rng = rng or self.rng
        first = rng.choice(self.people.first_names)
        last = rng.choice(self.people.last_names)
        basis = rng.choices(list(ContactPerson.LegalBasis), (70, 25, 5))[0]
        consented = basis == ContactPerson.LegalBasis.CONSENT
        consent_given_at = (
            self.now - datetime.timedelta(days=rng.randint(1, 1500)) if consented else None
        )
        return ContactPerson(
            name=f"{first} {last}",
            role=rng.choice(self.words.kinds[kind].roles),
            email=f"{slugify(first)}.{slugify(last)}@{slug[:60]}.se",
            phone=self.mobile(rng) if rng.random() < 0.5 else "",
            legal_basis=basis,
            consent_given_at=consent_given_at,
            show_publicly=consented and rng.random() < 0.7,
        )

    def submitter(self, item: DemoOrganisation, seed: int) -> ContactPerson:
        """Who registered the organisation: its first contact person or, for one the
        generator gave none, a person drawn from a generator of its own (so the
        register's sequence does not change)."""
        if item.contacts:
            return item.contacts[0]
        rng = random.Random(f"{seed}-submitter-{item.index}")
        organisation = item.organisation
        return self.contact(organisation.kind, organisation.slug, rng)
