"""History and restore, the duplicates report and merging (registry.views.history)."""

from tests.access_matrix.rules import NOT_ALLOWED, OFFICER, OWN_MUNICIPALITY, Case
from tests.factories import OrganisationFactory


def _history_id(w) -> int:
    return w.own_organisation.history.order_by("history_id").first().history_id


def _twin(w):
    """An entry of the own municipality that may be the own organisation twice."""
    return OrganisationFactory(
        home_municipality=w.own_municipality,
        municipalities=[w.own_municipality],
        email="samma@example.se",
    )


def _pair(w) -> dict:
    return {"first": w.own_organisation.pk, "second": _twin(w).pk}


def _contact_history_id(w) -> int:
    contact = w.own_organisation.contacts.first()
    return contact.history.order_by("history_id").first().history_id


CASES = [
    Case(
        "registry:officer-contact-restore",
        kwargs=lambda w: {"slug": w.own_organisation.slug, "history_id": _contact_history_id(w)},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "registry:officer-organisation-history",
        kwargs=lambda w: {"slug": w.own_organisation.slug},
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    Case(
        "registry:officer-contact-history",
        kwargs=lambda w: {"slug": w.own_organisation.slug},
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    Case(
        "registry:officer-organisation-restore",
        kwargs=lambda w: {"slug": w.own_organisation.slug, "history_id": _history_id(w)},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case("registry:duplicate-report", get=OFFICER, post=NOT_ALLOWED),
    Case("registry:duplicates-dismissed", get=OFFICER, post=NOT_ALLOWED),
    Case("registry:duplicate-dismiss", kwargs=_pair, get=NOT_ALLOWED, post=OWN_MUNICIPALITY),
    Case("registry:duplicate-undismiss", kwargs=_pair, get=NOT_ALLOWED, post=OWN_MUNICIPALITY),
    Case("registry:organisation-merge", kwargs=_pair, get=OWN_MUNICIPALITY, post=OWN_MUNICIPALITY),
]
