"""Benchmark the public directory and detail page at national scale (see bench/README.md).

    .venv/bin/python bench/directory.py [--organisations 300000] [--rounds 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialeconomy_bench \\
        .venv/bin/python bench/directory.py

Without DATABASE_URL it uses the database ``socialeconomy_bench`` on the project's embedded
PostgreSQL server. Creates the database if it does not exist, migrates it, seeds demo
organisations in seed_demo's default mix (one in ten draft, pending or hidden) until it
holds --organisations (then VACUUM ANALYZE), adds the relevance set, and measures
requests with Django's in-process test Client: server time from request to response,
middleware, queries and template rendering included, no network or HTTP parsing. Requests
to every search, the detail pages and a bare view (one query, one small template) are
interleaved round by round so that drift on the machine hits all of them alike.
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Production-like settings: DEBUG off (no query log, cached templates), no HTTPS redirect.
for name, value in {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
    "DEMO_APP": "1",  # seed_demo is the demo app's (needs the dev extra)
    "DJANGO_SETTINGS_MODULE": "socialeconomy.settings",
}.items():
    os.environ.setdefault(name, value)

if not os.environ.get("DATABASE_URL"):
    from urllib.parse import quote

    from socialeconomy import embedded_db

    _embedded = embedded_db.database_settings("socialeconomy_bench")
    os.environ["DATABASE_URL"] = (
        f"postgres://{_embedded['USER']}@{quote(_embedded['HOST'], safe='')}"
        f":{_embedded['PORT']}/{_embedded['NAME']}"
    )

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from psycopg2 import sql as pg_sql  # noqa: E402

from registry import search, selectors  # noqa: E402
from registry.filters import OrganisationDirectoryFilter  # noqa: E402
from registry.models import DataVersion, Organisation  # noqa: E402
from tests.registry import relevance  # noqa: E402

TARGET_P95_MS = 50.0
TARGET_RATIO = 5.0
RESULTS = ROOT / "bench" / "results"

# (label, query string): at least 20 searches, filters, sorts and deep pages.
SEARCHES: list[tuple[str, dict[str, str]]] = [
    ("all, default sort", {}),
    ("q=förening (about a third)", {"q": "förening"}),
    ("q=idrott", {"q": "idrott"}),
    ("q=återbruk", {"q": "återbruk"}),
    ("q=kooperativ", {"q": "kooperativ"}),
    ("q=stiftelsen", {"q": "stiftelsen"}),
    ("q=verksamhet", {"q": "verksamhet"}),
    ("q=arbetsträning", {"q": "arbetsträning"}),
    ("q=motala", {"q": "motala"}),
    ("q=motla (misspelt)", {"q": "motla"}),
    ("q=förning (misspelt)", {"q": "förning"}),
    ("q=idrotsförening (misspelt)", {"q": "idrotsförening"}),
    ("q=lekeberg återbruk", {"q": "lekeberg återbruk"}),
    ("kind=social_enterprise", {"kind": "social_enterprise"}),
    ("work_integrating=true", {"work_integrating": "true"}),
    ("county=05 (Östergötland)", {"county": "05"}),
    ("municipality=0583 (Motala)", {"municipality": "0583"}),
    ("area=sport", {"area": "sport"}),
    ("goal=8", {"goal": "8"}),
    ("legal_form=51", {"legal_form": "51"}),
    ("sells_to_public_sector=true", {"sells_to_public_sector": "true"}),
    (
        "social enterprise + WISE + county=18",
        {"kind": "social_enterprise", "work_integrating": "true", "county": "18"},
    ),
    ("q=förening + municipality=1814", {"q": "förening", "municipality": "1814"}),
    ("q=catering + sells to public", {"q": "catering", "sells_to_public_sector": "true"}),
    ("area=reuse + goal=12 + county=05", {"area": "reuse", "goal": "12", "county": "05"}),
    ("sort=name", {"sort": "name"}),
    ("sort=newest", {"sort": "newest"}),
    ("q=förening sort=relevance", {"q": "förening", "sort": "relevance"}),
    ("q=förening sort=name", {"q": "förening", "sort": "name"}),
    ("q=förening sort=newest", {"q": "förening", "sort": "newest"}),
    ("page=500", {"page": "500"}),
    ("page=5000", {"page": "5000"}),
    ("sort=newest page=5000", {"sort": "newest", "page": "5000"}),
    ("q=förening page=500", {"q": "förening", "page": "500"}),
]
# Searches written after the search was built, never tuned for: words that match
# nothing, activity-area words, misspellings, places, prefixes, words typed without
# å, ä and ö, and organisation numbers (three real ones are added at run time).
FRESH: list[tuple[str, dict[str, str]]] = [
    ("fresh q=lekberg (misspelt place)", {"q": "lekberg"}),
    ("fresh q=xqzvy (nothing)", {"q": "xqzvy"}),
    ("fresh q=omsorg (area word)", {"q": "omsorg"}),
    ("fresh q=arbetsintegrerande", {"q": "arbetsintegrerande"}),
    ("fresh q=integration", {"q": "integration"}),
    ("fresh q=kooprativ (misspelt)", {"q": "kooprativ"}),
    ("fresh q=stiftlese (misspelt)", {"q": "stiftlese"}),
    ("fresh q=göteborg", {"q": "göteborg"}),
    ("fresh q=idrott umeå", {"q": "idrott umeå"}),
    ("fresh q=hembyg (prefix)", {"q": "hembyg"}),
    ("fresh q=kultu (prefix)", {"q": "kultu"}),
    ("fresh q=forening (no ö)", {"q": "forening"}),
    ("fresh q=aterbruk lekeberg", {"q": "aterbruk lekeberg"}),
    ("fresh q=catering + county=05", {"q": "catering", "county": "05"}),
    ("fresh q=second hand", {"q": "second hand"}),
    ("fresh q=Motala Idrottsförening (exact)", {"q": "Motala Idrottsförening"}),
    ("fresh q=förening ceased=on", {"q": "förening", "ceased": "on"}),
]
DETAIL_PAGES = 20
# Search-as-you-type: what the suggestions endpoint is asked while someone types.
SUGGESTIONS = [
    "mo",
    "mot",
    "motala idr",
    "fö",
    "för",
    "föreningen",
    "st",
    "kooper",
    "forening",
    "angel",
    "hembygds",
    "lekeberg åter",
    "xq",
    "idrottsförening motala",
]
TARGET_SUGGEST_P95_MS = 30.0


@dataclass(frozen=True)
class Sample:
    total_ms: float  # request to response
    db_ms: float  # of which waiting for the database


class DatabaseTimer:
    """Adds up the time spent in the database (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Stats:
    label: str
    url: str
    p50_ms: float
    p95_ms: float
    max_ms: float
    db_p50_ms: float
    queries: int
    matches: int | None = None

    @classmethod
    def of(cls, label: str, url: str, samples: list[Sample], **extra) -> "Stats":
        total = [sample.total_ms for sample in samples]
        database = [sample.db_ms for sample in samples]
        return cls(
            label,
            url,
            median(total),
            percentile(total, 95),
            max(total),
            median(database),
            **extra,
        )


@dataclass
class Results:
    per_query: list[Stats]
    directory: Stats
    fresh: Stats
    suggestions: Stats
    detail: Stats
    bare: Stats
    relevance_passed: int
    relevance_failing: list[str]

    @property
    def ratio(self) -> float:
        """The directory's median as a multiple of the bare view's."""
        return self.directory.p50_ms / self.bare.p50_ms


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


# --- Preparing the database -------------------------------------------------------------


def ensure_database() -> None:
    """Create the database named in DATABASE_URL if it is missing (PostgreSQL only)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark measures PostgreSQL: set DATABASE_URL=postgres://…")
    if db["NAME"] in ("socialeconomy", "postgres") or db["NAME"].startswith("test_"):
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
            cursor.execute(pg_sql.SQL("CREATE DATABASE {}").format(pg_sql.Identifier(db["NAME"])))
            print(f"Created database {db['NAME']}.")
    admin.close()


RELEVANCE_SUFFIX = "-relevance-set"


def prepare(organisations: int, *, skip_seed: bool) -> None:
    ensure_database()
    call_command("migrate", verbosity=0)
    held = Organisation.objects.count()
    seeded = False
    if skip_seed or held >= organisations:
        print(f"Database holds {held:,} organisations; not seeding.")
    else:
        started = time.monotonic()
        call_command("seed_demo", organisations=organisations, verbosity=1)
        print(f"Seeded in {time.monotonic() - started:.0f} s.")
        seeded = True
    if not Organisation.objects.filter(slug__endswith=RELEVANCE_SUFFIX).exists():
        relevance.load(suffix=RELEVANCE_SUFFIX)
        print("Added the relevance set.")
    with connection.cursor() as cursor:
        # A bulk load leaves every organisation's row written several times (the
        # triggers of the many-to-many tables rewrite it); a register that grew entry by
        # entry has no such dead rows, so the table is compacted once after seeding.
        cursor.execute("VACUUM FULL ANALYZE" if seeded else "VACUUM ANALYZE")


def org_number_searches() -> list[tuple[str, dict[str, str]]]:
    """Three real organisation numbers, typed three ways."""
    numbers = list(
        selectors.published_organisations()
        .exclude(org_number=None)
        .order_by("id")
        .values_list("org_number", flat=True)[1000:1003]
    )
    forms = [numbers[0], numbers[1].replace("-", ""), "16" + numbers[2]]
    return [(f"fresh q={number} (org number)", {"q": number}) for number in forms]


# --- Measuring --------------------------------------------------------------------------


def directory_url(params: dict[str, str]) -> str:
    url = reverse("registry:organisation-list")
    return f"{url}?{urlencode(params)}" if params else url


def detail_urls() -> list[str]:
    total = selectors.published_organisations().count()
    step = max(1, total // DETAIL_PAGES)
    slugs = (
        Organisation.objects.filter(publication_state=Organisation.PublicationState.PUBLISHED)
        .order_by("id")
        .values_list("slug", flat=True)[::step][:DETAIL_PAGES]
    )
    return [reverse("registry:organisation-detail", kwargs={"slug": slug}) for slug in slugs]


def timed_get(client: Client, url: str, timer: DatabaseTimer) -> Sample:
    timer.seconds = 0.0
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return Sample(total_ms=elapsed * 1000, db_ms=timer.seconds * 1000)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def matches(params: dict[str, str]) -> int:
    """How many organisations the directory lists for the request, counted in full."""
    query = QueryDict(mutable=True)
    query.update(params)
    directory = OrganisationDirectoryFilter(query, queryset=selectors.published_organisations())
    queryset = directory.qs
    if not directory.include_ceased:
        queryset = queryset.filter(status=Organisation.Status.ACTIVE)
    if directory.search_text:
        queryset = search.Search.parse(directory.search_text).filter(queryset)
    return queryset.count()


def relevance_share() -> tuple[int, list[str]]:
    """How many of the relevance set's queries find what they must on the first page of
    the whole register; and those that do not."""
    failing = []
    for case in relevance.CASES:
        names = relevance.first_page_of_selector(case.query, settings.REGISTRY_PAGE_SIZE)
        if not relevance.passes(case, names):
            failing.append(case.query)
    return len(relevance.CASES) - len(failing), failing


def new_register_version() -> None:
    """As if the register had just changed: every cached page of results is out of date,
    so the next search is computed (cards and filter lists stay cached, as they would)."""
    DataVersion.objects.filter(pk=DataVersion.REGISTER).update(token=uuid.uuid4())


def measure(*, rounds: int, warmup: int, cold: bool = True) -> Results:
    client = Client()
    timer = DatabaseTimer()
    bare_url = reverse("bench-bare")
    searches = SEARCHES + FRESH + org_number_searches()
    targets = [(label, directory_url(params)) for label, params in searches]
    suggest = reverse("registry:organisation-suggestions")
    targets += [(f"suggest {q}", f"{suggest}?{urlencode({'q': q})}") for q in SUGGESTIONS]
    searches = searches + [(f"suggest {q}", {}) for q in SUGGESTIONS]
    details = detail_urls()
    every_url = [url for _, url in targets] + details
    samples: dict[str, list[Sample]] = {url: [] for url in every_url}
    bare_samples: list[Sample] = []
    with connection.execute_wrapper(timer):
        for _ in range(warmup):
            for url in [*every_url, bare_url]:
                timed_get(client, url, timer)
        for round_number in range(rounds):
            for url in every_url:
                if cold:
                    new_register_version()
                samples[url].append(timed_get(client, url, timer))
                bare_samples.append(timed_get(client, bare_url, timer))  # the floor, interleaved
            print(f"round {round_number + 1}/{rounds}", end="\r", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    per_query = [
        Stats.of(
            label,
            url,
            samples[url],
            queries=count_queries(client, url),
            matches=None if label.startswith("suggest") else matches(params),
        )
        for (label, url), (_, params) in zip(targets, searches, strict=True)
    ]
    directory_all = [
        sample
        for label, url in targets
        if not label.startswith("suggest")
        for sample in samples[url]
    ]
    suggest_all = [
        sample for label, url in targets if label.startswith("suggest") for sample in samples[url]
    ]
    fresh_urls = [url for label, url in targets if label.startswith("fresh")]
    fresh_all = [sample for url in fresh_urls for sample in samples[url]]
    passed, failing = relevance_share()
    detail_all = [sample for url in details for sample in samples[url]]
    return Results(
        per_query=per_query,
        directory=Stats.of("directory, all searches", "", directory_all, queries=0),
        fresh=Stats.of("directory, fresh searches", "", fresh_all, queries=0),
        suggestions=Stats.of("suggestions, as typed", "", suggest_all, queries=1),
        relevance_passed=passed,
        relevance_failing=failing,
        detail=Stats.of(
            f"detail, {len(details)} pages",
            "",
            detail_all,
            queries=count_queries(client, details[0]),
        ),
        bare=Stats.of("bare view", bare_url, bare_samples, queries=count_queries(client, bare_url)),
    )


def explain(params: dict[str, str]) -> None:
    """Print the SQL a directory request runs and PostgreSQL's plan for each statement."""
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        client.get(directory_url(params))
    for query in captured.captured_queries:
        sql = query["sql"]
        print(f"\n-- {query['time']} s\n{sql}")
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            print("\n".join(row[0] for row in cursor.fetchall()))


# --- Reporting --------------------------------------------------------------------------


def machine() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM registry_organisation")
        rows = cursor.fetchone()[0]
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": str(os.cpu_count()),
        "memory": f"{memory_kb / 1024 / 1024:.0f} GiB",
        "postgresql": postgres,
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "organisations": f"{rows:,}",
        "load average before": load_average(),
    }


def load_average() -> str:
    """Other work on the machine shows up in the figures: record how busy it was."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def over_target(p95_ms: float) -> str:
    return " (over)" if p95_ms > TARGET_P95_MS else ""


def report(results: Results) -> str:
    """The figures as a Markdown table, the way docs/benchmarks.md shows them."""
    lines = [
        "| request | matches | queries | p50 ms | p95 ms | max ms | database p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for stats in results.per_query:
        lines.append(
            f"| {stats.label} | {'' if stats.matches is None else f'{stats.matches:,}'} "
            f"| {stats.queries} | {stats.p50_ms:.1f} "
            f"| {stats.p95_ms:.1f}{over_target(stats.p95_ms)} | {stats.max_ms:.1f} "
            f"| {stats.db_p50_ms:.1f} |"
        )
    for stats in (
        results.directory,
        results.fresh,
        results.suggestions,
        results.detail,
        results.bare,
    ):
        lines.append(
            f"| **{stats.label}** | | {stats.queries or ''} | **{stats.p50_ms:.1f}** "
            f"| **{stats.p95_ms:.1f}**{over_target(stats.p95_ms)} | {stats.max_ms:.1f} "
            f"| {stats.db_p50_ms:.1f} |"
        )
    lines += [
        "",
        f"Directory median / bare view median: **{results.ratio:.1f}x** "
        f"(target under {TARGET_RATIO:.0f}x); p95 target {TARGET_P95_MS:.0f} ms.",
        f"Suggestions p95: {results.suggestions.p95_ms:.1f} ms "
        f"(target under {TARGET_SUGGEST_P95_MS:.0f} ms).",
        f"Fresh searches' median / bare view median: "
        f"**{results.fresh.p50_ms / results.bare.p50_ms:.1f}x**.",
        f"Relevance set on the whole register: {results.relevance_passed} of "
        f"{len(relevance.CASES)} queries find what they must on the first page"
        + (f" (not: {', '.join(results.relevance_failing)})" if results.relevance_failing else "")
        + ".",
    ]
    return "\n".join(lines)


def save(results: Results, info: dict[str, str], args: argparse.Namespace) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / time.strftime("directory-%Y%m%d-%H%M%S.json")
    payload = {
        "machine": info,
        "rounds": args.rounds,
        "results_cache": args.results_cache,
        "warmup": args.warmup,
        "ratio": results.ratio,
        **asdict(results),
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=30, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per URL first")
    parser.add_argument(
        "--results-cache",
        choices=["cold", "warm"],
        default="cold",
        help="cold (default): each search computed, as after a change to the register; "
        "warm: a repeated search served from the cached page of results",
    )
    parser.add_argument("--skip-seed", action="store_true", help="measure what is there")
    parser.add_argument(
        "--explain",
        metavar="LABEL",
        help="instead of measuring, print the SQL and EXPLAIN ANALYZE of one search "
        "(a label from the list, e.g. 'q=förening (about a third)')",
    )
    args = parser.parse_args()
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        if args.explain:
            searches = dict(SEARCHES + FRESH)
            if args.explain not in searches:
                parser.error("--explain takes one of: " + ", ".join(map(repr, searches)))
            explain(searches[args.explain])
            return
        prepare(args.organisations, skip_seed=args.skip_seed)
        info = machine()
        print(" · ".join(f"{key}: {value}" for key, value in info.items()))
        results = measure(rounds=args.rounds, warmup=args.warmup, cold=args.results_cache == "cold")
        info["load average after"] = load_average()
    print(report(results))
    print(f"Load average (1, 5, 15 min) after: {info['load average after']}")
    print(f"\nSaved {save(results, info, args).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
