"""Benchmark the duplicates report (``registry.duplicates``) on a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialeconomy_bench \\
        .venv/bin/python bench/duplicates.py [--rounds 5]

Needs a database seeded as for ``bench/directory.py`` (``seed_demo --organisations
300000 --bulk``) and migrated. Times the first page of the report for an administrator
(``--admin``: every municipality) and for officers of single municipalities (by
default the one with the most entries, and Lekeberg), without the report's timeout, and
prints the plan's index lines.
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
    "DJANGO_SETTINGS_MODULE": "socialeconomy.settings",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from partnerships.models import OfficerMembership  # noqa: E402
from registry import duplicates  # noqa: E402
from registry.access import OFFICERS_GROUP  # noqa: E402
from registry.models import Organisation  # noqa: E402


def timed(function, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def officer_of(code: str) -> User:
    user, _ = User.objects.get_or_create(username=f"bench-officer-{code}")
    user.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    OfficerMembership.objects.get_or_create(user=user, municipality_id=code)
    return User.objects.get(pk=user.pk)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--municipalities",
        nargs="*",
        default=[],
        help="codes of officers to time (default: the biggest municipality and 1814)",
    )
    parser.add_argument("--admin", action="store_true", help="time the administrator too")
    args = parser.parse_args()
    total = Organisation.objects.count()
    biggest = (
        Organisation.objects.values("home_municipality")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    print(f"{total} organisations; most in {biggest['home_municipality']} ({biggest['n']})")
    codes = args.municipalities or [biggest["home_municipality"], "1814"]
    users = [(f"officer of {code}", officer_of(code)) for code in codes]
    if args.admin:
        users.append(("administrator (all)", admin))
    duplicates.TIMEOUT_MS = 0  # no timeout: measure how long it takes
    for label, user in users:
        ms, (_pairs, count) = timed(lambda u=user: duplicates.candidate_pairs(u), args.rounds)
        print(f"{label}: first page {ms:.0f} ms, {count} pairs")
    # The plan of the whole report for the biggest municipality's officer.
    sql, params = duplicates._pairs_sql(users[0][1])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [duplicates.NAME_SIMILARITY])
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, [*params, 25, 0])
        for (line,) in cursor.fetchall():
            if "Index" in line or "Execution" in line or "Planning" in line:
                print("  ", line.strip()[:140])


if __name__ == "__main__":
    main()
