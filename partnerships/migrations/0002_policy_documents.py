"""The policy documents the product is built on, with their goals.

- Motala's *Policy för social ekonomi* (Kommunfullmäktige 2015-08-31 § 83,
  dnr 15/KS 0150, valid from 2015-09-01) and its seven goals, in the policy's own words.
- Region Örebro län's regional action plan 2022–2025 for civil society and the social
  economy, with the priority "samverka med sociala företag" that Lekeberg's member's
  initiative cites; as a regional document it applies to every municipality in Örebro
  län (county 18), Lekeberg among them. Only what the initiative quotes is recorded: the
  deciding body and decision date are left for an officer to fill in.
"""

import datetime

from django.db import migrations

MOTALA_TEXT = """Inledning

Den sociala ekonomin utgör den tredje samhällssektorn där organisationer finner sin drivkraft i olika samhällsmål och återinvesterar sina vinster för att främja dessa. Den sociala ekonomin innefattar både frivilliga insatser och affärlösningar. Här återfinns ideella föreningar, sociala företag, kooperativ och stiftelser. Den sociala ekonomin ska inkludera gränslöst över socioekonomi, åldrar och etniciteter med syftet att bidra till delaktighet, jämlikhet och lärande.

Motala kommun ser den sociala ekonomin som en organisatoriskt fristående samarbetspartner för att främja innovationer, meningsfull sysselsättning, jämlik hälsa och ett rikare socialt liv för alla.

Policy för social ekonomi beskriver den politiska inriktningen och ett gemensamt förhållningssätt i hela kommunorganisationen. Kommunstyrelsen ansvarar med stöd av kommunledningsförvaltningen för att policyn implementeras.

Policy för social ekonomi

I Motala ska den sociala ekonomin utvecklas genom en mångfald av aktörer som tar ansvar för olika sociala, miljömässiga och ekonomiska verksamheter. Detta ska bidra till en utveckling av Motalas tillväxt genom att öka attraktiviteten för boende, företagande och besök.

Motala ska arbeta aktivt för att stärka den sociala ekonomin och synliggöra dess verksamheter både internt och externt. Kommunen ska aktivt sträva efter ett ökat samarbete med viktiga aktörer inom området samt bidra till att sociala företag startas och fortlever i Motala. Kommunen ska också uppmuntra goda relationer och samarbeten mellan sociala företag, föreningsliv och näringsliv.

Kommunala stödstrukturer ska utgå från resursjämlikhet och respekt för den sociala ekonomins fristående ställning och egenansvar. Socialt entreprenörskap ska uppmuntras och stötas, men konkurrera på samma villkor som näringslivet. Motala kommuns förvaltningar och bolag ska ta ansvar och bidra till att stötta den sociala företagarsektorn utifrån sina respektive områden, möjligheter och resurser.

Detta lägger en grund för ett inkluderande och attraktivt samhälle i framtidens Motala; den öppna, stolta och nyskapande sjöstaden."""

MOTALA_GOALS = [
    (
        "M1",
        "Mångfald av aktörer för tillväxt och attraktivitet",
        "A diversity of actors for growth and attractiveness",
        "I Motala ska den sociala ekonomin utvecklas genom en mångfald av aktörer som tar "
        "ansvar för olika sociala, miljömässiga och ekonomiska verksamheter. Detta ska bidra "
        "till en utveckling av Motalas tillväxt genom att öka attraktiviteten för boende, "
        "företagande och besök.",
    ),
    (
        "M2",
        "Stärka och synliggöra den sociala ekonomin",
        "Strengthen the social economy and make it visible",
        "Motala ska arbeta aktivt för att stärka den sociala ekonomin och synliggöra dess "
        "verksamheter både internt och externt.",
    ),
    (
        "M3",
        "Ökat samarbete med viktiga aktörer",
        "More cooperation with key actors",
        "Kommunen ska aktivt sträva efter ett ökat samarbete med viktiga aktörer inom området.",
    ),
    (
        "M4",
        "Sociala företag startas och fortlever",
        "Social enterprises are started and survive",
        "Kommunen ska bidra till att sociala företag startas och fortlever i Motala.",
    ),
    (
        "M5",
        "Relationer mellan sociala företag, föreningsliv och näringsliv",
        "Relations between social enterprises, associations and business",
        "Kommunen ska också uppmuntra goda relationer och samarbeten mellan sociala företag, "
        "föreningsliv och näringsliv.",
    ),
    (
        "M6",
        "Resursjämlikhet och respekt för självständigheten",
        "Resource equality and respect for independence",
        "Kommunala stödstrukturer ska utgå från resursjämlikhet och respekt för den sociala "
        "ekonomins fristående ställning och egenansvar. Socialt entreprenörskap ska uppmuntras "
        "och stötas, men konkurrera på samma villkor som näringslivet.",
    ),
    (
        "M7",
        "Alla förvaltningar och bolag bidrar",
        "Every department and company contributes",
        "Motala kommuns förvaltningar och bolag ska ta ansvar och bidra till att stötta den "
        "sociala företagarsektorn utifrån sina respektive områden, möjligheter och resurser.",
    ),
]

REGION_QUOTE = (
    "Verka för att stärka och utveckla sociala företag. De sociala företagen har särskilda "
    "behov av stöd, både vad gäller finansiering och kompetensutveckling, men också hur deras "
    "produkter, tjänster och service kan utvecklas och marknadsföras samt nå nya kundgrupper."
)
REGION_TEXT = (
    "Region Örebro län har olika prioriterade aktivitetsområden. Ett av områdena är att "
    "samverka med sociala företag.\n\n"
    "Ur den regionala handlingsplanen 2022–2025 för civilsamhälle och social ekonomi, "
    "som den citeras i Lekebergs kommuns ledamotsinitiativ om sociala företag:\n\n"
    f"”{REGION_QUOTE}”"
)

MOTALA_TITLE = "Policy för social ekonomi"
REGION_TITLE = "Regional handlingsplan för civilsamhälle och social ekonomi 2022–2025"


def seed(apps, schema_editor):
    PolicyDocument = apps.get_model("partnerships", "PolicyDocument")
    PolicyGoal = apps.get_model("partnerships", "PolicyGoal")
    motala, _ = PolicyDocument.objects.get_or_create(
        title=MOTALA_TITLE,
        municipality_id="0583",
        defaults={
            "deciding_body": "Kommunfullmäktige",
            "decision_date": datetime.date(2015, 8, 31),
            "paragraph": "§ 83",
            "diary_number": "15/KS 0150",
            "valid_from": datetime.date(2015, 9, 1),
            "text": MOTALA_TEXT,
        },
    )
    for order, (code, name_sv, name_en, text) in enumerate(MOTALA_GOALS, start=1):
        PolicyGoal.objects.get_or_create(
            document=motala,
            code=code,
            defaults={"name_sv": name_sv, "name_en": name_en, "text": text, "order": order},
        )
    region, _ = PolicyDocument.objects.get_or_create(
        title=REGION_TITLE,
        county_id="18",
        defaults={
            "valid_from": datetime.date(2022, 1, 1),
            "valid_to": datetime.date(2025, 12, 31),
            "text": REGION_TEXT,
        },
    )
    PolicyGoal.objects.get_or_create(
        document=region,
        code="RÖ1",
        defaults={
            "name_sv": "Samverka med sociala företag",
            "name_en": "Cooperate with social enterprises",
            "text": REGION_QUOTE,
            "order": 1,
        },
    )


def unseed(apps, schema_editor):
    PolicyDocument = apps.get_model("partnerships", "PolicyDocument")
    PolicyGoal = apps.get_model("partnerships", "PolicyGoal")
    documents = PolicyDocument.objects.filter(title__in=[MOTALA_TITLE, REGION_TITLE])
    PolicyGoal.objects.filter(document__in=documents).delete()
    documents.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
        ("registry", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
