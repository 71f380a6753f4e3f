"""Access cases for the embeddable directory: the widget page (public; unknown
municipality 404) and the officers' page that makes its snippets."""

from tests.access_matrix.rules import NOT_ALLOWED, OFFICER, PUBLIC, Answer, Case, rule

MISSING = rule("MISSING", Answer.NOT_FOUND)

CASES = [
    Case(
        "registry:embed",
        kwargs=lambda w: {"code": w.own_municipality.code},
        label="own",
        get=PUBLIC,
        post=NOT_ALLOWED,
    ),
    Case(
        "registry:embed",
        kwargs=lambda w: {"code": w.other_municipality.code},
        label="other",
        get=PUBLIC,
        post=NOT_ALLOWED,
    ),
    Case(
        "registry:embed",
        kwargs={"code": "9999"},
        label="unknown",
        get=MISSING,
        post=NOT_ALLOWED,
    ),
    # Any officer, for any municipality: the widget shows public data only.
    Case("registry:officer-embed", get=OFFICER, post=NOT_ALLOWED),
]
