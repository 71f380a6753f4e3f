"""Access cases for the map of the municipalities without JavaScript."""

from tests.access_matrix.rules import NOT_ALLOWED, PUBLIC, Case

CASES = [
    Case("registry:municipality-map", get=PUBLIC, post=NOT_ALLOWED),
]
