"""The versions that cached, derived data is keyed by: one way for the whole portal."""

import uuid

from asgiref.local import Local
from django.core.signals import request_started
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row per source of cached data, whose token changes in the same transaction
    as every change to that source. Cached pieces are keyed by the token, so a reader sees
    a new token exactly when it sees the new data: a cached piece is never stale, on any
    app server, with any cache backend (a per-process cache is fine).

    Sources: ``REGISTER`` (the organisations and their contact persons: database
    triggers change it with every insert, update or delete of one, however it is
    written; migrations 0016 and 0023),
    ``REFERENCE`` (reference lists: municipalities, counties, legal forms, activity
    areas, goals; ``registry.reference`` bumps it), ``EFFORT_LOG`` (the effort
    log and its reference data; ``partnerships.signals`` bumps it). Bulk loads that send
    no signals call ``bump`` themselves.

    A request reads the tokens once, all in one query (``_seen``, forgotten when a
    request starts and when this process bumps a token), so a page that uses many cached
    pieces, of several sources, costs one query.

    Writers of one source wait for one another from the bump to their commit; the
    sources change a few times an hour (officers), so that costs nothing measurable.
    """

    REGISTER = "register"
    REFERENCE = "reference"
    EFFORT_LOG = "effort-log"

    name = models.CharField(_("source"), max_length=40, primary_key=True)
    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"

    @classmethod
    def current(cls, name: str) -> str:
        seen = _tokens()
        if not seen:  # every source's token in one query (the table has a row a source)
            seen.update((row, token.hex) for row, token in cls.objects.values_list("name", "token"))
        if name not in seen:
            seen[name] = cls.objects.get_or_create(pk=name)[0].token.hex
        return seen[name]

    @classmethod
    def bump(cls, name: str) -> None:
        forget_tokens()
        changed = cls.objects.filter(pk=name).update(token=uuid.uuid4(), changed_at=timezone.now())
        if not changed:
            cls.objects.get_or_create(pk=name)


_seen = Local()


def _tokens() -> dict:
    if not hasattr(_seen, "tokens"):
        _seen.tokens = {}
    return _seen.tokens


def forget_tokens(**kwargs) -> None:
    _seen.tokens = {}


request_started.connect(forget_tokens, dispatch_uid="registry-data-version-forget")
