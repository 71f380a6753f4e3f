"""Query-count guards: every list and follow-up page costs a fixed number of queries,
however many efforts, organisations, goals and notes there are."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, FollowUpNoteFactory, MunicipalUnitFactory

pytestmark = pytest.mark.django_db


def make_efforts(count, *, motala, goals, organisation):
    units = [MunicipalUnitFactory(municipality=motala) for _ in range(3)]
    others = [OrganisationFactory() for _ in range(3)]
    efforts = []
    for n in range(count):
        effort = EffortFactory(
            responsible_unit=units[n % 3],
            start_date=datetime.date(2016 + n % 9, 1 + n % 12, 1),
            amount_awarded=Decimal(1000 * n),
            kind=["grant", "iop", "premises"][n % 3],
            organisations=[(organisation, "partner"), (others[n % 3], "recipient")],
            goals=[goals["M1"], goals[f"M{2 + n % 6}"]],
        )
        FollowUpNoteFactory(effort=effort)
        FollowUpNoteFactory(effort=effort)
        efforts.append(effort)
    return efforts


# (url name, kwargs, most queries allowed). Every count includes seven queries of the
# request itself for a signed-in officer: the session, the user, the user's and the
# groups' permissions (is_officer), and saving the session (BEGIN, UPDATE, COMMIT).
PAGES = [
    ("public-list", {}, 11),
    ("public-detail", {"pk": "effort"}, 10),
    # + the officer's municipalities, for the "Edit" link (access.can_edit_organisation)
    ("organisation-detail", {"slug": "organisation"}, 15),
    ("effort-list", {}, 16),
    ("effort-detail", {"pk": "effort"}, 18),  # + the payments
    ("effort-create", {}, 13),
    ("effort-edit", {"pk": "effort"}, 17),  # + the payments
    ("organisation-efforts", {"slug": "organisation"}, 13),  # + the payments
    ("goal-overview", {}, 15),
    ("goal-detail", {"pk": "goal"}, 15),
    ("unit-contribution", {}, 15),
    ("document-list", {}, 12),
    ("unit-list", {}, 10),
]


def resolve(name, kwargs, world):
    args = {}
    for key, value in kwargs.items():
        args[key] = world[value].slug if key == "slug" else world[value].pk
    namespace = "registry" if name == "organisation-detail" else "partnerships"
    return reverse(f"{namespace}:{name}", kwargs=args)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("name,kwargs,most", PAGES)
def test_query_count_does_not_grow_with_the_data(
    client, motala, motala_officer, motala_goals, name, kwargs, most, django_assert_max_num_queries
):
    organisation = OrganisationFactory(slug="kvarnens-vanner")
    client.force_login(motala_officer)
    efforts = make_efforts(2, motala=motala, goals=motala_goals, organisation=organisation)
    world = {"effort": efforts[0], "organisation": organisation, "goal": motala_goals["M1"]}
    url = resolve(name, kwargs, world)
    few = count_queries(client, url)
    make_efforts(10, motala=motala, goals=motala_goals, organisation=organisation)
    many = count_queries(client, url)
    assert many == few, f"{url}: {few} queries with 2 efforts, {many} with 12"
    assert many <= most, f"{url}: {many} queries, at most {most} expected"
    with django_assert_max_num_queries(most):  # again, with the figures cached
        client.get(url)


def test_export_query_count(
    client, motala, motala_officer, motala_goals, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    client.force_login(motala_officer)
    make_efforts(12, motala=motala, goals=motala_goals, organisation=organisation)
    with django_assert_max_num_queries(11):  # 10, and the payments
        response = client.get("/handlaggare/insatser/export.csv")
        b"".join(response.streaming_content)


def test_anonymous_public_list(client, motala, motala_goals, django_assert_num_queries):
    make_efforts(12, motala=motala, goals=motala_goals, organisation=OrganisationFactory())
    # Municipalities for the filter, count, page, organisations of the page's efforts.
    with django_assert_num_queries(4):
        client.get(reverse("partnerships:public-list"))
