"""E-mail to submitters and contact persons: Swedish or English, plain text and HTML,
sent only after the database transaction that caused it has committed."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


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


def send_now(*, to: str, template: str, context: dict, language: str) -> None:
    rendered = render_message(template=template, context=context, language=language)
    message = EmailMultiAlternatives(rendered.subject, rendered.text, to=[to])
    message.attach_alternative(rendered.html, "text/html")
    message.send()


def send_after_commit(*, to: str, template: str, context: dict, language: str) -> None:
    transaction.on_commit(
        lambda: send_now(to=to, template=template, context=context, language=language)
    )
