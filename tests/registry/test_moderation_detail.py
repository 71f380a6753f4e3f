"""The moderation page of a submission shows everything its approval would publish."""

import datetime
import html
import re
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.text import capfirst

from registry import display, services
from registry.changes import SELF_SERVICE_FIELDS
from registry.models import (
    ActivityArea,
    ContactPerson,
    GlobalGoal,
    LegalForm,
    OfferCategory,
    Organisation,
    Submission,
)
from tests.factories import OrganisationFactory
from tests.registry.helpers import (
    last_link,
    make_officer,
    submit_registration,
)

pytestmark = pytest.mark.django_db

EN_DASH = "\u2013"  # what a field left empty shows


@pytest.fixture
def officer():
    return make_officer()


def register_and_confirm(client, **overrides) -> Submission:
    submit_registration(client, **overrides)
    client.post(last_link("/registrera/bekrafta/"))
    mail.outbox.clear()
    return Submission.objects.order_by("-pk").first()


def every_field_filled() -> dict:
    areas = list(ActivityArea.objects.order_by("order", "name_sv")[:2])
    categories = list(OfferCategory.objects.order_by("order", "name_sv")[:2])
    return {
        "org-alternate_names": "KAK\nKvarnbacken",
        "org-org_number": "769600-4972",
        "org-activity_areas": [str(area.pk) for area in areas],
        "org-global_goals": ["8", "10"],
        "org-municipalities": ["1880"],
        "org-offer_categories": [str(category.pk) for category in categories],
        "org-sells_to_business": "on",
        "contacts-TOTAL_FORMS": "2",
        "contacts-1-name": "Olle Berg",
        "contacts-1-role": "Kassör",
        "contacts-1-email": "olle@kvarnbacken.example.se",
        "contacts-1-phone": "070-765 43 21",
        "contacts-1-consent": "on",
    }


def summary_of(page: str) -> dict[str, str]:
    """The registration's description list, label → value, as the page shows them."""
    summary = re.search(r'<dl class="row summary">(.*?)</dl>', page, re.S).group(1)
    pairs = re.findall(
        r'<dt class="col-sm-3">(.*?)</dt><dd class="col-sm-9">(.*?)</dd>', summary, re.S
    )
    return {html.unescape(label): html.unescape(value) for label, value in pairs}


def contact_rows_of(page: str) -> list[list[str]]:
    table = re.search(r'<table class="table summary-contacts">(.*?)</table>', page, re.S)
    body = table.group(1).split("<tbody>")[1]
    return [
        [html.unescape(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_a_registration_shows_every_field_that_approval_publishes(client, officer):
    submission = register_and_confirm(client, **every_field_filled())
    client.force_login(officer)
    page = client.get(f"/handlaggare/granskning/{submission.pk}/").content.decode()

    areas = ActivityArea.objects.order_by("order", "name_sv")[:2]
    categories = OfferCategory.objects.order_by("order", "name_sv")[:2]
    goals = GlobalGoal.objects.filter(number__in=[8, 10]).order_by("number")
    expected = {
        "name": "Kvarnbackens Arbetskooperativ",
        "alternate_names": "KAK<br>Kvarnbacken",
        "org_number": "769600-4972",
        "legal_form": LegalForm.objects.get(code="51").name_sv,
        "kind": "Socialt företag",
        "work_integrating": "Ja",
        "activity_areas": ", ".join(area.name_sv for area in areas),
        "global_goals": ", ".join(f"{goal.number}. {goal.name_sv}" for goal in goals),
        "home_municipality": "Lekeberg",
        "municipalities": "Lekeberg, Örebro",
        "presentation": "Vi driver café och catering med arbetsträning.",
        "description": "Ett arbetsintegrerande socialt företag i Lekeberg.",
        "founded_year": "2022",
        "website": "https://kvarnbacken.example.se",
        "email": "info@kvarnbacken.example.se",
        "phone": "0585-123 45",
        "street_address": "Storgatan 1",
        "postal_code": "716 31",
        "city": "Fjugesta",
        "employees": "6",
        "people_in_work_integration": "12",
        "offers": "Catering till möten.",
        "offer_categories": ", ".join(category.name_sv for category in categories),
        "sells_to_public_sector": "Ja",
        "sells_to_business": "Ja",
    }
    assert set(expected) == set(SELF_SERVICE_FIELDS)  # every published field is checked
    with translation.override("sv"):
        labels = {
            name: capfirst(str(Organisation._meta.get_field(name).verbose_name))
            for name in SELF_SERVICE_FIELDS
        }
    assert summary_of(page) == {labels[name]: value for name, value in expected.items()}

    with translation.override("sv"):
        headers = [
            capfirst(str(ContactPerson._meta.get_field(name).verbose_name))
            for name in display.CONTACT_FIELDS
        ]
    assert all(f'<th scope="col">{header}</th>' in page for header in headers)
    assert contact_rows_of(page) == [
        [
            "Karin Andersson",
            "Verksamhetsledare",
            "karin@kvarnbacken.example.se",
            "070-123 45 67",
            "Ja",
        ],
        ["Olle Berg", "Kassör", "olle@kvarnbacken.example.se", "070-765 43 21", "Nej"],
    ]


def test_empty_fields_show_a_dash(client, officer):
    submission = register_and_confirm(
        client, **{"org-founded_year": "", "org-website": "", "contacts-0-role": ""}
    )
    client.force_login(officer)
    page = client.get(f"/handlaggare/granskning/{submission.pk}/").content.decode()
    summary = summary_of(page)
    for label in ["Grundad år", "Webbplats", "Kategorier av erbjudanden"]:
        assert summary[label] == EN_DASH
    assert contact_rows_of(page)[0][1] == EN_DASH


def test_the_page_has_a_fixed_number_of_queries(client, officer):
    few = register_and_confirm(client)
    many = register_and_confirm(
        client, **{**every_field_filled(), "org-name": "Ett annat kooperativ i Lekeberg"}
    )
    client.force_login(officer)
    counts = []
    for submission in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/handlaggare/granskning/{submission.pk}/")
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_from_shows_the_name_and_the_address(client, officer):
    submission = register_and_confirm(client)
    client.force_login(officer)
    page = client.get(f"/handlaggare/granskning/{submission.pk}/").content.decode()
    assert "Karin Andersson &lt;karin@kvarnbacken.example.se&gt;" in page


def test_from_shows_the_address_once_when_it_is_all_there_is(client, officer):
    submission = services.change_request_submit(
        organisation=OrganisationFactory(),
        data={"presentation": "Ny text"},
        submitter_email="karin@kvarnbacken.example.se",
        submitter_name="Karin@Kvarnbacken.example.se",
        submission_key=uuid.uuid4(),
        language="sv",
    )
    client.force_login(officer)
    page = client.get(f"/handlaggare/granskning/{submission.pk}/").content.decode()
    assert page.lower().count("karin@kvarnbacken.example.se") == 1
    assert "&lt;" not in page.split("<main")[1]


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("work_integrating", True, "Ja"),
        ("sells_to_business", False, "Nej"),
        ("kind", "cooperative", "Kooperativ"),
        ("founded_year", 1995, "1995"),
        ("employees", None, EN_DASH),
        ("phone", "", EN_DASH),
        ("latitude", Decimal("58.537500"), "58,537500"),
        ("ceased_on", datetime.date(2025, 6, 30), "30 juni 2025"),
        ("status", "ceased", "Upphört"),
    ],
)
def test_display_value_reads_as_people_write(field, value, shown):
    with translation.override("sv"):
        assert display.display_value(Organisation._meta.get_field(field), value) == shown


def test_display_value_names_relations(db):
    with translation.override("sv"):
        home = Organisation._meta.get_field("home_municipality")
        goals = Organisation._meta.get_field("global_goals")
        assert display.display_value(home, home.related_model.objects.get(code="0583")) == "Motala"
        assert display.display_value(goals, GlobalGoal.objects.filter(number=5)).startswith("5. ")
        assert display.display_value(goals, []) == EN_DASH
