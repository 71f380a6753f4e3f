"""Benchmark the open-data downloads at national scale (see docs/benchmarks.md,
"Open-data downloads").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/downloads_bench \\
        .venv/bin/python bench/downloads.py [--efforts 50000] [--rounds 1]

The database must hold the register already (a copy of the one ``bench/directory.py``
seeds: ``createdb -T socialeconomy_bench downloads_bench``); the script refuses
``socialeconomy``, ``socialeconomy_bench``, ``postgres`` and ``test_*``, and adds
``--efforts`` generated efforts (``demo.bulk_efforts``) when it holds fewer, so that
the grants file has something to say.

Each file is downloaded whole, in a fresh process of its own (``--one URL``), with
Django's in-process test ``Client`` (no HTTP server, no network): the time to the first
and to the last byte (every piece of the streamed response read, as a server would send
it), the bytes and lines, and the process's peak resident memory (``ru_maxrss``) beside
its resident memory before the request, so the growth is the download's own. The
target: the whole register in under 30 s per file, with memory that does not grow with
the register (the tests measure that with tracemalloc at two sizes).
"""

import argparse
import json
import os
import resource
import subprocess
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
    "DEMO_APP": "1",  # the bulk loader of efforts (needs the dev extra)
    "DJANGO_SETTINGS_MODULE": "socialeconomy.settings",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

TARGET_SECONDS = 30.0
RESULTS = ROOT / "bench" / "results"
FILES = [
    "/oppna-data/organisationer.csv",
    "/oppna-data/organisationer-excel.csv",
    "/oppna-data/organisationer.ndjson",
    "/oppna-data/organisationer-hsds.json",
    "/oppna-data/bidrag-360giving.json",
    "/oppna-data/organisationer.csv?municipality=1814",
]
PROTECTED = {"socialeconomy", "socialeconomy_bench", "postgres"}


def rss_kb() -> int:
    """The resident memory now, in kB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def one(url: str) -> dict:
    """Download ``url`` whole; print the figures as JSON."""
    client = Client()
    client.get("/oppna-data/")  # imports, URL conf, templates: not the download's cost
    before = rss_kb()
    started = time.perf_counter()
    response = client.get(url)
    first = None
    size = lines = 0
    for piece in response.streaming_content:
        if first is None:
            first = time.perf_counter() - started
        size += len(piece)
        lines += piece.count(b"\n")
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "url": url,
        "status": response.status_code,
        "first_byte_s": round(first or total, 3),
        "last_byte_s": round(total, 2),
        "megabytes": round(size / 1e6, 1),
        "lines": lines,
        "rss_before_mb": round(before / 1024),
        "rss_peak_mb": round(peak / 1024),
    }


def prepare(efforts: int) -> None:
    name = settings.DATABASES["default"]["NAME"]
    if name in PROTECTED or name.startswith("test_"):
        sys.exit(f"Refusing to write to {name!r}: use a copy (createdb -T …).")
    from demo.bulk_efforts import seed_bulk_efforts
    from partnerships.models import Effort

    if Effort.objects.count() < efforts:
        added = seed_bulk_efforts(count=efforts, years=10)
        print(f"Added {added:,} generated efforts.")


def counts() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE publication_state = 'published'), "
            "count(*) FILTER (WHERE publication_state = 'published' AND status = 'active'), "
            "count(*) FROM registry_organisation"
        )
        published, active, total = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_public) FROM partnerships_effort"
        )
        efforts, public = cursor.fetchone()
    return {
        "organisations": total,
        "published": published,
        "published_active": active,
        "efforts": efforts,
        "public_efforts": public,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--efforts", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    if not args.skip_seed:
        prepare(args.efforts)
    data = counts()
    load_before = os.getloadavg()
    results = []
    for _round in range(args.rounds):
        for url in FILES:
            output = subprocess.run(
                [sys.executable, __file__, "--one", url],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ,
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            results.append(result)
            print(
                f"{url}: {result['last_byte_s']} s, {result['megabytes']} MB, "
                f"{result['lines']:,} lines, RSS {result['rss_before_mb']} → "
                f"{result['rss_peak_mb']} MB",
                flush=True,
            )
    load_after = os.getloadavg()
    print()
    print(
        f"{data['organisations']:,} organisations ({data['published']:,} published, "
        f"{data['published_active']:,} of them active), {data['efforts']:,} efforts "
        f"({data['public_efforts']:,} public); load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after."
    )
    print()
    print("| file | first byte | last byte | size | lines | RSS before → peak | target |")
    print("|---|---|---|---|---|---|---|")
    for result in results:
        met = "met" if result["last_byte_s"] < TARGET_SECONDS else "**missed**"
        print(
            f"| `{result['url']}` | {result['first_byte_s']:.2f} s | "
            f"{result['last_byte_s']:.1f} s | {result['megabytes']} MB | {result['lines']:,} | "
            f"{result['rss_before_mb']} → {result['rss_peak_mb']} MB | {met} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "downloads.json").write_text(
        json.dumps({"data": data, "load": [load_before, load_after], "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
