import pytest
from django.test import Client, TestCase

from tests.factories import OrganisationFactory


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


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Swedish, the site's default: a request to an /en/ page leaves
    English active in the thread, and ``reverse()`` in the next test would follow it."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.deactivate()
