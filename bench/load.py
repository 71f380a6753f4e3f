"""The load benchmark: gunicorn on PostgreSQL under 50 concurrent clients (see
bench/README.md). Run by hand, loopback only, bounded in time:

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--worker-class gthread]

It uses the database that bench/directory.py seeded (300 000 organisations), starts
gunicorn from the repository's gunicorn.conf.py on 127.0.0.1:8001 with the bench's
settings (the project's plus the bare view), then runs locust headless twice in the same
session: ``--bare-seconds`` on the bare view alone (the floor: one query, one small
template), and ``--seconds`` on the mix (searches, organisation pages, the partnerships
list, the registration and sign-in pages). It prints requests per second, p50/p95/max
and errors for each, per endpoint, and saves them as JSON in bench/results/.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent

SEARCHES = [
    {"q": "förening"},
    {"q": "forening"},
    {"q": "idrott motala"},
    {"q": "återbruk lekeberg"},
    {"q": "kooperativ"},
    {"q": "hembyg"},
    {"q": "motla"},
    {"q": "integration"},
    {"q": "omsorg"},
    {"q": "catering"},
    {"q": "stiftelse"},
    {"q": "arbetsintegrerande"},
    {"q": "Motala Idrottsförening"},
    {"q": "kultur", "county": "05"},
    {"kind": "social_enterprise"},
    {"kind": "cooperative", "sort": "name"},
    {"work_integrating": "true"},
    {"municipality": "0583"},
    {"county": "18", "sort": "newest"},
    {"page": "3"},
    {},
]

TARGETS = {"requests_per_second": 100, "p95_ms": 500, "errors": 0}


def environment(database_url: str, port: int, args) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "DEMO_APP": "0",
        "SECRET_KEY": "bench-only-not-secret",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKER_CLASS": args.worker_class,
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }


def sample_slugs(env: dict, count: int = 300) -> list[str]:
    code = (
        "import django, json, random; django.setup()\n"
        "from registry.models import Organisation\n"
        "ids = list(Organisation.objects.filter(publication_state='published')"
        ".values_list('slug', flat=True)[:20000])\n"
        f"random.seed(7); print(json.dumps(random.sample(ids, min(len(ids), {count}))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def wait_until_up(port: int, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz/")


def run_locust(env: dict, port: int, tag: str, users: int, seconds: int) -> dict:
    RESULTS.mkdir(parents=True, exist_ok=True)
    prefix = RESULTS / f"load-{tag}"
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--tags",
            tag,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "requests_per_second": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "max_ms": round(float(row["Max Response Time"])),
            }
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/socialeconomy_bench"
        ),
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--bare-seconds", type=int, default=20)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument(
        "--wait",
        default="0.1,0.5",
        help="seconds each client waits between requests, as MIN,MAX ('0,0': none)",
    )
    args = parser.parse_args()

    env = environment(args.database_url, args.port, args)
    random.seed(7)
    env["LOAD_SEARCHES"] = json.dumps(SEARCHES)
    env["LOAD_SLUGS"] = json.dumps(sample_slugs(env))
    env["LOAD_WAIT"] = args.wait
    load_before = os.getloadavg()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")], env=env, cwd=ROOT
    )
    try:
        wait_until_up(args.port)
        bare = run_locust(env, args.port, "bare", args.users, args.bare_seconds)
        mix = run_locust(env, args.port, "mix", args.users, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "config": {
            "worker_class": args.worker_class,
            "workers": args.workers,
            "threads": args.threads if args.worker_class == "gthread" else 1,
            "users": args.users,
            "wait": args.wait,
            "seconds": args.seconds,
            "cores": os.cpu_count(),
        },
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "bare": bare,
        "mix": mix,
    }
    wait = args.wait.replace(",", "-")
    name = f"load-{args.worker_class}-{args.workers}x{args.threads}-wait{wait}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    threads = result["config"]["threads"]
    print(
        f"\n{args.worker_class}, {args.workers} workers x {threads} threads, {args.users} clients\n"
    )
    print("| phase / endpoint | requests | req/s | p50 ms | p95 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for phase, rows in (("bare", bare), ("mix", mix)):
        for endpoint, row in rows.items():
            print(
                f"| {phase}: {endpoint} | {row['requests']} | {row['requests_per_second']} | "
                f"{row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['max_ms']} | {row['errors']} |"
            )
    total = mix.get("Aggregated", {})
    met = (
        total.get("requests_per_second", 0) >= TARGETS["requests_per_second"]
        and total.get("p95_ms", 1e9) < TARGETS["p95_ms"]
        and total.get("errors", 1) == TARGETS["errors"]
    )
    print(f"\nTarget (≥ 100 req/s, p95 < 500 ms, 0 errors): {'met' if met else 'NOT met'}")
    print(f"Load average before {load_before}, after {result['load_average_after']}")


if __name__ == "__main__":
    main()
