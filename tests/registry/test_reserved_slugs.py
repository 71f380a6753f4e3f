"""Every fixed path under organisationer/ is a slug no organisation may get: its page
would be hidden behind the fixed one."""

import re

from registry.services import RESERVED_SLUGS
from tests.urlwalk import routes


def fixed_segments() -> set[str]:
    """The first segment after organisationer/ of every route whose segment is fixed."""
    found = set()
    for route in routes():
        match = re.search(r"(?:^|/)organisationer/([^/<]+)/", route.pattern)
        if match:
            found.add(match.group(1))
    return found


def test_every_fixed_path_is_reserved():
    assert fixed_segments() >= {"forslag", "karta", "kommuner"}
    assert fixed_segments() <= RESERVED_SLUGS
