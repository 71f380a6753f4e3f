"""The read API (/api/v1/) in the access matrix: every URL is public to read and refuses
every write (405)."""

from partnerships.models import PolicyDocument, PolicyGoal
from registry.api.hsds import hsds_id
from registry.models import ActivityArea, OfferCategory
from tests.access_matrix.rules import NOT_ALLOWED, PUBLIC, Answer, Case, rule
from tests.partnerships.factories import EffortFactory


def _effort(w):
    return {"pk": EffortFactory(organisations=[w.own_organisation]).pk}


READ_ONLY = {"get": PUBLIC, "post": NOT_ALLOWED}
# Any other path under the API is a JSON 404 for everyone (read-only: a POST is a 405).
UNKNOWN = rule("UNKNOWN_API_PATH", Answer.NOT_FOUND)

CASES = [
    Case("api:root", **READ_ONLY),
    Case("api:schema", **READ_ONLY),
    Case("api:not-found", get=UNKNOWN, post=NOT_ALLOWED),
    Case("api-docs", **READ_ONLY),
    Case("api:organisation-list", **READ_ONLY),
    Case(
        "api:organisation-detail",
        kwargs=lambda w: {"slug": w.own_organisation.slug},
        **READ_ONLY,
    ),
    Case("api:hsds-organization-list", **READ_ONLY),
    Case(
        "api:hsds-organization-detail",
        kwargs=lambda w: {"id": hsds_id("organization", w.own_organisation.pk)},
        **READ_ONLY,
    ),
    Case("api:municipality-list", **READ_ONLY),
    Case("api:municipality-detail", kwargs=lambda w: {"code": "1814"}, **READ_ONLY),
    Case("api:county-list", **READ_ONLY),
    Case("api:county-detail", kwargs=lambda w: {"code": "18"}, **READ_ONLY),
    Case("api:legal-form-list", **READ_ONLY),
    Case("api:legal-form-detail", kwargs=lambda w: {"code": "61"}, **READ_ONLY),
    Case("api:activity-area-list", **READ_ONLY),
    Case(
        "api:activity-area-detail",
        kwargs=lambda w: {"slug": ActivityArea.objects.order_by("pk").first().slug},
        **READ_ONLY,
    ),
    Case("api:global-goal-list", **READ_ONLY),
    Case("api:global-goal-detail", kwargs=lambda w: {"number": 8}, **READ_ONLY),
    Case("api:offer-category-list", **READ_ONLY),
    Case(
        "api:offer-category-detail",
        kwargs=lambda w: {"slug": OfferCategory.objects.order_by("pk").first().slug},
        **READ_ONLY,
    ),
    Case("api:effort-list", **READ_ONLY),
    Case("api:effort-detail", kwargs=_effort, **READ_ONLY),
    Case("api:policy-document-list", **READ_ONLY),
    Case(
        "api:policy-document-detail",
        kwargs=lambda w: {"pk": PolicyDocument.objects.order_by("pk").first().pk},
        **READ_ONLY,
    ),
    Case("api:policy-goal-list", **READ_ONLY),
    Case(
        "api:policy-goal-detail",
        kwargs=lambda w: {"pk": PolicyGoal.objects.order_by("pk").first().pk},
        **READ_ONLY,
    ),
]
