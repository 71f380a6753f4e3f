"""Load the reference data every database needs: counties, municipalities, legal forms,
the 17 global goals, activity areas and offer categories. Safe to run on a database that
already has some of it (update_or_create)."""

import csv
from pathlib import Path

from django.db import migrations

MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parent.parent / "reference_data" / "municipalities.csv"
)

LEGAL_FORMS = [
    ("00", "Ej registrerad", "Not registered"),
    ("21", "Enkelt bolag", "Simple partnership"),
    ("31", "Handelsbolag eller kommanditbolag", "Trading or limited partnership"),
    ("49", "Aktiebolag", "Limited company"),
    ("51", "Ekonomisk förening", "Economic association"),
    ("53", "Bostadsrättsförening", "Housing cooperative"),
    ("54", "Kooperativ hyresrättsförening", "Cooperative tenancy association"),
    ("55", "Europakooperativ", "European cooperative society"),
    ("61", "Ideell förening", "Non-profit association"),
    ("62", "Samfällighetsförening", "Joint property association"),
    ("63", "Registrerat trossamfund", "Registered religious community"),
    ("71", "Familjestiftelse", "Family foundation"),
    ("72", "Övrig stiftelse eller fond", "Other foundation or fund"),
    ("81", "Statlig enhet", "State entity"),
    ("82", "Kommun", "Municipality"),
    ("83", "Kommunalförbund", "Local government federation"),
    ("84", "Region", "Region"),
    ("93", "Sparbank", "Savings bank"),
    (
        "98",
        "Övrig svensk juridisk person enligt särskild lag",
        "Other Swedish legal entity under special law",
    ),
    ("99", "Juridisk form ej utredd", "Legal form not determined"),
]

GLOBAL_GOALS = [
    (1, "Ingen fattigdom", "No poverty"),
    (2, "Ingen hunger", "Zero hunger"),
    (3, "God hälsa och välbefinnande", "Good health and well-being"),
    (4, "God utbildning för alla", "Quality education"),
    (5, "Jämställdhet", "Gender equality"),
    (6, "Rent vatten och sanitet för alla", "Clean water and sanitation"),
    (7, "Hållbar energi för alla", "Affordable and clean energy"),
    (8, "Anständiga arbetsvillkor och ekonomisk tillväxt", "Decent work and economic growth"),
    (
        9,
        "Hållbar industri, innovationer och infrastruktur",
        "Industry, innovation and infrastructure",
    ),
    (10, "Minskad ojämlikhet", "Reduced inequalities"),
    (11, "Hållbara städer och samhällen", "Sustainable cities and communities"),
    (12, "Hållbar konsumtion och produktion", "Responsible consumption and production"),
    (13, "Bekämpa klimatförändringarna", "Climate action"),
    (14, "Hav och marina resurser", "Life below water"),
    (15, "Ekosystem och biologisk mångfald", "Life on land"),
    (16, "Fredliga och inkluderande samhällen", "Peace, justice and strong institutions"),
    (17, "Genomförande och globalt partnerskap", "Partnerships for the goals"),
]

ACTIVITY_AREAS = [
    ("social", "Socialt arbete", "Social welfare"),
    ("employment", "Arbete och sysselsättning", "Employment and work integration"),
    ("integration", "Integration", "Integration"),
    ("education", "Utbildning och folkbildning", "Education and adult learning"),
    ("care", "Vård och omsorg", "Health and care"),
    ("children-youth", "Barn och unga", "Children and young people"),
    ("older-people", "Äldre", "Older people"),
    ("disability", "Funktionsrätt", "Disability"),
    ("culture", "Kultur", "Culture"),
    ("sport", "Idrott och friluftsliv", "Sport and outdoor life"),
    ("environment", "Miljö och klimat", "Environment and climate"),
    ("reuse", "Återbruk", "Reuse and recycling"),
    ("food", "Mat och odling", "Food and growing"),
    ("housing", "Boende", "Housing"),
    ("rural", "Landsbygdsutveckling", "Rural development"),
    ("public-health", "Folkhälsa", "Public health"),
]

OFFER_CATEGORIES = [
    ("cleaning", "Städ och fastighetsskötsel", "Cleaning and property services"),
    ("catering", "Catering och café", "Catering and café"),
    ("gardening", "Trädgård och grönyteskötsel", "Gardening and green spaces"),
    ("second-hand", "Återbruk och second hand", "Reuse and second hand"),
    ("crafts", "Hantverk och produktion", "Crafts and manufacturing"),
    ("transport", "Transport och flytt", "Transport and removals"),
    ("laundry", "Tvätt och textil", "Laundry and textiles"),
    ("training", "Utbildning och kurser", "Training and courses"),
    ("care-services", "Omsorg och assistans", "Care and personal assistance"),
    ("premises", "Konferens och lokaler", "Conference rooms and premises"),
    ("administration", "IT och administration", "IT and administration"),
    ("events", "Kultur och evenemang", "Culture and events"),
]


def load(apps, schema_editor):
    County = apps.get_model("registry", "County")
    Municipality = apps.get_model("registry", "Municipality")
    LegalForm = apps.get_model("registry", "LegalForm")
    GlobalGoal = apps.get_model("registry", "GlobalGoal")
    ActivityArea = apps.get_model("registry", "ActivityArea")
    OfferCategory = apps.get_model("registry", "OfferCategory")

    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        County.objects.update_or_create(
            code=row["county_code"], defaults={"name": row["county_name"]}
        )
    for row in rows:
        Municipality.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "county_id": row["county_code"]}
        )
    for code, name_sv, name_en in LEGAL_FORMS:
        LegalForm.objects.update_or_create(
            code=code, defaults={"name_sv": name_sv, "name_en": name_en}
        )
    for number, name_sv, name_en in GLOBAL_GOALS:
        GlobalGoal.objects.update_or_create(
            number=number, defaults={"name_sv": name_sv, "name_en": name_en}
        )
    for order, (slug, name_sv, name_en) in enumerate(ACTIVITY_AREAS, start=1):
        ActivityArea.objects.update_or_create(
            slug=slug, defaults={"name_sv": name_sv, "name_en": name_en, "order": order}
        )
    for order, (slug, name_sv, name_en) in enumerate(OFFER_CATEGORIES, start=1):
        OfferCategory.objects.update_or_create(
            slug=slug, defaults={"name_sv": name_sv, "name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
