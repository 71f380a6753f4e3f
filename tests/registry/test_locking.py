"""registry.locking: every save raises the version; an edit claims the next one."""

import pytest

from registry.locking import EditConflict, save_version
from registry.models import ContactPerson, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_every_save_raises_the_version_even_with_update_fields():
    organisation = OrganisationFactory()
    assert organisation.version == 1
    organisation.presentation = "Ny text."
    organisation.save()
    organisation.publication_state = "hidden"
    organisation.save(update_fields=["publication_state"])
    assert Organisation.objects.get(pk=organisation.pk).version == 3


def test_of_two_edits_from_one_version_one_wins():
    contact = ContactPersonFactory(organisation=OrganisationFactory())
    mine = ContactPerson.objects.get(pk=contact.pk)
    theirs = ContactPerson.objects.get(pk=contact.pk)
    theirs.name = "Deras"
    save_version(theirs, started_from=1)
    theirs.save()
    mine.name = "Mitt"
    with pytest.raises(EditConflict) as conflict:
        save_version(mine, started_from=1)
    assert conflict.value.current.name == "Deras"
    saved = ContactPerson.objects.get(pk=contact.pk)
    assert (saved.name, saved.version) == ("Deras", 2)  # claimed once, not raised twice
