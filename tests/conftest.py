import pytest
from django.db import connection
from django.test import Client, TestCase

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


class CommittingClient(Client):
    """A test client that runs on-commit callbacks (e-mail) after each request, as a
    real request's transaction would; tests run inside one transaction otherwise."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Production hashing is slow on purpose; tests need no protection against cracking."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
