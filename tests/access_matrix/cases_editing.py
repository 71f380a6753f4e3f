"""The access matrix's cases for the officers' register: the list, its bulk actions
and export, and creating and editing entries and their contact persons."""

from tests.access_matrix.rules import NOT_ALLOWED, OFFICER, OWN_MUNICIPALITY, Case


def _own(w) -> dict:
    return {"pk": w.own_organisation.pk}


def _own_contact(w) -> dict:
    return {"pk": w.own_organisation.pk, "contact_pk": w.own_organisation.contacts.first().pk}


CASES = [
    # Every officer reads the whole register; an empty bulk POST shows the list's errors.
    Case("registry:officer-register", get=OFFICER, post=NOT_ALLOWED),
    Case("registry:officer-register-bulk", get=NOT_ALLOWED, post=OFFICER),
    Case("registry:officer-register-export-csv", get=OFFICER, post=NOT_ALLOWED),
    Case("registry:officer-register-export-xlsx", get=OFFICER, post=NOT_ALLOWED),
    # Any officer may open the form; the home municipality must be one of theirs.
    Case("registry:officer-organisation-create", get=OFFICER, post=OFFICER),
    Case(
        "registry:officer-organisation-edit",
        kwargs=_own,
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case("registry:officer-contacts", kwargs=_own, get=OWN_MUNICIPALITY, post=OWN_MUNICIPALITY),
    Case(
        "registry:officer-contact-edit",
        kwargs=_own_contact,
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "registry:officer-contact-remove",
        kwargs=_own_contact,
        get=NOT_ALLOWED,
        post=OWN_MUNICIPALITY,
    ),
]
