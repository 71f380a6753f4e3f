"""The section this app adds to the register's public organisation page."""

from partnerships import selectors
from registry.access import is_officer
from registry.extensions import DetailSection


def organisation_efforts_section(request, organisation) -> DetailSection | None:
    """The organisation's published efforts (one query); officers also get a link to
    every effort with the organisation. Nothing when there is nothing to show."""
    links = selectors.organisation_public_efforts(organisation)
    officer = is_officer(getattr(request, "user", None))
    if not links and not officer:
        return None
    return DetailSection(
        "partnerships/_organisation_section.html",
        {"links": links, "officer": officer, "organisation": organisation},
    )
