"""Who may do what. Every officer view is guarded here, on the server.

Roles:
- the public (anyone, signed in or not): public pages only;
- an organisation's contact: through an e-mailed link (``registry.tokens``), for that
  organisation only;
- an officer (``OFFICERS_GROUP``) of one or more municipalities
  (``partnerships.OfficerMembership``): reads the whole register; moderates, edits and
  verifies the entries of their own municipalities, home or operating;
- an administrator (a superuser): does everything.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

OFFICERS_GROUP = "Officers"
MODERATE_PERMISSION = "registry.moderate_submission"

_CODES_ATTR = "_officer_municipality_codes"


def is_officer(user) -> bool:
    """An active user whose group (or superuser status) grants moderation."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION)
    )


def is_administrator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def officer_municipality_codes(user) -> frozenset[str]:
    """The codes of the municipalities the officer works for (one query per request)."""
    if not is_officer(user):
        return frozenset()
    codes = getattr(user, _CODES_ATTR, None)
    if codes is None:
        codes = frozenset(user.municipality_memberships.values_list("municipality_id", flat=True))
        setattr(user, _CODES_ATTR, codes)
    return codes


def officer_required(view):
    """Anonymous users are sent to sign in; signed-in non-officers get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def administrator_required(view):
    """Anonymous users are sent to sign in; signed-in non-administrators get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
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
    return organisation.municipalities.filter(code__in=codes).exists()


def require_edit_organisation(user, organisation) -> None:
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied


def organisation_for_edit(user, queryset, **lookup):
    """The organisation, 404 when it does not exist, 403 when it is not the user's."""
    organisation = get_object_or_404(queryset, **lookup)
    require_edit_organisation(user, organisation)
    return organisation


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
        raise PermissionDenied
    return job
