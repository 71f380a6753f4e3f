"""The production setup: the health endpoint, a clean 503 when the database is down,
JSON logs, gunicorn's configuration, and a backup that restores into a fresh database."""

import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from registry.models import OutboxMessage
from tests.factories import OrganisationFactory

ROOT = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    """``code`` in a fresh Python process with the project's settings (production-like)."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "socialeconomy.settings", **env}
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_health_is_ok_for_a_load_balancer_asking_by_address(client):
    response = client.get("/healthz/", HTTP_HOST="10.0.0.5")  # not in ALLOWED_HOSTS
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "outbox": "ok",
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_health_fails_when_the_outbox_worker_is_not_running(client):
    OutboxMessage.objects.create(
        to="a@example.se",
        template="t",
        subject="s",
        text="t",
        created_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["database"] == "ok"
    assert "worker" in body["outbox"]


DOWN = """
from django.test import Client
client = Client(raise_request_exception=False)
health = client.get("/healthz/")
page = client.get("/organisationer/")
print(health.status_code, health.json()["database"].split(":")[0])
print(page.status_code, page.get("Retry-After"), "otillgängligt" in page.content.decode())
"""


def test_a_database_that_is_down_gives_a_clean_503():
    result = run_django(DOWN, DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/nothing")
    assert result.returncode == 0, result.stderr
    health, page = result.stdout.split("\n")[:2]
    assert health == "503 unavailable"
    assert page == "503 30 True"


def test_logs_are_json_lines_when_configured():
    result = run_django(
        "import logging; logging.getLogger('registry').warning('hej %s', 'du')",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING" and line["logger"] == "registry"
    assert line["message"] == "hej du" and "time" in line


def test_gunicorn_reads_its_configuration_from_the_repository():
    config = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)
    assert config["wsgi_app"] == "socialeconomy.wsgi:application"
    assert config["worker_class"] in {"sync", "gthread"}
    assert config["workers"] >= 2 and config["timeout"] <= 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_fresh_database():
    """The README's backup and restore, done: pg_dump of the database in use, restored
    with pg_restore into a new database, holds the same register."""
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} is needed (PostgreSQL's client tools)"
    names = sorted(o.name for o in OrganisationFactory.create_batch(3))
    source = settings.DATABASES["default"]
    target = f"{source['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
    where = ["-h", source.get("HOST") or "", "-U", source.get("USER") or ""]
    if source.get("PORT"):
        where += ["-p", str(source["PORT"])]
    try:
        dump = subprocess.run(
            ["pg_dump", "-Fc", *where, source["NAME"]], env=env, capture_output=True, check=True
        ).stdout
        subprocess.run(
            ["pg_restore", "--no-owner", *where, "-d", target],
            input=dump,
            env=env,
            capture_output=True,
            check=True,
        )
        result = run_django(
            "from registry.models import Organisation\n"
            "print(sorted(Organisation.objects.values_list('name', flat=True)))",
            DATABASE_URL=_url(source, target),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == str(names)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')


def _url(source: dict, name: str) -> str:
    from urllib.parse import quote

    user = quote(source.get("USER") or "")
    password = f":{quote(source['PASSWORD'])}" if source.get("PASSWORD") else ""
    host, port = source.get("HOST") or "", source.get("PORT") or 5432
    if host.startswith("/"):  # the embedded server's socket
        return f"postgres://{user}{password}@/{name}?host={quote(host)}&port={port}"
    return f"postgres://{user}{password}@{host}:{port}/{name}"
