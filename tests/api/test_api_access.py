"""Access to the read API: every URL is public to read, for anyone signed in or not,
and refuses every write; the access matrix's cases (tests/access_matrix/cases_api.py)
name every one of them."""

from pathlib import Path

import pytest
from django.urls import get_resolver, reverse

from partnerships.models import PolicyDocument, PolicyGoal
from registry.api.hsds import hsds_id
from registry.models import ActivityArea, OfferCategory
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

CASES_FILE = Path(__file__).resolve().parent.parent / "access_matrix" / "cases_api.py"


def api_url_names() -> set[str]:
    names = {f"api:{name}" for name in get_resolver().namespace_dict["api"][1].reverse_dict
             if isinstance(name, str)}  # fmt: skip
    # The catch-all for unknown paths is a JSON 404, tested on its own.
    return (names | {"api-docs"}) - {"api:not-found"}


@pytest.fixture
def urls():
    organisation = OrganisationFactory()
    effort = EffortFactory(organisations=[organisation])
    kwargs = {
        "api:organisation-detail": {"slug": organisation.slug},
        "api:hsds-organization-detail": {"id": hsds_id("organization", organisation.pk)},
        "api:municipality-detail": {"code": "1814"},
        "api:county-detail": {"code": "18"},
        "api:legal-form-detail": {"code": "61"},
        "api:activity-area-detail": {"slug": ActivityArea.objects.first().slug},
        "api:global-goal-detail": {"number": 8},
        "api:offer-category-detail": {"slug": OfferCategory.objects.first().slug},
        "api:effort-detail": {"pk": effort.pk},
        "api:policy-document-detail": {"pk": PolicyDocument.objects.first().pk},
        "api:policy-goal-detail": {"pk": PolicyGoal.objects.first().pk},
    }
    return [reverse(name, kwargs=kwargs.get(name)) for name in sorted(api_url_names())]


def test_every_api_url_is_read_only_and_public(client, urls):
    assert len(urls) == 25
    for user in (None, UserFactory(), OfficerFactory()):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (url, user)
            for method in (client.post, client.put, client.patch, client.delete):
                assert method(url).status_code == 405, (url, method.__name__, user)


def test_the_access_matrix_names_every_api_url():
    cases = CASES_FILE.read_text()
    for name in api_url_names():
        assert f'Case("{name}"' in cases or f'"{name}",' in cases, name
