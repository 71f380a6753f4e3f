"""The demo officer: the actor of everything the demo writes through the services.

An officer like any other (the "Officers" group, members of Motala and Lekeberg for the
effort log), so the services' permission checks apply to the demo as to a person. No
one can sign in as it: it has no usable password and no e-mail address (so no password
reset either).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from partnerships.models import OfficerMembership
from registry.access import OFFICERS_GROUP

USERNAME = "demo-officer"


def demo_officer(*, municipalities: tuple[str, ...] = ()):
    """The demo officer, created on first use, a member of ``municipalities``."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Demo", "last_name": "Handläggare"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    for code in municipalities:
        OfficerMembership.objects.get_or_create(user=user, municipality_id=code)
    # A fresh instance: permissions and memberships are cached on the user object.
    return User.objects.get(pk=user.pk)
