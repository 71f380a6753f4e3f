"""The open-data page and its files (``registry/urls.py``'s ``oppna-data/`` and
partnerships' grants): public to read, for everyone; nothing to post (405)."""

from tests.access_matrix.rules import NOT_ALLOWED, PUBLIC, Case

READ_ONLY = {"get": PUBLIC, "post": NOT_ALLOWED}

CASES = [
    Case("registry:open-data", **READ_ONLY),
    Case("registry:open-data-csv", **READ_ONLY),
    Case("registry:open-data-excel", **READ_ONLY),
    Case("registry:open-data-ndjson", **READ_ONLY),
    Case("registry:open-data-hsds", **READ_ONLY),
    Case("partnerships:open-data-grants", **READ_ONLY),
]
