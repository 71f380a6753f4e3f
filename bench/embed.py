"""Measure the embeddable directory's widget page (registry:embed) on a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/embed.py

The database must already hold demo organisations (``manage.py seed_demo``). Each
request is made in-process with Django's test Client (server time from request to
response: middleware, queries and templates; no network), with production-like settings
(DEBUG off). "cold" clears the cache first, so the directory's result page is computed;
"warm" is the same request again, answered from the cached result page. Prints the
median of --rounds requests and the query count of each.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

for name, value in {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
    "ALLOWED_HOSTS": "testserver",
    "DJANGO_SETTINGS_MODULE": "socialeconomy.settings",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REQUESTS = [
    ("Lekeberg, all", "/inbaddning/1814/"),
    ("Lekeberg, cooperatives, English", "/inbaddning/1814/?kind=cooperative&lang=en"),
    ("Lekeberg, search 'kultur'", "/inbaddning/1814/?q=kultur"),
    ("Lekeberg, page 10", "/inbaddning/1814/?page=10"),
    ("Stockholm, all", "/inbaddning/0180/"),
]


def timed(client, path) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    client = Client()
    client.get("/inbaddning/1814/")  # imports, templates, reference lists
    print("| request | cold (computed) | queries | warm (cached) | queries |")
    print("|---|---|---|---|---|")
    for label, path in REQUESTS:
        cold, warm = [], []
        for _ in range(args.rounds):
            cache.clear()
            client.get("/integritet/")  # the reference lists back in the cache
            cold.append(timed(client, path))
            warm.append(timed(client, path))
        print(
            f"| {label} (`{path}`) | {statistics.median(t for t, _ in cold):.0f} ms "
            f"| {cold[-1][1]} | {statistics.median(t for t, _ in warm):.0f} ms | {warm[-1][1]} |"
        )


if __name__ == "__main__":
    main()
