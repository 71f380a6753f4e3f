import pytest
from django.db import connection

from tests.factories import OrganisationFactory


def pytest_collection_modifyitems(config, items):
    """Skip tests of PostgreSQL-only features on SQLite, with the reason."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (full-text and trigram search); set DATABASE_URL"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def organisation(db):
    return OrganisationFactory()
