"""Benchmark the organisations' map data (registry:map-data) at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/map_bench \\
        .venv/bin/python bench/map.py [--rounds 30] [--warmup 3]

Runs on a database that is already seeded (``bench/directory.py`` seeds one; copy it
with ``createdb -T`` rather than measuring on a database someone else uses) and migrated.
Measures with Django's in-process test ``Client`` (no HTTP server, no network): server
time from request to response, middleware, every query and the JSON included. Each view
is measured twice:

- **computed**: the map's cache is a dummy, so every request groups the view's
  organisations in PostgreSQL (what the first visitor of a view pays, and every visitor
  after a change to the register);
- **cached**: the project's cache as configured (a repeated view of a search).

Views, requests interleaved round by round so that drift on the machine hits all alike:
the whole of Sweden at zoom 5, southern Sweden at zoom 7, a county at zoom 8, cities at
zoom 12, with filters and with free text. Target: p95 under 100 ms computed.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

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

if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to a seeded, migrated copy of the benchmark database.")

import django  # noqa: E402

django.setup()

from django.core.cache.backends.dummy import DummyCache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from registry import maps  # noqa: E402
from registry.models import Organisation  # noqa: E402

TARGET_P95_MS = 100.0
RESULTS = ROOT / "bench" / "results"

SWEDEN = {"bbox": "4.5,54.5,30.5,69.5", "zoom": "5"}
SOUTH = {"bbox": "10.5,55.2,19.5,60.0", "zoom": "7"}
OSTERGOTLAND = {"bbox": "14.3,57.7,17.0,59.0", "zoom": "8"}
STOCKHOLM = {"bbox": "17.90,59.28,18.20,59.38", "zoom": "12"}
GOTEBORG = {"bbox": "11.80,57.65,12.10,57.75", "zoom": "12"}
MOTALA = {"bbox": "14.90,58.49,15.20,58.59", "zoom": "12"}
MOTALA_STREET = {"bbox": "15.020,58.530,15.055,58.545", "zoom": "15"}

VIEWS: list[tuple[str, dict[str, str]]] = [
    ("Sweden, zoom 5", SWEDEN),
    ("southern Sweden, zoom 7", SOUTH),
    ("Östergötland, zoom 8", OSTERGOTLAND),
    ("Stockholm, zoom 12", STOCKHOLM),
    ("Göteborg, zoom 12", GOTEBORG),
    ("Motala, zoom 12", MOTALA),
    ("Motala centre, zoom 15", MOTALA_STREET),
    ("Sweden + kind=social_enterprise", {**SWEDEN, "kind": "social_enterprise"}),
    ("Sweden + work_integrating=true", {**SWEDEN, "work_integrating": "true"}),
    ("Östergötland + county=05", {**OSTERGOTLAND, "county": "05"}),
    (
        "Motala + municipality=0583 + area=sport",
        {**MOTALA, "municipality": "0583", "area": "sport"},
    ),
    ("Sweden + q=förening (a third)", {**SWEDEN, "q": "förening"}),
    ("Sweden + q=idrott", {**SWEDEN, "q": "idrott"}),
    ("Östergötland + q=kooperativ", {**OSTERGOTLAND, "q": "kooperativ"}),
    ("Sweden + q=kooprativ (misspelt)", {**SWEDEN, "q": "kooprativ"}),
    ("Stockholm + q=förening + ceased=on", {**STOCKHOLM, "q": "förening", "ceased": "on"}),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    organisations = Organisation.objects.count()
    placed = Organisation.objects.filter(
        publication_state="published", latitude__isnull=False
    ).count()
    print(f"{organisations:,} organisations, {placed:,} published with a position")
    client = Client()
    url = reverse("registry:map-data")
    real_cache = maps.cache
    results = []
    for mode, cache in (("computed", DummyCache("dummy", {})), ("cached", real_cache)):
        maps.cache = cache
        samples: dict[str, list[float]] = {label: [] for label, _ in VIEWS}
        answers: dict[str, dict] = {}
        queries: dict[str, int] = {}
        for round_number in range(args.warmup + args.rounds):
            for label, params in VIEWS:
                address = f"{url}?{urlencode(params)}"
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(address)
                    elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (address, response.content[:200])
                if round_number >= args.warmup:
                    samples[label].append(elapsed)
                answers[label] = response.json()
                queries[label] = len(captured.captured_queries)
        maps.cache = real_cache
        print(f"\n{mode}:")
        print(f"{'view':44} {'p50':>7} {'p95':>7} {'max':>7}  q  total clusters points")
        everything = []
        for label, params in VIEWS:
            values = samples[label]
            everything.extend(values)
            answer = answers[label]
            row = {
                "mode": mode,
                "view": label,
                "params": params,
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "max_ms": round(max(values), 1),
                "queries": queries[label],
                "total": answer["total"],
                "clusters": len(answer["clusters"]),
                "points": len(answer["organisations"]),
            }
            results.append(row)
            print(
                f"{label:44} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} {row['max_ms']:7.1f} "
                f"{row['queries']:2d} {row['total']:6d} {row['clusters']:8d} {row['points']:6d}"
            )
        p50, p95 = statistics.median(everything), percentile(everything, 0.95)
        print(f"{'all views':44} {p50:7.1f} {p95:7.1f}")
        if mode == "computed":
            verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
            print(f"target p95 < {TARGET_P95_MS:.0f} ms computed: {verdict}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"map-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
