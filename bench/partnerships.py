"""Benchmark the goal follow-up with 50 000 efforts over 10 years (see
docs/benchmarks.md, "Goal follow-up").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialeconomy_pbench \\
        .venv/bin/python bench/partnerships.py [--efforts 50000] [--years 10] [--rounds 40]

Creates the database if it does not exist, migrates it, seeds published demo
organisations (``seed_demo --all-published --bulk``), the believable demo efforts
(``seed_partnerships_demo``) and N generated efforts (``demo.bulk_efforts``, a bulk load
checked against the effort log's rules) until it holds them, runs VACUUM ANALYZE, and
measures requests with Django's in-process test Client as a signed-in officer: server
time from request to response, middleware, queries and template rendering included, no
network. The pages are requested round by round, interleaved, so that drift on the
machine hits all of them alike. The target is a p95 under 300 ms for the goal overview
and a goal page.
"""

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Production-like settings: DEBUG off (no query log, cached templates), no HTTPS redirect.
for name, value in {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
    "ALLOWED_HOSTS": "testserver",
    "DEMO_APP": "1",  # the seed commands and the bulk loader (needs the dev extra)
    "DJANGO_SETTINGS_MODULE": "socialeconomy.settings",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from demo.bulk_efforts import seed_bulk_efforts  # noqa: E402
from partnerships.models import (  # noqa: E402
    Effort,
    EffortGoal,
    OfficerMembership,
    PolicyDocument,
    PolicyGoal,
)
from registry.access import OFFICERS_GROUP  # noqa: E402
from registry.models import Organisation  # noqa: E402

TARGET_P95_MS = 300.0
RESULTS = ROOT / "bench" / "results"
BENCH_USER = "bench-officer"  # no password: signed in with force_login only


@dataclass
class Stats:
    label: str
    url: str
    p50_ms: float
    p95_ms: float
    max_ms: float
    db_p50_ms: float
    queries: int
    target: bool


class DatabaseTimer:
    """Adds up the time spent in the database (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def ensure_database() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark measures PostgreSQL: set DATABASE_URL=postgres://…")
    protected = {"socialeconomy", "socialeconomy_bench", "socialeconomy_ci", "postgres"}
    if db["NAME"] in protected or db["NAME"].startswith("test_"):
        sys.exit(f"Refusing to seed the database {db['NAME']!r}: use one of your own.")
    admin = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
            print(f"Created database {db['NAME']}.")
    admin.close()


def prepare(*, organisations: int, efforts: int, years: int) -> None:
    ensure_database()
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if Organisation.objects.count() < organisations:
        call_command(
            "seed_demo", organisations=organisations, all_published=True, bulk=True, verbosity=0
        )
    call_command("seed_partnerships_demo", verbosity=1)
    added = seed_bulk_efforts(count=efforts, years=years, progress=show_progress)
    print(f"Added {added:,} generated efforts.")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Prepared in {time.monotonic() - started:.0f} s.")


def show_progress(done: int, total: int, added: int) -> None:
    if done % 10_000 == 0 or done == total:
        print(f"  {done:,}/{total:,} efforts checked, {added:,} added")


def officer() -> User:
    user, _ = User.objects.get_or_create(username=BENCH_USER)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    OfficerMembership.objects.get_or_create(user=user, municipality_id="0583")
    return user


def pages() -> list[tuple[str, str, bool]]:
    """(label, url, whether the 300 ms target applies)."""
    motala = PolicyDocument.objects.get(municipality_id="0583")
    region = PolicyDocument.objects.get(county_id="18")
    goals = {g.code: g for g in PolicyGoal.objects.all()}
    biggest = EffortGoal.objects.values("goal").order_by().annotate(n=Count("id"))
    biggest_goal = max(biggest, key=lambda row: row["n"])["goal"]
    goal_url = reverse("partnerships:goal-detail", args=[biggest_goal])
    overview = reverse("partnerships:goal-overview")
    return [
        ("goal overview (Motala, all years)", f"{overview}?document={motala.pk}", True),
        (
            "goal overview (Motala, 2020-2023)",
            f"{overview}?document={motala.pk}&from_year=2020&to_year=2023",
            True,
        ),
        ("goal overview (Region Örebro län)", f"{overview}?document={region.pk}", True),
        (f"goal page (largest goal, {goals_by_pk(goals)[biggest_goal]})", goal_url, True),
        ("goal page, page 100 of its efforts", f"{goal_url}?page=100", True),
        (
            "goal page M4, 2024",
            f"{goals['M4'].get_absolute_url()}?from_year=2024&to_year=2024",
            True,
        ),
        ("goal page RÖ1 (Lekeberg)", goals["RÖ1"].get_absolute_url(), True),
        ("units' contribution (Motala)", reverse("partnerships:unit-contribution"), False),
        ("effort list", reverse("partnerships:effort-list"), False),
        (
            "effort list, goal + kind filter",
            f"{reverse('partnerships:effort-list')}?goal={goals['M4'].pk}&kind=grant",
            False,
        ),
        ("public list of partnerships", reverse("partnerships:public-list"), False),
    ]


def goals_by_pk(goals: dict) -> dict:
    return {goal.pk: code for code, goal in goals.items()}


def measure(rounds: int, *, cold: bool) -> list[Stats]:
    """Warm: as officers meet the pages, the follow-up figures cached under the effort
    log's version. Cold: the cache is emptied before every request, so every figure is
    computed in the database, as on the first request after a change to the log."""
    client = Client()
    client.force_login(officer())
    targets = pages()
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in targets}
    queries: dict[str, int] = {}
    for label, url, _ in targets:  # warm up caches, count queries
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries[label] = len(context.captured_queries)
    for _ in range(rounds):
        for label, url, _ in targets:
            if cold:
                cache.clear()
            timer = DatabaseTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200
            samples[label].append((elapsed * 1000, timer.seconds * 1000))
    stats = []
    for label, url, target in targets:
        total = [s[0] for s in samples[label]]
        database = [s[1] for s in samples[label]]
        stats.append(
            Stats(
                f"{label}{' (cold)' if cold else ''}",
                url,
                statistics.median(total),
                percentile(total, 95),
                max(total),
                statistics.median(database),
                queries[label],
                target,
            )
        )
    return stats


def report(stats: list[Stats], rounds: int) -> str:
    efforts = Effort.objects.count()
    lines = [
        f"{efforts:,} efforts, {EffortGoal.objects.count():,} effort-goal links, "
        f"{Organisation.objects.count():,} organisations; {rounds} rounds; "
        f"PostgreSQL {connection.pg_version // 10000}.",
        "",
        "| page | p50 ms | p95 ms | max ms | DB p50 ms | queries | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for s in stats:
        verdict = ("ok" if s.p95_ms < TARGET_P95_MS else "**over**") if s.target else ""
        lines.append(
            f"| {s.label} | {s.p50_ms:.1f} | {s.p95_ms:.1f} | {s.max_ms:.1f} | "
            f"{s.db_p50_ms:.1f} | {s.queries} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--efforts", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--organisations", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    if not args.skip_seed:
        prepare(organisations=args.organisations, efforts=args.efforts, years=args.years)
    stats = measure(args.rounds, cold=False) + measure(args.rounds, cold=True)
    text = report(stats, args.rounds)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "partnerships.json").write_text(
        json.dumps([asdict(s) for s in stats], indent=2, ensure_ascii=False)
    )
    failed = [s.label for s in stats[: len(stats) // 2] if s.target and s.p95_ms >= TARGET_P95_MS]
    if failed:
        sys.exit(f"p95 over {TARGET_P95_MS:.0f} ms: {', '.join(failed)}")


if __name__ == "__main__":
    main()
