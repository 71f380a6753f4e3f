"""Who may do what: the one access module. Every view asks here, on the server.

Roles:
- the public (anyone, signed in or not): public pages only;
- an organisation's contact: through an e-mailed link (``registry.tokens``) that, once
  opened, grants the browser's session an editing session for that organisation only
  (``contact_session_open`` / ``contact_session``);
- an officer (``OFFICERS_GROUP``) of one or more municipalities
  (``partnerships.OfficerMembership``, reached through the user's
  ``municipality_memberships``): reads the whole register and every effort; moderates,
  edits and verifies the entries of their own municipalities, home or operating
  (``organisation_scope``); logs and edits efforts and reference data of their own
  municipalities (``can_edit_in``); moderation queues, problem reports and
  verification are scoped the same way;
- an administrator (a superuser): does everything.

Registry stands below partnerships: nothing here imports partnerships at module level;
partnerships' rows are reached through their related names.
"""

import datetime
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OFFICERS_GROUP = "Officers"
MODERATE_PERMISSION = "registry.moderate_submission"

_MUNICIPALITIES_ATTR = "_officer_municipalities"


def is_officer(user) -> bool:
    """An active user whose group (or superuser status) grants moderation."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION)
    )


def is_administrator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def officer_municipalities(user) -> list:
    """The municipalities the officer works for, by name (one query per request)."""
    if not is_officer(user):
        return []
    municipalities = getattr(user, _MUNICIPALITIES_ATTR, None)
    if municipalities is None:
        memberships = user.municipality_memberships.select_related("municipality").order_by(
            "municipality__name"
        )
        municipalities = [membership.municipality for membership in memberships]
        setattr(user, _MUNICIPALITIES_ATTR, municipalities)
    return municipalities


def officer_municipality_codes(user) -> frozenset[str]:
    """The codes of the municipalities the officer works for (one query per request)."""
    return frozenset(municipality.code for municipality in officer_municipalities(user))


def covered_municipalities(user) -> list | None:
    """The municipalities whose entries the user moderates, edits and verifies: None for
    an administrator (every one), the officer's own otherwise."""
    if is_administrator(user):
        return None
    return officer_municipalities(user)


NOT_AN_OFFICER = gettext_lazy(
    "Your account is not an officer's account. If you work with the register, ask the "
    "portal's administrator to give you the officer role."
)
NOT_YOUR_MUNICIPALITY = gettext_lazy(
    "This belongs to a municipality whose officers you are not among. If you should "
    "work with it, ask the portal's administrator to add you to its officers."
)

NO_MUNICIPALITY = gettext_lazy(
    "Your officer's account belongs to no municipality yet. Ask the portal's "
    "administrator to add you to your municipality's officers."
)

ADMINISTRATORS_ONLY = gettext_lazy("The page is for the portal's administrators.")


def officer_required(view):
    """Anonymous users are sent to sign in; signed-in non-officers get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied(NOT_AN_OFFICER)
        return view(request, *args, **kwargs)

    return wrapper


def administrator_required(view):
    """Anonymous users are sent to sign in; signed-in non-administrators get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied(ADMINISTRATORS_ONLY)
        return view(request, *args, **kwargs)

    return wrapper


# --- The register, scoped by municipality -----------------------------------------------


def organisation_scope(user) -> Q:
    """The organisations the user may moderate, edit and verify, as a filter: those
    whose home or operating municipality is one of the officer's; all for an
    administrator; none for anyone else."""
    if is_administrator(user):
        return Q()
    codes = officer_municipality_codes(user)
    if not codes:
        return Q(pk__in=[])
    return Q(home_municipality__in=codes) | Q(pk__in=_operating_in(codes))


def _operating_in(codes):
    from registry.models import Organisation

    return Organisation.municipalities.through.objects.filter(municipality_id__in=codes).values(
        "organisation_id"
    )


def can_edit_organisation(user, organisation) -> bool:
    if is_administrator(user):
        return True
    codes = officer_municipality_codes(user)
    if not codes:
        return False
    if organisation.home_municipality_id in codes:
        return True
    prefetched = getattr(organisation, "_prefetched_objects_cache", {}).get("municipalities")
    if prefetched is not None:  # the page has them already: no query
        return any(municipality.code in codes for municipality in prefetched)
    return organisation.municipalities.filter(code__in=codes).exists()


def require_edit_organisation(user, organisation) -> None:
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied(NOT_YOUR_MUNICIPALITY)


def organisation_for_edit(user, queryset, **lookup):
    """The organisation, 404 when it does not exist, 403 when it is not the user's."""
    organisation = get_object_or_404(queryset, **lookup)
    require_edit_organisation(user, organisation)
    return organisation


# --- Efforts and reference data (partnerships), scoped by municipality ------------------

EFFORT_PERMISSION = "partnerships.change_effort"


def _logs_efforts(user) -> bool:
    return is_officer(user) and user.has_perm(EFFORT_PERMISSION)


def can_edit_in(user, municipality_code: str) -> bool:
    """May this user log and edit efforts for the municipality?"""
    if not _logs_efforts(user):
        return False
    return user.is_superuser or municipality_code in officer_municipality_codes(user)


def editable_municipalities(user):
    """The municipalities the user logs efforts for, as a queryset."""
    from registry.models import Municipality

    if not _logs_efforts(user):
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.filter(units__isnull=False).distinct()
    return Municipality.objects.filter(code__in=officer_municipality_codes(user))


def require_edit_in(user, municipality_code: str) -> None:
    if not can_edit_in(user, municipality_code):
        raise PermissionDenied(NOT_YOUR_MUNICIPALITY)


def can_edit_document(user, document) -> bool:
    """A municipal document: its officers. A regional one: officers in the county."""
    from registry.models import Municipality

    if document.municipality_id:
        return can_edit_in(user, document.municipality_id)
    if not _logs_efforts(user):
        return False
    if user.is_superuser:
        return True
    return Municipality.objects.filter(
        code__in=officer_municipality_codes(user), county_id=document.county_id
    ).exists()


def effort_for_edit(user, queryset, pk):
    """The effort, 404 when it does not exist, 403 when it is not the user's to edit."""
    effort = get_object_or_404(queryset, pk=pk)
    require_edit_in(user, effort.responsible_unit.municipality_id)
    return effort


# --- An organisation's contact, through an opened e-mailed link -------------------------

CONTACT_SESSION_KEY = "registry_edit_grant"
CONTACT_SESSION_LIFETIME = datetime.timedelta(hours=2)


def contact_session_open(request, link) -> None:
    """The holder of an opened edit (or verification) link may edit that link's
    organisation for ``CONTACT_SESSION_LIFETIME`` in this browser session."""
    request.session.cycle_key()
    request.session[CONTACT_SESSION_KEY] = {
        "organisation": link.organisation_id,
        "email": link.email,
        "expires": (timezone.now() + CONTACT_SESSION_LIFETIME).isoformat(),
    }


def contact_organisation_id(request) -> int | None:
    """The organisation this session holds an open editing session for, or None."""
    grant = request.session.get(CONTACT_SESSION_KEY)
    if not isinstance(grant, dict):
        return None
    try:
        expires = datetime.datetime.fromisoformat(grant["expires"])
        organisation_id = int(grant["organisation"])
    except (KeyError, TypeError, ValueError):
        return None
    if expires < timezone.now():
        return None
    return organisation_id


def is_contact_for(request, organisation) -> bool:
    return contact_organisation_id(request) == organisation.pk


def contact_session(request):
    """The organisation this session may edit and the address that opened the link;
    403 when the session holds no open editing session, 404 when the entry is gone."""
    from registry.models import Organisation

    organisation_id = contact_organisation_id(request)
    if organisation_id is None:
        raise PermissionDenied(_("Your editing session has ended. Ask for a new link."))
    organisation = get_object_or_404(
        Organisation.objects.select_related("home_municipality", "legal_form"),
        pk=organisation_id,
    )
    return organisation, request.session[CONTACT_SESSION_KEY]["email"]


def can_create_organisation_in(user, municipality_code: str | None) -> bool:
    """An officer enters organisations at home in one of their own municipalities; an
    administrator anywhere."""
    if is_administrator(user):
        return True
    return bool(municipality_code) and municipality_code in officer_municipality_codes(user)


def editable_flag(user):
    """``can_edit_organisation`` for every row of a list at once, as an expression to
    annotate (``organisation_scope`` in one CASE, no query per row)."""
    from django.db.models import BooleanField, Case, Value, When

    if is_administrator(user):
        return Value(True)
    return Case(
        When(organisation_scope(user), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


# --- Imports ------------------------------------------------------------------------------


def import_municipality_codes(user) -> frozenset[str] | None:
    """The municipalities the user may import into: an officer's own, any for an
    administrator (None)."""
    if is_administrator(user):
        return None
    return officer_municipality_codes(user)


def import_job_for_user(user, pk):
    """The import, 404 when it does not exist, 403 when it is another municipality's: an
    officer sees the imports of their municipalities, an administrator all."""
    from registry.models import ImportJob

    job = get_object_or_404(ImportJob.objects.select_related("municipality"), pk=pk)
    codes = import_municipality_codes(user)
    if codes is not None and job.municipality_id not in codes:
        raise PermissionDenied(NOT_YOUR_MUNICIPALITY)
    return job
