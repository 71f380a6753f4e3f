"""Arbitrary input to the registration form: never a server error, never half an entry."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.models import ContactPerson, Organisation, Submission
from tests.registry.helpers import CHECK_URL, answer_steps, registration_data

TEXT_FIELDS = [
    "org-name",
    "org-alternate_names",
    "org-org_number",
    "org-presentation",
    "org-description",
    "org-founded_year",
    "org-website",
    "org-email",
    "org-phone",
    "org-postal_code",
    "org-city",
    "org-employees",
    "org-offers",
    "org-legal_form",
    "org-kind",
    "org-home_municipality",
    "contacts-0-name",
    "contacts-0-email",
    "contacts-0-phone",
    "contacts-TOTAL_FORMS",
    "reg-submission_key",
]

# Any Unicode text, with surrogates and NUL left out (no browser can send them in a
# form), and now and then a string longer than any field's limit.
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
) | st.builds(
    lambda char, size: char * size,
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    st.integers(201, 12000),
)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(overrides=st.dictionaries(st.sampled_from(TEXT_FIELDS), any_text, min_size=1, max_size=6))
def test_registration_form_survives_anything(client, overrides):
    before = (
        Organisation.objects.count(),
        Submission.objects.count(),
        ContactPerson.objects.count(),
    )
    data = registration_data(**overrides)
    data["reg-not_a_duplicate"] = "on"
    client.session.flush()  # a new registration each time: no answers from the last one
    # Every step in turn, then the check page's button (each step reads its own fields).
    response = answer_steps(client, data)
    if response.status_code == 302 and response["Location"] == CHECK_URL:
        response = client.post(CHECK_URL, data)
    assert response.status_code in (200, 302, 429)
    after = (
        Organisation.objects.count(),
        Submission.objects.count(),
        ContactPerson.objects.count(),
    )
    if response.status_code == 302:
        created = Submission.objects.exists() and after != before
        # Either a whole entry (organisation, submission, contact) or nothing at all.
        if created:
            assert after[0] - before[0] == after[1] - before[1] == 1
            assert after[2] - before[2] >= 1
    else:
        assert after == before
        # Nothing typed is lost: the text fields come back as they were sent (escaped).
        if "contacts-TOTAL_FORMS" in overrides:
            return  # a tampered management form: only a crafted request sends one
        # The page shown is the step with the errors (or the check page, rate limited).
        step = response.context.get("step")
        shown = {"organisation": ["org-name"], "contacts": ["contacts-0-name"]}
        for key in shown.get(step.slug if step else "", []):
            value = data.get(key, "")
            if value and len(value) <= 200 and value.strip() == value and "\r" not in value:
                from django.utils.html import escape

                assert escape(value) in response.content.decode()


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=any_text, kind=any_text, page=any_text)
def test_directory_survives_anything(client, query, kind, page):
    response = client.get(
        "/organisationer/", {"q": query[:500], "kind": kind[:50], "page": page[:50]}
    )
    assert response.status_code == 200


def test_uuid_field_is_required():
    assert uuid.UUID(registration_data()["reg-submission_key"])
