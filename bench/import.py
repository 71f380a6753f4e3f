"""Benchmark the import of organisations from a spreadsheet (see docs/benchmarks.md,
"Import").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialeconomy_ibench \\
        .venv/bin/python bench/import.py [--rows 10000] [--register 0]

Creates the database if it does not exist and migrates it, empties its register, and
optionally seeds ``--register`` demo organisations first (``seed_demo --bulk``) so the
import meets a register that is not empty. Then it writes ``--rows`` realistic
organisations from the demo app's generator (names, organisation numbers, legal forms,
kinds, municipalities all over Sweden, e-mail, phone, web address, postal address) as
a semicolon-separated UTF-8 CSV file, as a municipality exports its register, and times,
each through ``registry.imports`` as the officer pages and the command use it:

1. reading the file (``read_table``);
2. the dry run (``plan_import``);
3. the import of every row as new entries (``apply_import``: planned again inside the
   transaction, bulk writes, history rows, the database's search triggers);
4. the re-import of the same rows with a changed e-mail address on each (all updated);
5. the re-import of that file again (all unchanged).

The target is the whole import of 10 000 rows (step 3, which includes its own plan)
under 15 s.
"""

import argparse
import csv
import io
import json
import os
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
    "DEMO_APP": "1",  # the demo generator (needs the dev extra)
    "DJANGO_SETTINGS_MODULE": "socialeconomy.settings",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from demo.organisations import DemoRegister, Reference  # noqa: E402
from registry import imports  # noqa: E402
from registry.models import Organisation  # noqa: E402

TARGET_S = 15.0
RESULTS = ROOT / "bench" / "results"
HEADER = [
    "Namn", "Organisationsnummer", "Juridisk form", "Typ", "Kommun", "E-post", "Telefon",
    "Webbplats", "Utdelningsadress", "Postnummer", "Ort", "Grundad",
]  # fmt: skip


def ensure_database() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark measures PostgreSQL: set DATABASE_URL=postgres://…")
    protected = {"socialeconomy", "socialeconomy_bench", "socialeconomy_ci", "postgres"}
    if db["NAME"] in protected or db["NAME"].startswith(("test_", "wt_")):
        sys.exit(f"Refusing to empty the database {db['NAME']!r}: use one of your own.")
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


def empty_register() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_organisation, registry_historicalorganisation CASCADE")


def spreadsheet(count: int, *, seed: int, email_suffix: str = "") -> bytes:
    """``count`` demo organisations as a municipality's CSV export."""
    reference = Reference.load()
    register = DemoRegister(seed=seed, reference=reference, all_published=True)
    names = dict(Organisation.Kind.choices)
    municipalities = {place.code: place.name for place in reference.places}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    seen: set[tuple[str, str]] = set()
    written = 0
    for demo in register.generate(count * 2):
        o = demo.organisation
        # A register names an association without a number once per municipality (the
        # import refuses a second row like it); the generator does not know that.
        if not o.org_number and (o.name, o.home_municipality_id) in seen:
            continue
        seen.add((o.name, o.home_municipality_id))
        written += 1
        if written > count:
            break
        email = o.email or f"info{demo.index}@example.se"
        if email_suffix:
            local, _, domain = email.partition("@")
            email = f"{local}{email_suffix}@{domain}"
        writer.writerow(
            [
                o.name,
                o.org_number or "",
                o.legal_form_id,
                str(names[o.kind]),
                municipalities.get(o.home_municipality_id, o.home_municipality_id),
                email,
                o.phone,
                o.website,
                o.street_address,
                o.postal_code.replace(" ", ""),
                o.city,
                o.founded_year or "",
            ]
        )
    return out.getvalue().encode("utf-8")


def timed(label: str, results: dict, function):
    started = time.monotonic()
    try:
        value = function()
    except imports.ImportRefused as refused:
        sys.exit(f"{label}: refused {[(o.line, o.reasons) for o in refused.plan.refused[:5]]}")
    results[label] = round(time.monotonic() - started, 2)
    print(f"{label}: {results[label]:.2f} s")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--register", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20261201)
    options = parser.parse_args()

    ensure_database()
    call_command("migrate", verbosity=0)
    empty_register()
    if options.register:
        call_command(
            "seed_demo", organisations=options.register, bulk=True, all_published=True,
            verbosity=0, seed=options.seed + 1,
        )  # fmt: skip
    load_before = os.getloadavg()
    settings_ = imports.ImportSettings(municipality_id="1814", allowed_municipalities=None)
    results: dict = {"rows": options.rows, "register_before": Organisation.objects.count()}

    data = spreadsheet(options.rows, seed=options.seed)
    results["file_bytes"] = len(data)
    table = timed("read", results, lambda: imports.read_table(data, "register.csv"))
    mapping = imports.automatic_mapping(table.headers)
    arguments = {"headers": table.headers, "rows": table.rows, "mapping": mapping}

    plan = timed("dry_run", results, lambda: imports.plan_import(**arguments, settings=settings_))
    results["dry_run_counts"] = plan.counts
    if plan.refused:
        print("Refused:", [(o.line, o.reasons) for o in plan.refused[:5]])
    created = timed(
        "import_create", results, lambda: imports.apply_import(**arguments, settings=settings_)
    )
    results["create_counts"] = created.counts

    changed = imports.read_table(spreadsheet(options.rows, seed=options.seed, email_suffix=".ny"),
                                 "register.csv")  # fmt: skip
    changed_arguments = {**arguments, "rows": changed.rows}
    updated = timed(
        "import_update",
        results,
        lambda: imports.apply_import(**changed_arguments, settings=settings_),
    )
    results["update_counts"] = updated.counts
    unchanged = timed(
        "import_unchanged",
        results,
        lambda: imports.apply_import(**changed_arguments, settings=settings_),
    )
    results["unchanged_counts"] = unchanged.counts
    results["load_average_before"] = [round(v, 2) for v in load_before]
    results["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    results["target_met"] = results["import_create"] < TARGET_S
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgresql"] = cursor.fetchone()[0]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"import-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(f"Saved {path}")


if __name__ == "__main__":
    main()
