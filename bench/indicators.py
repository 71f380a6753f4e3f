"""Benchmark the figures at scale, with no cache: the goal follow-up pages, the public
statistics pages and a report of indicator tables (docs/benchmarks.md, "Indicators").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialeconomy_ibench \\
        .venv/bin/python bench/indicators.py [--organisations 300000] [--rounds 20]

Prepares the database like ``bench/partnerships.py`` (demo organisations through
``seed_demo --bulk``, the demo efforts and 50 000 generated efforts over 10 years), then
tops the register up to ``--organisations`` by copying the published demo entries in SQL
(``top_up``): the bulk seeder writes about 3 000 organisations a minute on a shared
2-core machine, the copy 20 000. Copies get a new slug, no organisation number and a
founding year moved by up to two years, so the register's figures spread like the
demo's. Then VACUUM ANALYZE, and every page and table is measured cold: the cache is
emptied before each request.

Targets (issue 9): a report of six tables under 1 s, the goal follow-up pages under
300 ms at p95, the public statistics page under 300 ms.
"""

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import partnerships as bench  # noqa: E402  (sets up Django)
from bench.partnerships import DatabaseTimer, Stats, percentile  # noqa: E402
from partnerships import indicators  # noqa: E402
from partnerships.models import Effort, EffortPayment  # noqa: E402
from registry.models import Organisation  # noqa: E402

PAGE_TARGET_MS = 300.0
REPORT_TARGET_MS = 1000.0
SEEDED = 50_000  # organisations written by the bulk seeder; the rest are copies
REPORT = [  # a report: the six tables of an annual follow-up of Motala's policy
    "register_social_enterprise",
    "survival",
    "resource_equality",
    "efforts_per_year",
    "efforts_by_kind",
    "efforts_by_unit",
]

COPY = """
INSERT INTO registry_organisation (
    name, alternate_names, slug, org_number, kind, work_integrating, presentation,
    description, founded_year, website, email, phone, street_address, postal_code, city,
    latitude, longitude, employees, people_in_work_integration, offers,
    sells_to_public_sector, sells_to_business, publication_state, status, ceased_on,
    last_verified_on, created_at, updated_at, home_municipality_id, legal_form_id, facets,
    version)
SELECT name, alternate_names, slug || '-k' || %(copy)s, NULL, kind, work_integrating,
       presentation, description,
       CASE WHEN founded_year IS NULL THEN NULL
            ELSE LEAST(founded_year + %(copy)s %% 5 - 2, %(this_year)s) END,
       website, email, phone, street_address, postal_code, city, latitude, longitude,
       employees, people_in_work_integration, offers, sells_to_public_sector,
       sells_to_business, publication_state, status, ceased_on, last_verified_on,
       created_at, updated_at, home_municipality_id, legal_form_id, '{}', 1
FROM registry_organisation
WHERE slug !~ '-k[0-9]+$'
ORDER BY id
LIMIT %(limit)s
"""


def top_up(organisations: int) -> None:
    """Copies of the seeded entries until the register holds ``organisations``."""
    copy = 0
    while (count := Organisation.objects.count()) < organisations:
        copy += 1
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                COPY,
                {
                    "copy": copy,
                    "this_year": timezone.localdate().year,
                    "limit": organisations - count,
                },
            )
            cursor.execute(
                "INSERT INTO registry_organisation_municipalities (organisation_id, "
                "municipality_id) SELECT id, home_municipality_id FROM registry_organisation "
                "WHERE slug ~ %s ON CONFLICT DO NOTHING",
                [f"-k{copy}$"],
            )
        print(f"  copy {copy}: {Organisation.objects.count():,} organisations "
              f"({time.monotonic() - started:.0f} s)")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def page_targets() -> list[tuple[str, str, bool]]:
    """The goal follow-up pages of bench/partnerships.py and the statistics pages."""
    targets = [(label, url, True) for label, url, target in bench.pages() if target]
    targets.append(
        ("units' contribution (Motala)", reverse("partnerships:unit-contribution"), True)
    )
    targets += [
        ("public statistics, whole register", reverse("partnerships:statistics"), True),
        (
            "public statistics, Motala",
            reverse("partnerships:statistics-municipality", args=["0583"]),
            True,
        ),
        (
            "public statistics, Lekeberg",
            reverse("partnerships:statistics-municipality", args=["1814"]),
            True,
        ),
    ]
    return targets


def measure_pages(rounds: int) -> list[Stats]:
    client = Client()
    client.force_login(bench.officer())
    targets = page_targets()
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in targets}
    queries = {}
    for label, url, _ in targets:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200, url
        queries[label] = len(context.captured_queries)
    for _ in range(rounds):
        for label, url, _ in targets:
            cache.clear()
            timer = DatabaseTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200
            samples[label].append((elapsed * 1000, timer.seconds * 1000))
    return [_stats(f"{label} (cold)", url, samples[label], queries[label], True)
            for label, url, _ in targets]  # fmt: skip


def measure_report(rounds: int) -> list[Stats]:
    """Each table of the report alone, and the whole report (the six in a row)."""
    this_year = timezone.localdate().year
    arguments = {
        "municipality_codes": ["0583"],
        "first_year": this_year - 9,
        "last_year": this_year,
    }
    samples: dict[str, list[tuple[float, float]]] = {key: [] for key in [*REPORT, "report"]}
    for _ in range(rounds):
        report_total = report_db = 0.0
        for key in REPORT:
            timer = DatabaseTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                indicators.table(key, **arguments)
                elapsed = (time.perf_counter() - started) * 1000
            samples[key].append((elapsed, timer.seconds * 1000))
            report_total += elapsed
            report_db += timer.seconds * 1000
        samples["report"].append((report_total, report_db))
    stats = [
        _stats(f"table {key} (Motala, 10 years)", key, samples[key], 0, False) for key in REPORT
    ]
    stats.append(_stats("whole report: the six tables", "report", samples["report"], 0, True))
    return stats


def _stats(label, url, samples, queries, target) -> Stats:
    total = [s[0] for s in samples]
    database = [s[1] for s in samples]
    return Stats(
        label, url, statistics.median(total), percentile(total, 95), max(total),
        statistics.median(database), queries, target,
    )  # fmt: skip


def report(pages: list[Stats], tables: list[Stats], rounds: int) -> str:
    lines = [
        f"{Organisation.objects.count():,} organisations, {Effort.objects.count():,} efforts, "
        f"{EffortPayment.objects.count():,} payments; {rounds} rounds, cold (cache emptied "
        f"before each request); PostgreSQL {connection.pg_version // 10000}.",
        "",
        "| page or table | p50 ms | p95 ms | max ms | DB p50 ms | queries | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for s in pages + tables:
        limit = REPORT_TARGET_MS if s.url == "report" else PAGE_TARGET_MS
        verdict = ("ok" if s.p95_ms < limit else "**over**") if s.target else ""
        lines.append(
            f"| {s.label} | {s.p50_ms:.1f} | {s.p95_ms:.1f} | {s.max_ms:.1f} | "
            f"{s.db_p50_ms:.1f} | {s.queries or ''} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=300_000)
    parser.add_argument("--efforts", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    if not args.skip_seed:
        bench.prepare(
            organisations=min(SEEDED, args.organisations), efforts=args.efforts, years=args.years
        )
        top_up(args.organisations)
    pages = measure_pages(args.rounds)
    tables = measure_report(args.rounds)
    text = report(pages, tables, args.rounds)
    print(text)
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    (bench.RESULTS / "indicators.json").write_text(
        json.dumps([asdict(s) for s in pages + tables], indent=2, ensure_ascii=False)
    )
    over = [
        s.label
        for s in pages + tables
        if s.target and s.p95_ms >= (REPORT_TARGET_MS if s.url == "report" else PAGE_TARGET_MS)
    ]
    if over:
        sys.exit(f"over the target: {', '.join(over)}")


if __name__ == "__main__":
    main()
