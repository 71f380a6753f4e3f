"""The directory's relevance set: realistic entries, and queries as Swedish users type them
with the organisations that must be on the first page of results.

``bench/directory.py`` reports the share of these queries that pass beside its timings;
``tests/registry/test_relevance.py`` requires all of them.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str = "association"
    legal_form: str = "61"
    home: str = "0583"  # Motala
    operates: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    presentation: str = ""
    org_number: str | None = None
    work_integrating: bool = False
    ceased: bool = False


ENTRIES = [
    Entry(
        "Arboga Hembygdsförening",
        home="1984",
        areas=("culture",),
        presentation="Vi vårdar bygdens historia och driver hembygdsgården.",
    ),
    Entry(
        "Hembygdsföreningen Gamla Linköping",
        home="0580",
        areas=("culture",),
        presentation="Levande historia i gamla stadskvarter.",
    ),
    Entry(
        "Arbetskooperativet Vägen Ut",
        kind="cooperative",
        legal_form="51",
        home="1480",
        work_integrating=True,
        areas=("employment",),
        presentation="Arbete och gemenskap för människor som står långt från arbetsmarknaden.",
    ),
    Entry(
        "Kooperativet Omtanke",
        kind="cooperative",
        legal_form="51",
        home="1880",
        areas=("care",),
        offers=("care-services",),
        presentation="Personlig assistans drivet av brukarna själva.",
    ),
    Entry(
        "Kulturstiftelsen Ljuset",
        kind="foundation",
        legal_form="72",
        home="0180",
        areas=("culture",),
        presentation="Delar ut stipendier till unga konstnärer.",
    ),
    Entry(
        "Ängelholms Återbruk",
        kind="social_enterprise",
        legal_form="51",
        home="1292",
        work_integrating=True,
        areas=("reuse",),
        offers=("second-hand",),
        presentation="Second hand-butik med arbetsträning.",
    ),
    Entry(
        "Returen i Fjugesta",
        kind="social_enterprise",
        legal_form="51",
        home="1814",
        work_integrating=True,
        areas=("reuse", "employment"),
        offers=("second-hand",),
        presentation="Vi tar emot möbler och kläder och ger dem ett nytt liv.",
        org_number="769641-2308",
    ),
    Entry(
        "Motala Idrottsförening",
        areas=("sport",),
        presentation="Fotboll, friidrott och skidor för alla åldrar.",
    ),
    Entry("Motala Simidrottsförening", areas=("sport",), presentation="Simskola och tävling."),
    Entry(
        "Idrottsföreningen Motala Ungdom",
        areas=("sport", "children-youth"),
        presentation="Idrott för barn och unga.",
    ),
    Entry(
        "Motala Idrottsförenings Veteraner",
        areas=("sport", "older-people"),
        presentation="Motion för seniorer.",
    ),
    Entry(
        "Motala Idrottsförening 1920",
        areas=("sport",),
        presentation="Den gamla klubben, nedlagd.",
        ceased=True,
    ),
    Entry(
        "Lekebergs Idrottssällskap",
        home="1814",
        areas=("sport",),
        presentation="Fotboll och innebandy i Fjugesta.",
    ),
    Entry(
        "Mötesplats Bron",
        areas=("integration",),
        presentation="Språkcafé och läxhjälp för nyanlända.",
    ),
    Entry(
        "Café Kvarnen",
        kind="social_enterprise",
        legal_form="49",
        home="0583",
        work_integrating=True,
        offers=("catering",),
        presentation="Lunch, fika och beställningar med arbetsträning.",
    ),
    Entry(
        "Vadstena Vävstuga",
        home="0584",
        operates=("0583",),
        areas=("culture",),
        presentation="Vävning och hantverk.",
    ),
]

# Noise: ordinary names without the words asked for, so that ranking matters.
NOISE_PLACES = ("Motala", "Linköping", "Örebro", "Borås", "Kalmar", "Gävle", "Umeå", "Lund")
NOISE_KINDS = ("Schackklubb", "Scoutkår", "Kammarkör", "Motorklubb", "Bridgeklubb", "Brukshund")
NOISE = [f"{place} {kind}" for place in NOISE_PLACES for kind in NOISE_KINDS]


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]
    first: str | None = None  # must be first, not merely on the first page
    absent: tuple[str, ...] = field(default=())
    note: str = ""


CASES = [
    Case("förening", ("Arboga Hembygdsförening", "Motala Idrottsförening"), note="compound"),
    Case("föreningen", ("Hembygdsföreningen Gamla Linköping",), note="inflection"),
    Case("föreningar", ("Arboga Hembygdsförening",), note="inflection"),
    Case("hembygdsförening", ("Arboga Hembygdsförening", "Hembygdsföreningen Gamla Linköping")),
    Case("kooperativ", ("Arbetskooperativet Vägen Ut", "Kooperativet Omtanke"), note="compound"),
    Case("stiftelse", ("Kulturstiftelsen Ljuset",), note="compound"),
    Case("forening", ("Arboga Hembygdsförening",), note="without ö"),
    Case("aterbruk", ("Ängelholms Återbruk", "Returen i Fjugesta"), note="without å"),
    Case("angelholm", ("Ängelholms Återbruk",), first="Ängelholms Återbruk", note="without Ä"),
    Case("motla", ("Motala Idrottsförening",), note="misspelt"),
    Case("idrotsförening", ("Motala Idrottsförening",), note="misspelt"),
    Case("hembyg", ("Arboga Hembygdsförening",), note="prefix"),
    Case("kooper", ("Arbetskooperativet Vägen Ut", "Kooperativet Omtanke"), note="prefix"),
    Case("769641-2308", ("Returen i Fjugesta",), first="Returen i Fjugesta", note="org number"),
    Case("7696412308", ("Returen i Fjugesta",), first="Returen i Fjugesta", note="org number"),
    Case("16769641-2308", ("Returen i Fjugesta",), first="Returen i Fjugesta", note="12 digits"),
    Case("167696412308", ("Returen i Fjugesta",), first="Returen i Fjugesta", note="12 digits"),
    Case(
        "återbruk lekeberg",
        ("Returen i Fjugesta",),
        absent=("Ängelholms Återbruk",),
        note="word and place",
    ),
    Case(
        "idrott motala",
        ("Motala Idrottsförening", "Motala Simidrottsförening"),
        absent=("Lekebergs Idrottssällskap",),
        note="word and place",
    ),
    Case("östergötland vävstuga", ("Vadstena Vävstuga",), note="county"),
    Case("integration", ("Mötesplats Bron",), note="activity area"),
    Case("omsorg", ("Kooperativet Omtanke",), note="activity area, offer"),
    Case("catering", ("Café Kvarnen",), note="offer category"),
    Case("arbetsintegrerande", ("Café Kvarnen", "Returen i Fjugesta"), note="kind"),
    Case(
        "Motala Idrottsförening",
        ("Motala Idrottsförening",),
        first="Motala Idrottsförening",
        note="exact name",
    ),
    Case("motala idrottsforening", (), first="Motala Idrottsförening", note="exact, no ö"),
]


def load(*, suffix: str = "") -> list:
    """Create the set's entries (published) and the noise; returns the entries made.
    ``suffix`` keeps slugs unique beside other data (the benchmark's register)."""
    import datetime

    from django.utils.text import slugify

    from registry.models import ActivityArea, OfferCategory, Organisation

    areas = dict(ActivityArea.objects.values_list("slug", "pk"))
    offers = dict(OfferCategory.objects.values_list("slug", "pk"))
    made = []
    for entry in [*ENTRIES, *(Entry(name) for name in NOISE)]:
        organisation = Organisation.objects.create(
            name=entry.name,
            slug=f"{slugify(entry.name)}{suffix}",
            org_number=entry.org_number,
            legal_form_id=entry.legal_form,
            kind=entry.kind,
            work_integrating=entry.work_integrating,
            home_municipality_id=entry.home,
            presentation=entry.presentation,
            publication_state=Organisation.PublicationState.PUBLISHED,
            status="ceased" if entry.ceased else "active",
            ceased_on=datetime.date(2019, 12, 31) if entry.ceased else None,
        )
        organisation.municipalities.set([entry.home, *entry.operates])
        organisation.activity_areas.set([areas[slug] for slug in entry.areas])
        organisation.offer_categories.set([offers[slug] for slug in entry.offers])
        made.append(organisation)
    return made


def first_page(client, query: str) -> list[str]:
    response = client.get("/organisationer/", {"q": query})
    assert response.status_code == 200
    return [organisation.name for organisation in response.context["organisations"]]


def first_page_of_selector(query: str, page_size: int = 20) -> list[str]:
    """The same first page, from the view's own filter and selector (no test client)."""
    from registry import selectors

    results = selectors.directory_page(
        selectors.published_organisations(), query=query, sort="relevance", include_ceased=False
    )
    return [organisation.name for organisation in results.organisations[:page_size]]


def passes(case: Case, names: list[str]) -> bool:
    return (
        all(name in names for name in case.expected)
        and (case.first is None or (names[:1] == [case.first]))
        and not any(name in names for name in case.absent)
    )
