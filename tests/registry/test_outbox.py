"""E-mail through the outbox: queued with the change that causes it, sent by the worker,
retried when the mail server refuses, sent once; no request waits on SMTP or fails for
it, and no answer tells a known address from an unknown one."""

import datetime
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registry import outbox, ratelimit
from registry.models import OutboxMessage
from tests.factories import ContactPersonFactory
from tests.mail import run_worker

pytestmark = pytest.mark.django_db

LINK_URL = reverse("registry:edit-link-request")


class FlakyServer:
    """A real SMTP server (aiosmtpd) that refuses the first ``refusals`` messages with a
    temporary error, as a mail server does when it is overloaded, then accepts."""

    def __init__(self, refusals: int):
        self.refusals = refusals
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 Try again later"
        self.received.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


SMTP = "django.core.mail.backends.smtp.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def use_smtp(settings, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": SMTP,
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Mail through SMTP to a local server that refuses twice, then recovers."""
    handler = FlakyServer(refusals=2)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    use_smtp(settings, port)
    yield handler
    controller.stop()


def time_passes():
    """The backoff's wait is over: every retry is due now."""
    now = timezone.now()
    DBTaskResult.objects.filter(run_after__gt=now).update(run_after=now)
    OutboxMessage.objects.filter(next_attempt_at__gt=now).update(next_attempt_at=now)


def test_a_refusing_mail_server_delays_the_mail_and_it_arrives_once(client, smtp):
    contact = ContactPersonFactory(email="karin@kvarnbacken.example.se")
    response = client.post(LINK_URL, {"email": contact.email})  # the worker runs after it
    assert response.status_code == 302  # the request never waited on the server
    message = OutboxMessage.objects.get(to=contact.email)
    assert message.status == "queued" and message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert run_worker() == 0  # not before the backoff's wait is over

    time_passes()
    run_worker()  # refused a second time
    time_passes()
    run_worker()  # accepted
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 3 and message.sent_at
    time_passes()
    assert run_worker() == 0
    assert [rcpt for rcpt, _ in smtp.received] == [[contact.email]]
    assert b"/min-organisation/oppna/" in smtp.received[0][1]


def test_an_unreachable_mail_server_answers_the_same_for_known_and_unknown(client, settings):
    use_smtp(settings, free_port())  # nothing listens there
    ContactPersonFactory(email="known@example.se")
    known = client.post(LINK_URL, {"email": "known@example.se"})
    unknown = client.post(LINK_URL, {"email": "unknown@example.se"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert OutboxMessage.objects.get(to="known@example.se").status == "queued"


def test_mail_of_a_rolled_back_change_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue(to="a@example.se", template="edit_link", subject="S", text="T")
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
    run_worker()
    assert mail.outbox == []


def test_a_message_is_sent_once_however_often_its_task_runs():
    outbox.queue(to="a@example.se", template="submission_approved", subject="S", text="T")
    message = OutboxMessage.objects.get()
    run_worker()
    assert outbox.deliver.call(message.pk) == "nothing to send"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.se"] and mail.outbox[0].subject == "S"


def test_after_the_last_attempt_the_message_fails_and_an_administrator_can_retry(
    settings, admin_client
):
    use_smtp(settings, free_port())
    outbox.queue(to="a@example.se", template="submission_approved", subject="S", text="T")
    for _ in range(outbox.MAX_ATTEMPTS):
        run_worker()
        time_passes()
    message = OutboxMessage.objects.get()
    assert message.status == "failed" and message.attempts == outbox.MAX_ATTEMPTS
    page = admin_client.get(reverse("admin:registry_outboxmessage_changelist") + "?status=failed")
    assert "a@example.se" in page.content.decode()

    settings.MAILERS = {"default": {"BACKEND": LOCMEM}}  # the server is back
    admin_client.post(
        reverse("admin:registry_outboxmessage_changelist"),
        {"action": "send_again", "_selected_action": [message.pk]},
    )
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(mail.outbox) == 1


def test_backoff_grows_and_is_bounded():
    waits = [outbox.backoff(n) for n in range(1, 12)]
    assert waits[0] == datetime.timedelta(minutes=1)
    assert waits[1] == datetime.timedelta(minutes=2)
    assert waits == sorted(waits)
    assert waits[-1] == outbox.LONGEST_WAIT


def test_strangers_cannot_flood_one_inbox_from_many_addresses(client):
    contact = ContactPersonFactory(email="karin@kvarnbacken.example.se")
    limit, _window = ratelimit.LIMITS["mail:edit_link"]
    for number in range(limit + 5):
        response = client.post(
            LINK_URL, {"email": contact.email}, REMOTE_ADDR=f"198.51.100.{number}"
        )
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == limit


def test_password_reset_mail_goes_through_the_outbox_and_is_limited(client, django_user_model):
    django_user_model.objects.create_user("anna", "anna@motala.se", "x" * 12)
    limit, _window = ratelimit.LIMITS["mail:password_reset"]
    url = reverse("registry:password-reset")
    for number in range(limit + 3):
        response = client.post(url, {"email": "anna@motala.se"}, REMOTE_ADDR=f"203.0.113.{number}")
        assert response.status_code == 302
    assert len(mail.outbox) == limit
    assert OutboxMessage.objects.filter(template="password_reset").count() == limit


def test_password_reset_is_limited_per_address_with_the_same_answer(client, django_user_model):
    django_user_model.objects.create_user("anna", "anna@motala.se", "x" * 12)
    limit, _window = ratelimit.LIMITS["password-reset"]
    url = reverse("registry:password-reset")
    answers = {
        client.post(url, {"email": f"someone{n}@motala.se"})["Location"] for n in range(limit)
    }
    answers.add(client.post(url, {"email": "anna@motala.se"})["Location"])
    assert len(answers) == 1
    assert mail.outbox == []  # over the address's limit: nothing sent, nothing told


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_limit_holds_under_concurrency():
    limit, _window = ratelimit.LIMITS["edit-link"]
    results = []
    barrier = threading.Barrier(20)

    def attempt():
        from django.db import connection

        barrier.wait()
        try:
            results.append(ratelimit.allow("edit-link", "192.0.2.7"))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == limit
    assert results.count(False) == 20 - limit


def test_prune_expired_deletes_old_attempts_and_sent_mail_only():
    from django.core.management import call_command

    from registry.models import RateLimitHit

    long_ago = timezone.now() - datetime.timedelta(days=40)
    RateLimitHit.objects.create(key="old", created_at=long_ago)
    RateLimitHit.objects.create(key="new")
    for status, sent_at in [("sent", long_ago), ("sent", timezone.now()), ("failed", None)]:
        OutboxMessage.objects.create(
            to="a@example.se", template="t", subject="s", text="t", status=status, sent_at=sent_at
        )
    call_command("prune_expired")
    assert list(RateLimitHit.objects.values_list("key", flat=True)) == ["new"]
    assert sorted(OutboxMessage.objects.values_list("status", flat=True)) == ["failed", "sent"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_parallel_requests_get_exactly_the_limit_through():
    """The audit's case: 20 parallel edit-link requests from one address against a limit
    of five let six through (count, then insert). Now exactly five."""
    from django.db import connection
    from django.test import Client

    limit, _window = ratelimit.LIMITS["edit-link"]
    barrier = threading.Barrier(20)
    statuses = []

    def request(number):
        try:
            barrier.wait()
            response = Client(REMOTE_ADDR="192.0.2.50").post(
                LINK_URL, {"email": f"person{number}@example.se"}
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(302) == limit
    assert statuses.count(429) == 20 - limit
