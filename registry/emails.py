"""E-mail to submitters and contact persons: Swedish or English, plain text and HTML,
queued in the transaction that causes it and sent by the worker (``registry.outbox``)."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from registry import outbox


def absolute_url(url_name: str, *, language: str, **kwargs) -> str:
    with translation.override(language):
        path = reverse(url_name, kwargs=kwargs or None)
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def render_message(*, template: str, context: dict, language: str) -> Message:
    """The e-mail as it is sent (and as officers preview it)."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
        subject = render_to_string(f"registry/email/{template}_subject.txt", context)
        text = render_to_string(f"registry/email/{template}.txt", context)
        html = render_to_string(f"registry/email/{template}.html", context)
    return Message(subject=" ".join(subject.split()), text=text, html=html)


def send(*, to: str, template: str, context: dict, language: str) -> bool:
    """Render the message now, in ``language``, and queue it in the current transaction.
    False when a per-recipient limit kept it back (the caller answers the same)."""
    rendered = render_message(template=template, context=context, language=language)
    return outbox.queue(
        to=to, template=template, subject=rendered.subject, text=rendered.text, html=rendered.html
    )
