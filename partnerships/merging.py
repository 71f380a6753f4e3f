"""When the register merges two entries, their efforts go with the one kept."""

from partnerships.models import EffortOrganisation
from registry.merge import move_or_drop


def move_effort_links(survivor, other) -> None:
    """The other entry's links to efforts move to the survivor; where the survivor is
    already in the effort, it keeps its own link (and role), as the constraint
    ``effortorg_once_per_effort`` allows one link per effort."""
    move_or_drop(
        EffortOrganisation.objects.filter(organisation=other),
        field="organisation",
        survivor=survivor,
        unique_with="effort",
    )
