"""Who may do what with efforts. Every partnerships view asks here, on the server.

- Anonymous users and everyone else see public efforts only (the public pages).
- Officers (``registry.access.is_officer``) read every effort and every follow-up page.
- An officer logs and edits efforts, notes and reference data only for the
  municipalities they belong to (``OfficerMembership``); a superuser for all.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from registry.access import is_officer, officer_municipality_codes
from registry.models import Municipality


def can_edit_in(user, municipality_code: str) -> bool:
    """May this user log and edit efforts for the municipality?"""
    if not is_officer(user) or not user.has_perm("partnerships.change_effort"):
        return False
    return user.is_superuser or municipality_code in officer_municipality_codes(user)


def editable_municipalities(user):
    """The municipalities the user logs efforts for, as a queryset."""
    if not is_officer(user) or not user.has_perm("partnerships.change_effort"):
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.filter(units__isnull=False).distinct()
    return Municipality.objects.filter(code__in=officer_municipality_codes(user))


def require_edit_in(user, municipality_code: str) -> None:
    if not can_edit_in(user, municipality_code):
        raise PermissionDenied


def can_edit_document(user, document) -> bool:
    """A municipal document: its officers. A regional one: officers in the county."""
    if document.municipality_id:
        return can_edit_in(user, document.municipality_id)
    if not is_officer(user) or not user.has_perm("partnerships.change_effort"):
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
