"""Access to the personal-data pages (registry/views/personal_data.py): finding,
exporting and erasing are the administrators'; the review list is every officer's,
its actions only for the officer's own municipalities."""

import uuid

from tests.access_matrix.rules import ADMIN, NOT_ALLOWED, OFFICER, OWN_MUNICIPALITY, Case


def _erasure(w):
    from registry.models import Erasure

    erasure = Erasure.objects.create(erased_by=w.admin, counts={}, submission_key=uuid.uuid4())
    return {"pk": erasure.pk}


CASES = [
    Case("registry:personal-data-find", get=ADMIN, post=ADMIN),
    Case("registry:personal-data-export", get=NOT_ALLOWED, post=ADMIN),
    Case("registry:personal-data-erase", get=NOT_ALLOWED, post=ADMIN),
    Case("registry:personal-data-erasure", kwargs=_erasure, get=ADMIN, post=NOT_ALLOWED),
    Case("registry:personal-data-review", get=OFFICER, post=NOT_ALLOWED),
    Case(
        "registry:personal-data-review-verify",
        kwargs=lambda w: {"pk": w.own_organisation.pk},
        get=NOT_ALLOWED,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "registry:personal-data-review-remove",
        kwargs=lambda w: {"pk": w.own_organisation.contacts.first().pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
]
