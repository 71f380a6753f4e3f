"""What a load balancer asks (``/healthz/``), and a clean 503 when the database is down.

``/healthz/`` is answered by ``HealthCheckMiddleware`` before host validation, HTTPS
redirects, sessions and languages, so a load balancer can ask any app server by its
address over plain HTTP. It answers 200 with JSON when the database answers, every
migration is applied and the e-mail outbox's worker keeps up (no message due for longer
than ``OUTBOX_LAG_LIMIT``), and 503 with the same JSON saying which check failed.
"""

import datetime
import json
import sys

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

PATH = "/healthz/"
OUTBOX_LAG_LIMIT = datetime.timedelta(minutes=10)
_migrated = False  # once every migration is applied, this process need not look again


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations() -> str:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return f"{len(plan)} not applied"
        _migrated = True
    return "ok"


def _outbox() -> str:
    from registry import outbox

    lag = outbox.worker_lag()
    if lag is not None and lag > OUTBOX_LAG_LIMIT:
        return f"oldest due e-mail waiting {int(lag.total_seconds())} s: is the worker running?"
    return "ok"


def checks() -> dict[str, str]:
    results = {}
    for name, check in [("database", _database), ("migrations", _migrations), ("outbox", _outbox)]:
        try:
            results[name] = check()
        except (OperationalError, InterfaceError) as error:
            results[name] = f"unavailable: {type(error).__name__}"
            if name == "database":
                results.update(migrations="not checked", outbox="not checked")
                break
    return results


class HealthCheckMiddleware:
    """First in ``MIDDLEWARE``: answers ``/healthz/`` and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        results = checks()
        healthy = all(value == "ok" for value in results.values())
        response = HttpResponse(
            json.dumps({"status": "ok" if healthy else "failing", **results}),
            content_type="application/json",
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response


def server_error(request, *args, **kwargs):
    """``handler500``: a database that cannot be reached is 503 with a page that needs no
    database (and asks to try again), any other error Django's 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return django_server_error(request, *args, **kwargs)
