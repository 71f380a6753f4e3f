"""The organisations' map data in the access matrix: public to read (without a view it
answers 400 with the reason, with one the published entries, tested in
tests/registry/test_map.py), never written to (405)."""

from tests.access_matrix.rules import NOT_ALLOWED, PUBLIC, Case

CASES = [
    Case("registry:map-data", get=PUBLIC, post=NOT_ALLOWED),
]
