import pytest
from django.test import Client, TestCase

from tests.factories import OrganisationFactory
from tests.mail import run_worker


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


class CommittingClient(Client):
    """A test client that runs on-commit callbacks after each request, as a real
    request's transaction would (tests run inside one transaction otherwise), and then
    the worker, which sends the e-mails the request queued."""

    def request(self, **request):
        from django.tasks.signals import task_enqueued

        enqueued = []

        def note(sender, **kwargs):
            enqueued.append(kwargs["task_result"])

        task_enqueued.connect(note, dispatch_uid="tests-committing-client")
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = super().request(**request)
        finally:
            task_enqueued.disconnect(dispatch_uid="tests-committing-client")
        if enqueued:  # no worker queries on a request that queued nothing
            run_worker()
        return response


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


@pytest.fixture(autouse=True)
def api_unthrottled(settings):
    """The read API is throttled per address (API_THROTTLE_RATE); tests send many
    requests from one address, so only the throttle's own tests lower the limit."""
    settings.API_THROTTLE_RATE = "1000000/minute"
