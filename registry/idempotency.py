"""Create a record once under a key: the one way double submits are made harmless.

Every form that creates something carries a key, new each time the form is shown
(``forms.SubmissionKeyField``), stored on the row in a unique column. Submitting the same
form twice (a double click, back and resubmit, a retried request) sends the same key:
the first request creates the row, every later one gets that row back. Two requests
racing with the same key are settled by the unique constraint: the loser's savepoint is
rolled back and it returns the winner's row.
"""

from collections.abc import Callable

from django.db import IntegrityError, models, transaction


def create_once[T: models.Model](
    model: type[T], *, key_field: str, key, create: Callable[[], T]
) -> tuple[T, bool]:
    """The row of ``model`` whose ``key_field`` is ``key``, made by ``create`` (which
    saves it, with that key) unless it exists. Returns the row and whether it was made
    now. Call inside the caller's transaction; ``create`` runs in a savepoint. ``create``
    leaves the key's uniqueness to the database (``full_clean(validate_unique=False)``):
    a validation error there would hide the race this settles."""
    lookup = {key_field: key}
    existing = model._default_manager.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = model._default_manager.filter(**lookup).first()
        if existing is None:
            raise  # another constraint failed: not a double submit
        return existing, False
