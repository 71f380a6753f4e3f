"""The officers' list of the register, and what a bulk action on it touches.

The list is the whole register (every state), filtered with
``filters.OfficerRegisterFilter`` and ordered by name, one page read in one query with
the home municipality and whether the user may edit each row
(``access.editable_flag``). A bulk action names rows by key or as "all that match the
filter"; ``selection`` splits them into those the action changes, those it leaves as
they are, and those outside the officer's municipalities (``access.organisation_scope``).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from registry import access
from registry.filters import OfficerRegisterFilter
from registry.models import AccessLink, ContactPerson, OfficerAction, Organisation
from registry.selectors import VERIFY_RESEND_AFTER

PAGE_SIZE = 50
# What the confirmation page names, of each group; the rest are counted.
CONFIRMATION_LISTED = 100
# Keys given at once in a bulk form (a page's rows); "all that match" has no such bound.
MAX_SELECTED = 500

ORDER = (Lower("name").asc(), "id")
# What a row of the list shows.
LIST_FIELDS = (
    "name",
    "slug",
    "org_number",
    "publication_state",
    "status",
    "last_verified_on",
    "home_municipality__name",
    "version",
)


def register_filter(data, *, user) -> OfficerRegisterFilter:
    return OfficerRegisterFilter(data, queryset=Organisation.objects.all(), user=user)


def listed(register: OfficerRegisterFilter) -> QuerySet[Organisation]:
    """The filtered register as the list shows it, by name."""
    return (
        register.qs.select_related("home_municipality")
        .only(*LIST_FIELDS)
        .annotate(editable=access.editable_flag(register.user))
        .order_by(*ORDER)
    )


# --- bulk actions ------------------------------------------------------------------------

Kind = OfficerAction.Kind
BULK_KINDS = (Kind.PUBLISH, Kind.HIDE, Kind.VERIFY)


def changes_under(kind: str) -> Q:
    """The entries ``kind`` changes; the others it leaves as they are.

    - publish: a hidden entry (a draft or one awaiting review is decided in the review
      queue, which tells the submitter);
    - hide: a published entry;
    - verify: a published, active entry not asked in the last 30 days (the same pause
      as ``selectors.organisations_due_for_verification``) with an address to write to
      (``verification.recipients``)."""
    state = Organisation.PublicationState
    if kind == Kind.PUBLISH:
        return Q(publication_state=state.HIDDEN)
    if kind == Kind.HIDE:
        return Q(publication_state=state.PUBLISHED)
    from django.utils import timezone

    recently_asked = AccessLink.objects.filter(
        purpose=AccessLink.Purpose.VERIFY, created_at__gte=timezone.now() - VERIFY_RESEND_AFTER
    ).values("organisation_id")
    with_contact_address = ContactPerson.objects.exclude(email="").values("organisation_id")
    return (
        Q(publication_state=state.PUBLISHED, status=Organisation.Status.ACTIVE)
        & ~Q(pk__in=recently_asked)
        & (~Q(email="") | Q(pk__in=with_contact_address))
    )


@dataclass
class Selection:
    """The organisations a bulk action was asked for, in three groups (querysets by name)."""

    kind: str
    changed: QuerySet[Organisation]
    unchanged: QuerySet[Organisation]
    outside: QuerySet[Organisation]

    def counts(self) -> dict[str, int]:
        return {
            "changed": self.changed.count(),
            "unchanged": self.unchanged.count(),
            "outside": self.outside.count(),
        }


def selection(chosen: QuerySet[Organisation], *, kind: str, user) -> Selection:
    scope = access.organisation_scope(user)
    rule = changes_under(kind)
    base = chosen.select_related("home_municipality").order_by(*ORDER)
    inside = base.filter(scope)
    return Selection(
        kind=kind,
        changed=inside.filter(rule),
        unchanged=inside.exclude(rule),
        outside=base.exclude(scope) if scope else base.none(),
    )


def chosen_organisations(*, register: OfficerRegisterFilter, keys: list[int], every: bool):
    """Every organisation matching the filter, or those of ``keys`` among them."""
    queryset = register.qs
    if every:
        return queryset
    return queryset.filter(pk__in=keys)
