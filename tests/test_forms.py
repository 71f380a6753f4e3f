"""One way to draw a form and to word its messages (``socialeconomy.forms``), one way to
show a date: the conventions every form and page of the portal follow."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

from partnerships.forms import DocumentForm, EffortForm, UnitForm
from partnerships.models import Effort
from registry.forms import ContactForm, ContactFormSet, OrganisationForm, ProblemReportForm
from socialeconomy.forms import PortalForm, initial_from_data

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = [ROOT / "registry", ROOT / "partnerships", ROOT / "socialeconomy", ROOT / "templates"]


def product_files(*suffixes):
    for folder in PRODUCT:
        for path in folder.rglob("*"):
            if path.suffix in suffixes and "migrations" not in path.parts:
                yield path


class Sample(PortalForm, forms.Form):
    title = forms.CharField(label="Titel", max_length=5)
    county = forms.ChoiceField(label="Län", choices=[("", "---"), ("05", "Östergötland")])
    areas = forms.MultipleChoiceField(
        label="Verksamhetsområden",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.DateField(label="Startdatum")
    agree = forms.BooleanField(label="Jag godkänner")
    code = forms.CharField(label="Kod", required=True)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)

    required_messages = {"code": "Skriv kortkoden, till exempel M1"}
    fieldsets = [("Om", [("title", "county")]), (None, [("start",)])]


def test_an_empty_field_says_which_field_and_what_to_do():
    form = Sample(data={})
    assert not form.is_valid()
    assert form.errors["title"] == ["Skriv titel"]
    assert form.errors["county"] == ["Välj län"]
    assert form.errors["areas"] == ["Välj minst ett alternativ: verksamhetsområden"]
    assert form.errors["start"] == ["Ange startdatum, till exempel 2026-03-31"]
    assert form.errors["agree"] == ["Kryssa i rutan för att gå vidare."]
    assert form.errors["code"] == ["Skriv kortkoden, till exempel M1"]


def test_messages_follow_the_language():
    with translation.override("en"):
        form = Sample(data={})
        form.is_valid()
        assert form.errors["title"] == ["Enter titel"]
        assert form.errors["county"] == ["Choose län"]


def test_a_long_value_is_told_the_limit_in_words():
    form = Sample(data={"title": "abcdefg"})
    form.is_valid()
    assert form.errors["title"] == ["Skriv högst 5 tecken (nu 7)."]
    with translation.override("en"):
        form = Sample(data={"title": "abcdefg"})
        form.is_valid()
        assert form.errors["title"] == ["Write at most 5 characters (now 7)."]


@pytest.mark.django_db
def test_no_form_of_the_portal_says_the_generic_required_message():
    forms_ = [
        OrganisationForm(data={}),
        ContactForm(data={}),
        ProblemReportForm(data={}),
        UnitForm(data={}, municipalities=[]),
        DocumentForm(data={}, municipalities=[]),
        EffortForm(data={}, units=Effort.objects.none(), officers=Effort.objects.none()),
    ]
    generic = {"Detta fält måste fyllas i.", "This field is required."}
    for form in forms_:
        form.is_valid()
        messages = {message for errors in form.errors.values() for message in errors}
        assert messages, type(form).__name__
        assert not messages & generic, type(form).__name__


def test_the_formset_says_what_is_missing_in_a_sentence():
    data = {
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "1",
        "contacts-MAX_NUM_FORMS": "5",
    }
    formset = ContactFormSet(data, prefix="contacts")
    assert not formset.is_valid()
    assert "Ange minst 1 kontaktperson." in formset.non_form_errors()


def test_the_form_template_lays_out_fieldsets_and_marks_required_fields():
    html = Template("{{ form }}").render(Context({"form": Sample()}))
    assert '<legend class="h5">Om</legend>' in html
    assert html.index('id="id_title"') < html.index('id="id_start"') < html.index('id="id_areas_0"')
    assert '<div class="col-md-6">' in html  # title and county side by side
    assert "(obligatoriskt)" in html
    assert 'type="hidden" name="hidden"' in html
    assert "*" not in re.sub(r"<[^>]+>", "", html)  # one convention: no asterisks


def test_a_field_with_an_error_is_described_by_it():
    form = Sample(data={"title": ""})
    form.is_valid()
    html = form["title"].as_field_group()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_title_error"' in html
    assert 'id="id_title_error"' in html


def test_an_unbound_copy_keeps_what_was_typed_without_errors():
    bound = Sample(data={"title": "Hej", "areas": ["b"], "agree": "on"})
    copy = Sample(initial=initial_from_data(bound))
    assert not copy.is_bound and not copy.errors
    html = str(copy)
    assert 'value="Hej"' in html
    assert re.search(r'value="b"[^>]*checked', html)


@pytest.mark.parametrize(
    ("language", "date", "datetime_"),
    [
        ("sv", "1 december 2026", "1 december 2026 09:18"),
        ("en", "1 December 2026", "1 December 2026 09:18"),
    ],
)
def test_dates_are_written_the_same_way_everywhere(language, date, datetime_):
    moment = datetime.datetime(2026, 12, 1, 9, 18)
    with translation.override(language):
        assert formats.date_format(moment.date(), "DATE_FORMAT") == date
        assert formats.date_format(moment, "DATETIME_FORMAT") == datetime_
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "2026-12-01"
        rendered = Template("{{ d|date }}").render(Context({"d": moment.date()}))
        assert rendered == date


def test_product_code_draws_forms_and_dates_one_way():
    """No crispy tags, no second field template, no date patterns written out, no reach
    into a form's private error lists."""
    offences = []
    for path in product_files(".html", ".txt", ".py"):
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"\{% crispy",
            r'include "includes/_field\.html"',
            r'date:"[^"A-Z]*[a-z][^"]*"',  # a pattern, not a format name
            r'date_format\([^)]*"[a-zA-Z :-]*[a-z][^"]*"\)',
            r"\._(non_form_)?errors\b",
        ):
            if path.name == "forms.py" and path.parent.name == "socialeconomy":
                continue
            for match in re.finditer(pattern, text):
                offences.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert offences == []


@pytest.mark.django_db
def test_the_register_forms_name_what_is_missing_in_their_own_words():
    organisation = OrganisationForm(data={})
    organisation.is_valid()
    assert organisation.errors["name"] == ["Skriv organisationens namn"]
    assert organisation.errors["kind"] == ["Välj vilken typ av organisation det är"]
    contact = ContactForm(data={})
    contact.is_valid()
    assert contact.errors["email"] == ["Skriv kontaktpersonens e-postadress"]


@pytest.mark.parametrize(
    ("given", "page"),
    [({}, 1), ({"page": "3"}, 3), ({"page": "²"}, 1), ({"page": "-2"}, 1), ({"page": "9" * 30}, 1)],
)
def test_the_page_asked_for_goes_through_a_form(given, page):
    from django.http import QueryDict

    from socialeconomy.forms import page_number

    data = QueryDict(mutable=True)
    data.update(given)
    assert page_number(data) == page
