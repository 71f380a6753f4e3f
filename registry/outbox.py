"""E-mail through a transactional outbox: no request waits on the mail server or fails
because of it.

``queue`` stores the rendered message (``OutboxMessage``) and enqueues its delivery as a
task of Django's tasks framework (``django_tasks_db``: the task is a row in the same
database), both in the caller's transaction: if the change that causes the mail is
rolled back, so is the mail, and once it commits the mail will be sent. The worker
(``manage.py db_worker``; ``make run`` starts one) runs ``deliver``: it sends the message,
and when the mail server refuses or cannot be reached it tries again later, waiting
longer each time (``backoff``), until ``MAX_ATTEMPTS``; then the message is marked failed,
administrators see it in the admin and can send it again (``retry``).

A message is sent at most once by the portal: ``deliver`` locks its row and sends only
a queued one, so two workers, or a task run twice, cannot send it twice.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from registry import ratelimit
from registry.models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_WAIT = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=6)

# Raised by an SMTP backend when the server refuses, drops the line or cannot be reached.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4 … minutes, at most 6 hours."""
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def queue(*, to: str, template: str, subject: str, text: str, html: str = "") -> bool:
    """Queue one message in the caller's transaction. Mails that a stranger can cause
    (``ratelimit.LIMITS`` has ``mail:<template>``) are limited per recipient: over the
    limit nothing is queued and False is returned; the caller answers the same either
    way, so the answer tells nothing about the address."""
    scope = f"mail:{template}"
    if scope in ratelimit.LIMITS and not ratelimit.allow(scope, to):
        logger.warning("Not queued: %s limit reached for a recipient", template)
        return False
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            to=to, template=template, subject=subject, text=text, html=html
        )
        deliver.enqueue(message.pk)
    return True


@task
def deliver(message_id: int) -> str:
    """Send one queued message (run by the worker)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.QUEUED)
            .first()
        )
        if message is None:
            return "nothing to send"  # sent already, or being sent by another worker
        email = EmailMultiAlternatives(
            message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [message.to]
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        message.attempts += 1
        try:
            email.send()
        except DELIVERY_ERRORS as error:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                message.next_attempt_at = None
                logger.error("E-mail %s failed for good: %s", message.pk, message.last_error)
            else:
                message.next_attempt_at = timezone.now() + backoff(message.attempts)
                deliver.using(run_after=message.next_attempt_at).enqueue(message.pk)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return "will try again" if message.status == OutboxMessage.Status.QUEUED else "failed"
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
        return "sent"


def retry(messages) -> int:
    """Send failed messages again (the admin's action): each gets a fresh set of tries."""
    count = 0
    with transaction.atomic():
        for message in messages.select_for_update().filter(status=OutboxMessage.Status.FAILED):
            message.status = OutboxMessage.Status.QUEUED
            message.attempts = 0
            message.next_attempt_at = None
            message.save(update_fields=["status", "attempts", "next_attempt_at"])
            deliver.enqueue(message.pk)
            count += 1
    return count


def worker_lag() -> datetime.timedelta | None:
    """How long the oldest message that is due has waited for the worker (None when
    nothing is due): the health check's sign that a worker is running."""
    now = timezone.now()
    oldest = (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED)
        # Due: never tried, or its next try has come.
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("created_at", "next_attempt_at")
        .first()
    )
    if oldest is None:
        return None
    created_at, next_attempt_at = oldest
    return now - (next_attempt_at or created_at)
