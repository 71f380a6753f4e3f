"""The effort log, goal follow-up and reference data (``partnerships/urls.py``).

Every officer reads every effort and follow-up page; writing is for the officers of the
effort's (unit's, document's) municipality."""

from tests.access_matrix.rules import NOT_ALLOWED, OFFICER, OWN_MUNICIPALITY, PUBLIC, Case

CASES = [
    # Public
    Case("partnerships:public-list", get=PUBLIC, post=NOT_ALLOWED),
    Case(
        "partnerships:public-detail",
        kwargs=lambda w: {"pk": w.own_effort.pk},
        get=PUBLIC,
        post=NOT_ALLOWED,
    ),
    # The effort log: every officer logs efforts for their own municipalities
    Case("partnerships:effort-list", get=OFFICER, post=NOT_ALLOWED),
    Case("partnerships:effort-create", get=OFFICER, post=OFFICER),
    Case(
        "partnerships:effort-export",
        kwargs={"fmt": "csv"},
        label="csv",
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    Case(
        "partnerships:effort-export",
        kwargs={"fmt": "xlsx"},
        label="xlsx",
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    Case(
        "partnerships:effort-detail",
        kwargs=lambda w: {"pk": w.own_effort.pk},
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    Case(
        "partnerships:effort-edit",
        kwargs=lambda w: {"pk": w.own_effort.pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "partnerships:note-create",
        kwargs=lambda w: {"pk": w.own_effort.pk},
        get=NOT_ALLOWED,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "partnerships:note-edit",
        kwargs=lambda w: {"pk": w.own_effort.pk, "note_pk": w.own_note.pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "partnerships:organisation-efforts",
        kwargs=lambda w: {"slug": w.own_organisation.slug},
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    # Goal follow-up: read by every officer
    Case("partnerships:goal-overview", get=OFFICER, post=NOT_ALLOWED),
    Case(
        "partnerships:goal-detail",
        kwargs=lambda w: {"pk": w.own_goal.pk},
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    Case("partnerships:unit-contribution", get=OFFICER, post=NOT_ALLOWED),
    # Reference data
    Case("partnerships:document-list", get=OFFICER, post=NOT_ALLOWED),
    Case("partnerships:document-create", get=OFFICER, post=OFFICER),
    Case(
        "partnerships:document-edit",
        kwargs=lambda w: {"pk": w.own_document.pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "partnerships:goal-create",
        kwargs=lambda w: {"document_pk": w.own_document.pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "partnerships:goal-edit",
        kwargs=lambda w: {"pk": w.own_goal.pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case("partnerships:unit-list", get=OFFICER, post=NOT_ALLOWED),
    Case("partnerships:unit-create", get=OFFICER, post=OFFICER),
    Case(
        "partnerships:unit-edit",
        kwargs=lambda w: {"pk": w.own_unit.pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
]
