"""Access cases for the URLs of the indicators part (public statistics)."""

from tests.access_matrix.rules import NOT_ALLOWED, PUBLIC, Case

CASES = [
    Case("partnerships:statistics", get=PUBLIC, post=NOT_ALLOWED),
    Case(
        "partnerships:statistics-municipality",
        kwargs=lambda w: {"code": w.own_municipality.code},
        label="own",
        get=PUBLIC,
        post=NOT_ALLOWED,
    ),
    Case(
        "partnerships:statistics-municipality",
        kwargs=lambda w: {"code": w.other_municipality.code},
        label="other",
        get=PUBLIC,
        post=NOT_ALLOWED,
    ),
]
