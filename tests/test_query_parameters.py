"""Every view's query parameters, fed arbitrary strings: never a server error.

Each URL pattern of the project (``tests.urlwalk``) is opened as a visitor and as an
officer; the names its GET forms send (filters, search, periods, choosers), plus ``page``
and ``q``, are then given whatever hypothesis draws: any Unicode, digits such as "²",
huge numbers, very long strings, several values for one name."""

import uuid
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.models import PolicyGoal
from registry.api.hsds import hsds_id
from registry.models import ContactPerson, Organisation, ProblemReport, Submission
from tests.factories import OrganisationFactory
from tests.partnerships.factories import (
    EffortFactory,
    FollowUpNoteFactory,
    MunicipalUnitFactory,
    OfficerFactory,
)
from tests.urlwalk import routes, url_for

ROUTES = routes()

values = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=40,
    ),
    st.sampled_from(["²", "٣", "-1", "0", "99999999999999999999999", "1e9", "NaN", "x" * 3000]),
    st.integers().map(str),
)
parameter_values = st.one_of(values, st.lists(values, min_size=2, max_size=3))


class GetFormNames(HTMLParser):
    """The names a page's GET forms send."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in {"input", "select", "textarea"} and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


@pytest.fixture
def world(db):
    """One of each thing a URL can name, published where that matters."""
    organisation = OrganisationFactory()
    officer = OfficerFactory(username="param-officer", municipalities=["0583"])
    unit = MunicipalUnitFactory(municipality_id="0583")
    effort = EffortFactory(responsible_unit=unit, is_public=True)
    goal = PolicyGoal.objects.filter(document__municipality_id="0583").first()
    note = FollowUpNoteFactory(effort=effort)
    submission = Submission.objects.filter(organisation=organisation).first()
    contact = ContactPerson.objects.filter(organisation=organisation).first()
    report = ProblemReport.objects.create(
        organisation=organisation, category="other", message="x", submission_key=uuid.uuid4()
    )
    twin = OrganisationFactory(email=organisation.email)
    reporting = published_report(officer)
    return officer, {
        **{
            f"partnerships:{name}.pk": reporting.pk
            for name in (
                "report-detail",
                "report-version",
                "report-docx",
                "report-xlsx",
                "request-detail",
                "request-edit",
                "request-publish",
                "answer-edit",
            )
        },
        "number": 1,
        "question_pk": reporting.questions.get().pk,
        "slug": organisation.slug,
        "history_id": organisation.history.order_by("history_id").first().history_id,
        "first": organisation.pk,
        "second": twin.pk,
        "pk": effort.pk,
        "token": "not-a-token",
        "uidb64": "MQ",
        "fmt": "csv",
        "note_pk": note.pk,
        "document_pk": goal.document_id,
        "partnerships:goal-detail.pk": goal.pk,
        "partnerships:goal-edit.pk": goal.pk,
        "partnerships:document-edit.pk": goal.document_id,
        "partnerships:unit-edit.pk": unit.pk,
        "registry:submission-detail.pk": submission.pk if submission else 1,
        "registry:problem-report-resolve.pk": report.pk,
        "registry:self-service-contact-withdraw.pk": contact.pk if contact else 1,
        "registry:self-service-contact-remove.pk": contact.pk if contact else 1,
        "contact_pk": contact.pk if contact else 1,
        **{
            f"registry:{name}.pk": organisation.pk
            for name in (
                "officer-organisation-edit",
                "officer-contacts",
                "officer-contact-edit",
                "officer-contact-remove",
            )
        },
        "organisation": organisation,
        # The read API's lookups (/api/v1/).
        "code": "0583",
        "api:global-goal-detail.number": 8,
        "id": hsds_id("organization", organisation.pk),
    }


def published_report(officer):
    """A reporting request of Motala with one question and one published version."""
    import datetime

    from partnerships import report_services
    from partnerships.models import ReportingRequest

    request, _ = report_services.request_create(
        actor=officer,
        idempotency_key=uuid.uuid4(),
        fields={
            "title": "Uppföljning",
            "instrument": ReportingRequest.Instrument.ANNUAL_FOLLOW_UP,
            "asked_by": "Kommunstyrelsen",
            "municipality": officer.municipality_memberships.get().municipality,
            "received_on": datetime.date(2026, 1, 1),
            "due_on": None,
            "diary_number": "",
            "status": ReportingRequest.Status.RECEIVED,
            "responsible_officer": None,
        },
        questions=["Hur går det?"],
    )
    report_services.report_publish(
        actor=officer, request_id=request.pk, idempotency_key=uuid.uuid4()
    )
    return request


def parameter_names(client, url: str) -> list[str]:
    response = client.get(url)
    parser = GetFormNames()
    if response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode())
    return sorted(parser.names | {"page", "q"})


@pytest.mark.parametrize("role", ["visitor", "officer"])
@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_query_parameter_causes_a_server_error(client, world, route, role, data):
    officer, arguments = world
    if role == "officer":
        client.force_login(officer)
    url = url_for(route, arguments)
    names = parameter_names(client, url)
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=4, unique=True), label="names")
    params = {name: data.draw(parameter_values, label=name) for name in chosen}
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)


def test_the_walk_covers_the_pages_that_take_parameters():
    names = {route.name for route in ROUTES}
    for expected in [
        "registry:organisation-list",
        "registry:organisation-suggestions",
        "partnerships:public-list",
        "partnerships:effort-list",
        "partnerships:goal-overview",
        "partnerships:unit-contribution",
        "registry:moderation-queue",
    ]:
        assert expected in names
    assert Organisation  # the models the fixture names are the register's own
