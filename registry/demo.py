"""Demo data: a believable register of Swedish social-economy organisations.

``seed_demo_organisations`` adds up to ``count`` generated organisations with their
activity areas, global goals, municipalities, offer categories and contact persons.

- Deterministic: the same seed gives the same organisations in the same order, and the
  first N of a larger run are the N of a smaller one. Dates are relative to the day of
  the run (created, last verified, ceased).
- Idempotent: an organisation whose slug (or org number) is already in the register is
  skipped, so running it again adds nothing.
- Fast: rows are written with ``bulk_create`` in batches, one transaction per batch.
  ``bulk_create`` bypasses ``save()``, so no history rows (django-simple-history) are
  written for demo data.

Every home municipality can occur; Motala (0583) and Lekeberg (1814), whose documents
the product is built on, each get one organisation in twenty.
"""

import datetime
import random
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

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
DEFAULT_BATCH_SIZE = 2000
MOTALA = "0583"
LEKEBERG = "1814"
FEATURED_EVERY = 20  # every 20th organisation is in Motala, the next one in Lekeberg
BIG_CITIES = {"0180": 6, "1480": 5, "1280": 4, "0380": 3, "0580": 3, "1880": 3}

Kind = Organisation.Kind
State = Organisation.PublicationState

# --- What organisations are called and what they write about themselves ---------------

WORDS = (
    "Hjärtats Hus", "Solrosen", "Vägen Framåt", "Gemenskapen", "Kompassen", "Bryggan",
    "Navet", "Fyren", "Ankaret", "Linden", "Vitsippan", "Lärkan", "Tranan", "Öppna Dörren",
    "Nya Vägar", "Regnbågen", "Källan", "Ljuspunkten", "Mötesplatsen", "Kraftkällan",
    "Gröna Rum", "Steget", "Trampolinen", "Ängen", "Stjärnan", "Livslust", "Framtidstro",
    "Vävstolen", "Verkstan", "Humlan", "Myrstacken", "Kastanjen", "Bikupan", "Skattkistan",
    "Klövern", "Lyktan", "Sländan", "Sjöboden", "Gläntan", "Hamnen", "Stigen", "Oasen",
    "Bron", "Rötterna", "Vingarna", "Nyckeln", "Pusslet", "Ekorren", "Sparven", "Ugglan",
    "Vildrosen", "Blåklockan", "Smultronstället", "Vårljuset", "Kugghjulet", "Fröet",
)  # fmt: skip
VILLAGE_STARTS = (
    "Björk", "Ek", "Lind", "Berg", "Sjö", "Stor", "Lill", "Norr", "Sör", "Väster", "Öster",
    "Hög", "Ås", "Fors", "Dal", "Rönn", "Ask", "Al", "Gran", "Tall", "Hult", "Ljung", "Vik",
    "Holm", "Sand", "Sten", "Kvarn", "Hammar", "Bro", "Mo", "Lövs", "Säby", "Råby", "Hassel",
)  # fmt: skip
VILLAGE_ENDS = (
    "by", "sjö", "torp", "hult", "vik", "näs", "berga", "dal", "fors", "holm", "sund",
    "åsen", "lunda", "ryd", "backa", "tuna", "stad", "mark", "bo", "strand",
)  # fmt: skip
CLUBS = (
    "Idrottsförening", "Idrottsklubb", "IF", "IK", "Sportklubb", "Fotbollsförening",
    "Fotbollsklubb", "Innebandyklubb", "Handbollsklubb", "Bandyklubb", "Hockeyklubb",
    "Simsällskap", "Friidrottsklubb", "Orienteringsklubb", "Skidklubb", "Tennisklubb",
    "Bordtennisklubb", "Brottarklubb", "Gymnastikförening", "Ridklubb", "Boulesällskap",
    "Cykelklubb", "Kanotklubb", "Segelsällskap", "Golfklubb", "Skytteförening",
    "Schackklubb", "Bowlingklubb", "Budoklubb", "Dansklubb", "Motorklubb", "Friluftsförening",
)  # fmt: skip
CLUB_ACRONYMS = {
    "Idrottsförening": "IF", "Idrottsklubb": "IK", "Sportklubb": "SK", "Fotbollsförening": "FF",
    "Fotbollsklubb": "FK", "Gymnastikförening": "GF", "Simsällskap": "SS", "Ridklubb": "RK",
}  # fmt: skip
BUILDINGS = ("Folkets Hus", "Hembygdsgård", "Bygdegård", "Ungdomsgård", "Kulturhus")
ROLES = {
    Kind.ASSOCIATION: ("Ordförande", "Sekreterare", "Kassör", "Kontaktperson"),
    Kind.SOCIAL_ENTERPRISE: ("Verksamhetsledare", "Handledare", "Ordförande", "Kontaktperson"),
    Kind.COOPERATIVE: ("Ordförande", "Verksamhetsledare", "Kassör"),
    Kind.FOUNDATION: ("Ordförande", "Förvaltare", "Sekreterare"),
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


SPORT = Profile(
    names=("{plats} {klubb}",),
    areas=("sport", "children-youth", "public-health"),
    goals=(3, 5, 10),
    presentations=(
        "Träning, tävling och gemenskap för barn, unga och vuxna i {ort}.",
        "Idrott för alla åldrar i {ort}, med träning flera dagar i veckan.",
        "Hos oss får alla vara med, oavsett förutsättningar. Vi tränar i {ort} året runt.",
    ),
    activities=(
        "Vi har träningsgrupper för barn från sex år, ungdomar, vuxna och seniorer.",
        "Ledarna är ideella och går utbildningar genom idrottsrörelsen.",
        "Varje sommar ordnar vi ett läger som är öppet för alla barn i kommunen.",
        "Vi arbetar för jämställdhet och håller avgifterna låga så att alla har råd att vara med.",
        "Anläggningen sköts med hjälp av medlemmarnas ideella insatser.",
        "Unga kan träna gratis på fredagskvällar genom satsningen Öppen hall.",
    ),
    offers="Prova på-aktiviteter och friskvård för skolor och arbetsplatser.",
    offer_categories=("events", "training"),
)
CULTURE = Profile(
    names=(
        "Kulturföreningen {ord}",
        "{plats} Konstförening",
        "{platss} Musiksällskap",
        "{plats} Teaterförening",
        "{platss} Kammarkör",
        "{plats} Filmstudio",
        "{platss} Spelmanslag",
        "{platss} Jazzklubb",
        "Föreningen {ord}",
    ),
    areas=("culture", "education", "children-youth"),
    goals=(4, 11),
    presentations=(
        "Vi gör kultur tillgänglig för alla i {ort} genom konserter, utställningar och kurser.",
        "En mötesplats för musik, konst och berättande i {ort}.",
        "Kulturupplevelser för barn och vuxna i hela {ort}, året runt.",
    ),
    activities=(
        "Vi arrangerar ett tiotal konserter och föreställningar varje år.",
        "I vår lokal finns ateljé, replokal och en liten scen som medlemmarna kan låna.",
        "Under skolloven har vi kostnadsfria kulturaktiviteter för barn och unga.",
        "Vi samarbetar med biblioteket och studieförbunden i kommunen.",
        "Utställningarna är öppna för allmänheten och entrén är alltid fri.",
    ),
    offers="Vi uthyr lokal och ordnar kulturprogram på beställning.",
    offer_categories=("events", "premises"),
)
HERITAGE = Profile(
    names=(
        "{plats} Hembygdsförening",
        "{plats} Byalag",
        "{plats} Bygdegårdsförening",
        "{plats} Fornminnesförening",
        "{platss} Hembygdsgille",
        "{plats} Intresseförening",
        "{plats} Bygderåd",
    ),
    areas=("culture", "rural"),
    goals=(11, 15),
    presentations=(
        "Vi vårdar bygdens historia och håller liv i hembygdsgården i {plats}.",
        "En samlingspunkt för bygden kring {plats}, med fester, marknader och studiecirklar.",
    ),
    activities=(
        "Hembygdsgården hyrs ut till fester, möten och kalas.",
        "Varje midsommar ordnar vi firande med dans kring midsommarstången.",
        "Medlemmarna dokumenterar bygdens historia i en årsskrift och ett digitalt arkiv.",
        "Vi arbetar för service, kollektivtrafik och bredband på landsbygden.",
        "Bygdegården är ett naturligt nav för ortens föreningsliv.",
    ),
    offers="Uthyrning av bygdegården för möten, kurser och fester.",
    offer_categories=("premises",),
)
SOCIAL = Profile(
    names=(
        "Föreningen {ord}",
        "{platss} Träffpunkt",
        "Väntjänsten i {ort}",
        "Jouren i {ort}",
        "Kvinnojouren {ord}",
        "Medmänniska i {ort}",
        "{platss} Pensionärsförening",
        "Seniorföreningen {ord}",
        "Tjejjouren i {ort}",
        "{platss} Sociala Forum",
    ),
    areas=("social", "older-people", "public-health"),
    goals=(1, 3, 10),
    presentations=(
        "Vi finns för människor i utsatta livssituationer i {ort} och erbjuder stöd, "
        "gemenskap och en meningsfull vardag.",
        "En öppen mötesplats i {ort} där ingen ska behöva vara ensam.",
        "Medmänskligt stöd till äldre, ensamma och familjer i {ort}.",
    ),
    activities=(
        "Våra volontärer gör hembesök, följer med på promenader och hjälper till med "
        "vardagsärenden.",
        "Mötesplatsen har öppet fyra dagar i veckan med fika, samtal och aktiviteter.",
        "Vi har en stödtelefon som bemannas av utbildade volontärer.",
        "Den som söker stöd hos oss får vara anonym och vi för inga journaler.",
        "Tillsammans med kyrkan ordnar vi julfirande för den som annars skulle vara ensam.",
    ),
)
DISABILITY = Profile(
    names=(
        "{platss} Funktionsrättsförening",
        "Autismföreningen i {ort}",
        "Anhörigföreningen {ord}",
        "{platss} Synskadeförening",
        "{platss} Hörselförening",
        "{platss} Parasportklubb",
    ),
    areas=("disability", "public-health", "social"),
    goals=(3, 10),
    presentations=(
        "Vi arbetar för att personer med funktionsnedsättning ska kunna delta fullt ut i "
        "samhället i {ort}.",
        "Stöd, gemenskap och påverkan för personer med funktionsnedsättning och deras anhöriga.",
    ),
    activities=(
        "Vi ordnar träffar för anhöriga och föreläsningar om rättigheter och stöd.",
        "Vi bevakar tillgängligheten i kommunen och lämnar synpunkter på planer och ombyggnader.",
        "Varje vecka har vi anpassade aktiviteter som bad, dans och friluftsliv.",
        "Medlemmarna får råd inför kontakter med kommun, region och Försäkringskassan.",
    ),
)
GREEN = Profile(
    names=(
        "{platss} Odlarförening",
        "Koloniföreningen {ord}",
        "{platss} Naturskyddsförening",
        "Stadsodlarna i {ort}",
        "{platss} Biodlarförening",
        "Omställning {ort}",
        "{platss} Fiskevårdsförening",
        "Reparationskaféet i {ort}",
    ),
    areas=("environment", "food", "reuse"),
    goals=(2, 12, 13, 15),
    presentations=(
        "Vi odlar, lär oss och delar kunskap om ett hållbart liv i {ort}.",
        "Natur, odling och klimat: vi gör det enkelt att leva mer hållbart i {ort}.",
    ),
    activities=(
        "Vi sköter en gemensam odlingslott där alla är välkomna att vara med.",
        "Varje vår ordnar vi fröbytardag och plantmarknad.",
        "Vi leder naturvandringar och inventerar fåglar och växter tillsammans med skolor.",
        "På reparationskaféet kan du laga kläder, cyklar och elektronik tillsammans med andra.",
        "Skörden delas mellan medlemmarna och överskottet går till en matbank.",
    ),
)
YOUTH = Profile(
    names=(
        "{platss} Scoutkår",
        "Läxhjälpen i {ort}",
        "{platss} Ungdomsförening",
        "Fritidsgården {ord}",
        "{platss} 4H-klubb",
        "Ungdomens Hus i {ort}",
    ),
    areas=("children-youth", "education"),
    goals=(4, 10, 16),
    presentations=(
        "Meningsfull fritid för barn och unga i {ort}.",
        "En trygg plats där barn och unga i {ort} kan växa, lära och ha roligt tillsammans.",
    ),
    activities=(
        "Vi har öppet varje vardagskväll med aktiviteter som unga själva är med och planerar.",
        "Läxhjälpen drivs av volontärer och är öppen för alla elever i årskurs 4 till 9.",
        "På sommarlovet ordnar vi dagläger, utflykter och hajker.",
        "Unga ledare får utbildning och ett första ledaruppdrag hos oss.",
    ),
)
INTEGRATION = Profile(
    names=(
        "Ny i {ort}",
        "Språkcaféet i {ort}",
        "Internationella föreningen i {ort}",
        "Mångkulturella föreningen {ord}",
        "Välkommen till {ort}",
        "Kvinnor i {ort}",
    ),
    areas=("integration", "education", "social"),
    goals=(4, 5, 10, 16),
    presentations=(
        "Vi hjälper nyanlända i {ort} att lära sig svenska och hitta sin plats i samhället.",
        "En mötesplats för språk, kultur och nya vänskaper i {ort}.",
    ),
    activities=(
        "Språkcaféet har öppet två kvällar i veckan och leds av frivilliga.",
        "Vi ordnar samhällsinformation på flera språk tillsammans med kommunen.",
        "Genom mentorsprogrammet får nyanlända en kontakt som hjälper till med jobb och nätverk.",
        "Vi ordnar gemensamma måltider där alla bjuder på mat från sina hemländer.",
    ),
)
REUSE = Profile(
    names=(
        "{platss} Återbruk",
        "Återbruket i {ort}",
        "{plats} Second Hand",
        "Returbutiken {ord}",
        "Cykelköket i {ort}",
    ),
    areas=("reuse", "employment", "environment"),
    goals=(8, 12, 13),
    presentations=(
        "Vi ger begagnade saker nytt liv och människor en väg till arbete i {ort}.",
        "Second hand, reparationer och arbetsträning under samma tak i {ort}.",
    ),
    activities=(
        "I butiken säljer vi möbler, kläder och husgeråd som skänkts av privatpersoner och "
        "företag.",
        "Vi hämtar skänkta saker hos privatpersoner och tömmer förråd åt företag.",
        "I verkstaden renoverar vi möbler och cyklar som sedan säljs i butiken.",
    ),
    offers="Vi tar hand om möbler och inventarier från kommunens verksamheter och säljer "
    "upprustade möbler till förskolor och kontor.",
    offer_categories=("second-hand", "transport", "crafts"),
)
PROPERTY = Profile(
    names=(
        "{platss} Fastighetsservice",
        "{plats} Städ & Service",
        "Servicekompaniet i {ort}",
        "{ord} Städ och Trädgård",
    ),
    areas=("employment", "social"),
    goals=(8, 10),
    presentations=(
        "Städ, fastighetsskötsel och trädgårdsarbete i {ort}, utfört av människor som fått "
        "en ny chans på arbetsmarknaden.",
        "Fastighetsservice med socialt ansvar i {ort}.",
    ),
    activities=(
        "Våra arbetslag sköter trapphusstädning, snöröjning och utemiljöer åt bostadsbolag.",
        "Varje medarbetare har en handledare och en egen plan för sin utveckling.",
    ),
    offers="Städning av kontor och trapphus, fastighetsskötsel, snöröjning och skötsel av "
    "grönytor.",
    offer_categories=("cleaning", "gardening"),
)
CAFE = Profile(
    names=("Café {ord}", "Kafé {ord}", "{platss} Matverkstad", "Restaurang {ord}"),
    areas=("employment", "food"),
    goals=(2, 8),
    presentations=(
        "Café och catering i {ort} där alla medarbetare får växa i sin egen takt.",
        "Vi lagar mat från grunden med råvaror från trakten och erbjuder arbetsträning i kök "
        "och servering.",
    ),
    activities=(
        "Caféet har öppet vardagar och serverar lunch, fika och hembakat bröd.",
        "Vi tar emot praktikanter från Arbetsförmedlingen och kommunens arbetsmarknadsenhet.",
    ),
    offers="Catering till möten och konferenser, luncher och fikabröd. Vi levererar även "
    "till kommunens verksamheter.",
    offer_categories=("catering", "premises"),
)
CRAFTS = Profile(
    names=(
        "{platss} Textilverkstad",
        "Snickeriet {ord}",
        "{platss} Hantverkshus",
        "Sömnadsateljén {ord}",
        "Verkstaden i {ort}",
    ),
    areas=("employment", "reuse", "culture"),
    goals=(8, 12),
    presentations=(
        "Hantverk och produktion med arbetsträning i {ort}: vi syr, snickrar och lagar.",
    ),
    activities=(
        "I ateljén syr vi om textilier och tillverkar väskor, förkläden och profilprodukter.",
        "Snickeriet tar emot beställningar på bänkar, pallkragar och fågelholkar.",
    ),
    offers="Sömnad, tvätt och lagning av arbetskläder samt tillverkning av profilprodukter "
    "och utemöbler.",
    offer_categories=("crafts", "laundry"),
)
GARDEN = Profile(
    names=("{platss} Trädgårdsservice", "Gröna Händer i {ort}", "Odlingen {ord}"),
    areas=("employment", "environment", "food"),
    goals=(8, 11, 15),
    presentations=(
        "Trädgårdsskötsel och odling som ger människor en väg tillbaka till arbete i {ort}.",
    ),
    activities=(
        "Vi sköter parker, gårdar och kyrkogårdar åt kommunen och privata fastighetsägare.",
        "I vårt växthus odlar vi grönsaker och sommarblommor som säljs i gårdsbutiken.",
    ),
    offers="Gräsklippning, beskärning, plantering och skötsel av grönytor samt försäljning av "
    "plantor.",
    offer_categories=("gardening",),
)
PRESCHOOL = Profile(
    names=("Föräldrakooperativet {ord}", "Kooperativa förskolan {ord}"),
    areas=("children-youth", "education"),
    goals=(4,),
    presentations=(
        "En föräldrakooperativ förskola i {ort} med små barngrupper och mycket utevistelse.",
    ),
    activities=(
        "Föräldrarna äger och driver förskolan tillsammans och turas om med städning och "
        "matlagning.",
        "Förskolan har plats för omkring trettio barn på två avdelningar.",
    ),
)
VILLAGE_COOP = Profile(
    names=("{platss} Bygdekooperativ", "{plats} Fiberförening", "{platss} Lanthandel"),
    areas=("rural", "housing"),
    goals=(9, 11),
    presentations=(
        "Vi som bor i bygden kring {plats} äger och driver tillsammans service som annars "
        "skulle försvinna.",
    ),
    activities=(
        "Kooperativet driver lanthandel, drivmedelsstation och paketutlämning.",
        "Medlemmarna har tillsammans byggt ut fibernätet till alla hushåll i bygden.",
    ),
)
CARE_COOP = Profile(
    names=("{platss} Hemtjänstkooperativ", "Assistanskooperativet {ord}"),
    areas=("care", "disability", "older-people"),
    goals=(3, 8, 10),
    presentations=(
        "Personlig assistans och hemtjänst i {ort} där brukare och medarbetare har inflytande.",
    ),
    activities=(
        "Brukarna är själva medlemmar och väljer sina assistenter.",
        "Vi har kollektivavtal och satsar på utbildning för alla medarbetare.",
    ),
    offers="Personlig assistans och hemtjänst enligt LSS och socialtjänstlagen.",
    offer_categories=("care-services",),
)
WORKER_COOP = Profile(
    names=(
        "Arbetskooperativet {ord}",
        "Konstnärskooperativet {ord}",
        "{platss} Matkooperativ",
        "{platss} Vindkraftskooperativ",
        "{ord} Kooperativ",
    ),
    areas=("employment", "culture", "environment"),
    goals=(7, 8, 12),
    presentations=(
        "Ett kooperativ i {ort} där medlemmarna äger och utvecklar verksamheten tillsammans.",
    ),
    activities=(
        "Medlemmarna delar på lokal, verktyg och administration.",
        "Vi köper in lokalproducerade varor och säljer dem vidare till medlemmarna.",
        "Kooperativet äger två vindkraftverk som ger el till medlemmarnas hushåll.",
    ),
    offers="Tjänster och produkter från medlemmarnas verksamheter, på beställning.",
    offer_categories=("crafts", "events", "administration"),
)
GRANT_FOUNDATION = Profile(
    names=(
        "Stiftelsen {ord}",
        "{efternamn}ska Stiftelsen",
        "Stiftelsen {platss} Kulturfond",
        "Stiftelsen {förnamn} {efternamn}s Minnesfond",
        "Stiftelsen Stöd till unga i {ort}",
    ),
    areas=("children-youth", "culture", "education"),
    goals=(1, 4, 10),
    presentations=(
        "Stiftelsen delar ut stipendier och bidrag till unga och till verksamheter i {ort}.",
    ),
    activities=(
        "Ansökningar tas emot varje vår och styrelsen beslutar i juni.",
        "Kapitalet förvaltas enligt etiska och hållbara placeringsregler.",
        "Stipendierna går till studier, idrott och kultur för unga som bor i kommunen.",
    ),
)
BUILDING_FOUNDATION = Profile(
    names=("Stiftelsen {platss} {byggnad}",),
    areas=("culture", "rural"),
    goals=(11,),
    presentations=(
        "Stiftelsen äger och förvaltar en samlingslokal i {ort} som är öppen för alla.",
    ),
    activities=(
        "Lokalen hyrs ut till studieförbund, kurser, fester och möten.",
        "Huset rustas löpande med hjälp av bidrag och frivilliga insatser.",
    ),
    offers="Uthyrning av samlingslokal och konferensrum.",
    offer_categories=("premises",),
)
CARE_FOUNDATION = Profile(
    names=("Stiftelsen {ord}", "Stiftelsen {platss} Stödboende"),
    areas=("care", "social", "housing"),
    goals=(1, 3, 11),
    presentations=(
        "Stiftelsen driver stödboende och dagverksamhet för människor som behöver stöd i {ort}.",
    ),
    activities=(
        "Boendet har tolv lägenheter med personal dygnet runt.",
        "Dagverksamheten är öppen för alla som bor i kommunen.",
    ),
    offers="Stödboende och dagverksamhet på uppdrag av kommunen.",
    offer_categories=("care-services",),
)

PROFILES: dict[str, tuple[tuple[Profile, ...], tuple[int, ...]]] = {
    Kind.ASSOCIATION: (
        (SPORT, CULTURE, HERITAGE, SOCIAL, DISABILITY, GREEN, YOUTH, INTEGRATION),
        (30, 15, 12, 12, 7, 8, 9, 7),
    ),
    Kind.SOCIAL_ENTERPRISE: ((REUSE, PROPERTY, CAFE, CRAFTS, GARDEN), (30, 20, 20, 15, 15)),
    Kind.COOPERATIVE: ((PRESCHOOL, VILLAGE_COOP, CARE_COOP, WORKER_COOP), (35, 25, 15, 25)),
    Kind.FOUNDATION: (
        (GRANT_FOUNDATION, BUILDING_FOUNDATION, CARE_FOUNDATION),
        (50, 25, 25),
    ),
}
KINDS = (Kind.ASSOCIATION, Kind.SOCIAL_ENTERPRISE, Kind.COOPERATIVE, Kind.FOUNDATION)
KIND_WEIGHTS = (68, 14, 9, 9)
LEGAL_FORMS = {  # kind → (legal form codes, weights)
    Kind.ASSOCIATION: (("61", "00"), (82, 18)),
    Kind.SOCIAL_ENTERPRISE: (("51", "49", "61"), (50, 30, 20)),
    Kind.COOPERATIVE: (("51",), (1,)),
    Kind.FOUNDATION: (("72", "71"), (88, 12)),
}
ORG_NUMBER_PREFIXES = {  # legal form → first three digits (group digit first, third >= 2)
    "49": ("556", "559"),
    "51": ("769", "716", "702", "714"),
    "61": ("802", "817", "822", "835", "845", "875"),
    "71": ("802", "813", "815"),
    "72": ("802", "813", "815", "817"),
}
NAME_SUFFIXES = {  # legal form → suffixes for an enterprise or cooperative's name
    "49": (" AB",),
    "51": (" ek. för.", " ekonomisk förening", "", ""),
    "61": ("",),
}
FOUNDED = {  # kind → (earliest year, most common year) for a triangular distribution
    Kind.ASSOCIATION: (1890, 1985),
    Kind.SOCIAL_ENTERPRISE: (1995, 2018),
    Kind.COOPERATIVE: (1975, 2005),
    Kind.FOUNDATION: (1900, 1990),
}

GENERAL = {  # kind → sentences any organisation of that kind may write
    Kind.ASSOCIATION: (
        "Verksamheten bygger på ideella insatser och finansieras med medlemsavgifter, bidrag "
        "och egna arrangemang.",
        "Vi vill bidra till sociala sammanhang där alla känner sig välkomna.",
        "All vår verksamhet är öppen för alla, oavsett bakgrund, ålder eller funktionsförmåga.",
        "Vi har omkring {medlemmar} medlemmar och en styrelse som väljs på årsmötet.",
    ),
    Kind.SOCIAL_ENTERPRISE: (
        "Vi är ett socialt företag: överskottet återinvesteras i verksamheten och i "
        "människorna som arbetar här.",
        "Verksamheten skapar arbete och arbetsträning för personer som står långt från "
        "arbetsmarknaden.",
        "Vi har sociala mål före vinst och redovisar varje år vilken social nytta vi gör.",
        "Vi tar emot personer i arbetsträning från Arbetsförmedlingen och kommunen.",
    ),
    Kind.COOPERATIVE: (
        "Kooperativet ägs och styrs demokratiskt av medlemmarna: en medlem, en röst.",
        "Överskottet stannar i verksamheten och kommer medlemmarna och bygden till del.",
        "Vi har omkring {medlemmar} medlemmar och en styrelse som väljs på årsstämman.",
    ),
    Kind.FOUNDATION: (
        "Stiftelsen leds av en styrelse och står under tillsyn av länsstyrelsen.",
        "Avkastningen går till verksamhet med sociala och kulturella ändamål i {ort}.",
    ),
}
FORENING_SENTENCES = {  # kind → sentences with "förening", "föreningen" or "föreningar"
    Kind.ASSOCIATION: (
        "Föreningen bildades {år} och är partipolitiskt och religiöst obunden.",
        "Vi samarbetar med andra föreningar i {ort} och med kommunen.",
        "Föreningen drivs helt av ideella krafter och alla medlemmar är välkomna att engagera sig.",
    ),
    Kind.SOCIAL_ENTERPRISE: (
        "Vi säljer tjänster till kommunen, företag och föreningar i {ort}.",
        "Vi samarbetar nära föreningar och studieförbund i regionen.",
    ),
    Kind.COOPERATIVE: (
        "Kooperativet är en ekonomisk förening och nya medlemmar är alltid välkomna.",
        "Vi samverkar med föreningar och sociala företag i regionen.",
    ),
    Kind.FOUNDATION: (
        "Bidrag kan sökas av föreningar och enskilda som uppfyller stiftelsens ändamål.",
        "Stiftelsen bildades {år} av lokala föreningar och enskilda givare.",
    ),
}
# How often a description has such a sentence. With the names that have "förening" as a
# word of its own (not in a compound such as "Idrottsförening", which full-text search does
# not split), a search for "förening" then finds about a third of the register.
FORENING_SHARE = 0.27
CLOSINGS = (
    "Välkommen att höra av dig om du vill bli medlem, volontär eller samarbetspartner.",
    "Följ oss gärna i sociala medier för att se vad som är på gång.",
    "Vi tar gärna emot studiebesök.",
    "Hör av dig om du vill veta mer om hur du kan engagera dig.",
)

# --- Places ---------------------------------------------------------------------------

COUNTY_PLACES = {  # county → (postal code prefixes, area code, latitude, longitude)
    "01": (("11", "12", "13", "14", "16", "17", "18", "19"), "08", 59.33, 18.07),
    "03": (("74", "75"), "018", 59.86, 17.64),
    "04": (("61", "63", "64"), "016", 59.10, 16.80),
    "05": (("58", "59", "60", "61"), "013", 58.40, 15.60),
    "06": (("55", "56", "57", "33"), "036", 57.60, 14.40),
    "07": (("34", "35", "36"), "0470", 56.85, 14.50),
    "08": (("38", "39", "57"), "0480", 57.00, 16.20),
    "09": (("62",), "0498", 57.50, 18.50),
    "10": (("37",), "0455", 56.20, 15.30),
    "12": (("21", "22", "23", "24", "25", "26", "27", "28", "29"), "040", 55.85, 13.50),
    "13": (("30", "31", "43"), "035", 56.90, 12.70),
    "14": (("40", "41", "42", "44", "46", "50", "54"), "031", 58.00, 12.50),
    "17": (("65", "66", "67", "68"), "054", 59.70, 13.30),
    "18": (("69", "70", "71"), "019", 59.30, 15.00),
    "19": (("72", "73"), "021", 59.70, 16.30),
    "20": (("77", "78", "79"), "023", 60.80, 14.80),
    "21": (("80", "81", "82"), "026", 61.40, 16.50),
    "22": (("85", "86", "87", "88", "89"), "060", 62.80, 17.50),
    "23": (("83", "84"), "063", 63.30, 14.00),
    "24": (("90", "91", "92", "93"), "090", 64.50, 18.50),
    "25": (("94", "95", "96", "97", "98"), "0920", 66.50, 20.50),
}
MUNICIPALITY_PLACES = {  # the two the product is built for, exactly
    MOTALA: (("591", "592"), "0141", 58.537, 15.037),
    LEKEBERG: (("716",), "019", 59.174, 14.869),
}


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
        self.other_weights = [BIG_CITIES.get(p.code, 1) for p in self.others]

    def generate(self, count: int) -> Iterator[DemoOrganisation]:
        for index in range(count):
            yield self.organisation(index)

    def organisation(self, index: int) -> DemoOrganisation:
        rng = self.rng
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        profiles, weights = PROFILES[kind]
        profile = rng.choices(profiles, weights)[0]
        legal_form = rng.choices(*LEGAL_FORMS[kind])[0]
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
            organisation=organisation,
            area_ids=self.area_ids(profile),
            goal_ids=self.goal_ids(profile),
            municipality_codes=self.operates_in(home),
            offer_category_ids=offer_category_ids,
            contacts=self.contacts(kind, slug),
        )

    # --- who and where ---------------------------------------------------------------

    def home_municipality(self, index: int) -> Place:
        if index % FEATURED_EVERY == 0:
            return self.by_code[MOTALA]
        if index % FEATURED_EVERY == 1:
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
        return self.rng.choice(VILLAGE_STARTS) + self.rng.choice(VILLAGE_ENDS)

    def name(
        self, profile: Profile, kind: str, legal_form: str, *, home: Place, place: str
    ) -> tuple[str, str]:
        """The name and the alternate names (one per line)."""
        rng = self.rng
        club = rng.choice(CLUBS)
        values = {
            "plats": place,
            "platss": genitive(place),
            "ort": home.name,
            "ord": rng.choice(WORDS),
            "klubb": club,
            "byggnad": rng.choice(BUILDINGS),
            "förnamn": rng.choice(self.people.first_names),
            "efternamn": rng.choice(self.people.last_names),
        }
        name = rng.choice(profile.names).format(**values)
        if kind in (Kind.SOCIAL_ENTERPRISE, Kind.COOPERATIVE):
            name += rng.choice(NAME_SUFFIXES[legal_form])
        roll = rng.random()
        if profile is SPORT and club in CLUB_ACRONYMS and roll < 0.6:
            return name, f"{place} {CLUB_ACRONYMS[club]}"
        short = acronym(name)
        if roll < 0.1 and len(short) >= 2:
            return name, short
        if roll < 0.15:
            return name, f"{place} {rng.choice(WORDS)}"  # a former name
        return name, ""

    def unique_slug(self, name: str) -> str:
        """The name's slug, with -2, -3 … for the second, third … of the same name."""
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
        if legal_form not in ORG_NUMBER_PREFIXES:
            return None
        while True:
            nine = self.rng.choice(ORG_NUMBER_PREFIXES[legal_form]) + "".join(
                self.rng.choices(string.digits, k=6)
            )
            number = f"{nine[:6]}-{nine[6:]}{orgnr.luhn_check_digit(nine)}"
            if number not in self.org_numbers:
                self.org_numbers.add(number)
                return number

    # --- words ------------------------------------------------------------------------

    def texts(
        self, profile: Profile, kind: str, *, home: Place, place: str, founded_year: int
    ) -> dict[str, str]:
        rng = self.rng
        values = {
            "ort": home.name,
            "plats": place,
            "år": str(founded_year),
            "medlemmar": str(rng.choice((40, 60, 80, 120, 150, 200, 300, 450, 800))),
        }
        sentences = rng.sample(profile.activities, 2)
        sentences.append(rng.choice(GENERAL[kind]))
        if rng.random() < FORENING_SHARE:
            sentences.append(rng.choice(FORENING_SENTENCES[kind]))
        if rng.random() < 0.5:
            sentences.append(rng.choice(CLOSINGS))
        return {
            "presentation": rng.choice(profile.presentations).format(**values),
            "description": " ".join(sentences).format(**values),
        }

    def contact_details(self, slug: str, home: Place) -> dict[str, object]:
        rng = self.rng
        prefixes, area_code, latitude, longitude = self.place_facts(home)
        domain = slug[:60] + ".se"
        mailbox = rng.choice(("info", "kontakt", "styrelsen"))
        details: dict[str, object] = {
            "website": f"https://www.{domain}" if rng.random() < 0.6 else "",
            "email": f"{mailbox}@{domain}" if rng.random() < 0.6 else "",
            "phone": self.phone(area_code) if rng.random() < 0.7 else "",
        }
        if rng.random() < 0.75:
            code = rng.choice(prefixes)
            code += "".join(rng.choices(string.digits, k=5 - len(code)))
            details["street_address"] = f"{rng.choice(self.people.streets)} {rng.randint(1, 60)}"
            details["postal_code"] = f"{code[:3]} {code[3:]}"
            details["city"] = home.name
        if rng.random() < 0.4:
            spread = 0.05 if home.code in MUNICIPALITY_PLACES else 0.4
            details["latitude"] = self.coordinate(latitude, spread, low=55, high=69)
            details["longitude"] = self.coordinate(longitude, spread * 2, low=11, high=24)
        return details

    def place_facts(self, home: Place) -> tuple[tuple[str, ...], str, float, float]:
        return MUNICIPALITY_PLACES.get(home.code) or COUNTY_PLACES[home.county]

    def phone(self, area_code: str) -> str:
        """A landline in the area ("0141-22 33 44", "08-123 45 67") or a mobile number."""
        rng = self.rng
        if rng.random() < 0.4:
            return self.mobile()
        head = rng.randint(100, 999) if area_code == "08" else rng.randint(10, 99)
        return f"{area_code}-{head} {rng.randint(10, 99)} {rng.randint(10, 99)}"

    def mobile(self) -> str:
        rng = self.rng
        series = f"07{rng.choice('0236')}"
        return f"{series}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"

    def coordinate(self, centre: float, spread: float, *, low: float, high: float) -> Decimal:
        value = min(high, max(low, centre + self.rng.uniform(-spread, spread)))
        return Decimal(f"{value:.6f}")

    # --- numbers and dates ------------------------------------------------------------

    def founded_year(self, kind: str) -> int:
        earliest, mode = FOUNDED[kind]
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

    def contact(self, kind: str, slug: str) -> ContactPerson:
        rng = self.rng
        first = rng.choice(self.people.first_names)
        last = rng.choice(self.people.last_names)
        basis = rng.choices(list(ContactPerson.LegalBasis), (70, 25, 5))[0]
        consented = basis == ContactPerson.LegalBasis.CONSENT
        consent_given_at = (
            self.now - datetime.timedelta(days=rng.randint(1, 1500)) if consented else None
        )
        return ContactPerson(
            name=f"{first} {last}",
            role=rng.choice(ROLES[kind]),
            email=f"{slugify(first)}.{slugify(last)}@{slug[:60]}.se",
            phone=self.mobile() if rng.random() < 0.5 else "",
            legal_basis=basis,
            consent_given_at=consent_given_at,
            show_publicly=consented and rng.random() < 0.7,
        )


# --- Writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedResult:
    created: int
    skipped: int


Progress = Callable[[int, int, int], None]  # (generated so far, asked for, created so far)


def seed_demo_organisations(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    all_published: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> SeedResult:
    """Add the first ``count`` demo organisations of ``seed`` that are not there yet."""
    reference = Reference.load()
    if not reference.is_complete:
        raise LookupError("Reference data is missing: run migrate first.")
    register = DemoRegister(seed=seed, reference=reference, all_published=all_published)
    created = done = 0
    for batch in batched(register.generate(count), batch_size):
        new = without_existing(batch)
        if new:
            insert(new)
        created += len(new)
        done += len(batch)
        if progress:
            progress(done, count, created)
    if created:
        analyze()
    return SeedResult(created=created, skipped=count - created)


def batched(items: Iterable[DemoOrganisation], size: int) -> Iterator[list[DemoOrganisation]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def without_existing(batch: list[DemoOrganisation]) -> list[DemoOrganisation]:
    """Drop organisations whose slug or org number the register already has."""
    slugs = [demo.organisation.slug for demo in batch]
    numbers = [demo.organisation.org_number for demo in batch if demo.organisation.org_number]
    taken_slugs = set(Organisation.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    taken_numbers = set(
        Organisation.objects.filter(org_number__in=numbers).values_list("org_number", flat=True)
    )
    return [
        demo
        for demo in batch
        if demo.organisation.slug not in taken_slugs
        and demo.organisation.org_number not in taken_numbers
    ]


def insert(batch: list[DemoOrganisation]) -> None:
    """One transaction: the organisations, their many-to-many rows and their contacts."""
    with transaction.atomic():
        Organisation.objects.bulk_create([demo.organisation for demo in batch])
        links = (
            (Organisation.activity_areas.through, "activityarea_id", "area_ids"),
            (Organisation.global_goals.through, "globalgoal_id", "goal_ids"),
            (Organisation.municipalities.through, "municipality_id", "municipality_codes"),
            (Organisation.offer_categories.through, "offercategory_id", "offer_category_ids"),
        )
        for through, column, attribute in links:
            through.objects.bulk_create(
                through(organisation_id=demo.organisation.pk, **{column: value})
                for demo in batch
                for value in getattr(demo, attribute)
            )
        contacts = []
        for demo in batch:
            for contact in demo.contacts:
                contact.organisation_id = demo.organisation.pk
                contacts.append(contact)
        ContactPerson.objects.bulk_create(contacts)


def analyze() -> None:
    """Give PostgreSQL's planner statistics for the tables that just grew."""
    tables = [
        Organisation._meta.db_table,
        Organisation.activity_areas.through._meta.db_table,
        Organisation.global_goals.through._meta.db_table,
        Organisation.municipalities.through._meta.db_table,
        Organisation.offer_categories.through._meta.db_table,
        ContactPerson._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
