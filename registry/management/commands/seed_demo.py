import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from registry import demo


class Command(BaseCommand):
    help = (
        "Add believable demo organisations (Swedish names and texts, valid organisation "
        "numbers, contact persons) to the register. The same --seed always gives the same "
        "organisations and the command is idempotent: those already there (same slug or "
        "organisation number) are skipped, so running it twice adds nothing the second time. "
        "Rows are written with bulk_create in batches, which bypasses save(): no history "
        "rows are recorded for demo data. On PostgreSQL the tables are ANALYZEd afterwards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisations",
            type=int,
            required=True,
            metavar="N",
            help="How many demo organisations the register should hold (the first N of the seed).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help=f"Random seed (default {demo.DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--all-published",
            action="store_true",
            help="Publish every organisation. Without it about 10%% are pending, draft or hidden.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=demo.DEFAULT_BATCH_SIZE,
            help=f"Organisations per transaction (default {demo.DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args, **options) -> None:
        count, batch_size = options["organisations"], options["batch_size"]
        if count < 0 or batch_size < 1:
            raise CommandError("--organisations must be 0 or more and --batch-size at least 1.")
        verbose = options["verbosity"] > 0
        started = time.monotonic()
        try:
            result = demo.seed_demo_organisations(
                count=count,
                seed=options["seed"],
                all_published=options["all_published"],
                batch_size=batch_size,
                progress=self.show_progress if verbose and count > batch_size else None,
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if not verbose:
            return
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {number(result.created)} demo organisations "
                    f"({number(result.skipped)} already there) "
                    f"in {time.monotonic() - started:.1f} s."
                )
            )
        else:
            self.stdout.write(
                f"Nothing added: the {number(count)} demo organisations are already there."
            )

    def show_progress(self, done: int, count: int, created: int) -> None:
        self.stdout.write(f"{number(done)} / {number(count)} organisations ({number(created)} new)")


def number(value: int) -> str:
    """12000 → "12 000", as Swedish writes it."""
    return f"{value:,}".replace(",", " ")
