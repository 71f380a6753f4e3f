import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import organisations, register
from demo.texts import DataMissing


class Command(BaseCommand):
    help = (
        "Add believable demo organisations (Swedish names and texts, valid organisation "
        "numbers, contact persons) to the register. The same --seed always gives the same "
        "organisations and the command is idempotent: those already there (same slug or "
        "organisation number) are skipped, so running it twice adds nothing the second time. "
        "About one in ten is left a draft, pending or hidden, and a few have ceased. "
        f"Up to {register.BULK_FROM} organisations are registered one by one through the "
        "register's services (registration, e-mail confirmation, approval by a demo officer), "
        "so they obey every rule and have submissions and history rows like real entries. "
        f"More than {register.BULK_FROM}, or any number with --bulk, are written with "
        "bulk_create in batches instead: the services write one row after another and "
        "300 000 organisations through them would take hours. Bulk rows bypass save() and "
        "the services: no history rows, submissions or e-mail; the tables are ANALYZEd "
        "afterwards."
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
            default=organisations.DEFAULT_SEED,
            help=f"Random seed (default {organisations.DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--all-published",
            action="store_true",
            help="Publish every organisation. Without it about 10%% are pending, draft or hidden.",
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help=(
                "Write with bulk_create, bypassing the services, whatever N is (automatic "
                f"above {register.BULK_FROM}): for benchmark loads."
            ),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=register.DEFAULT_BATCH_SIZE,
            help=(
                "Organisations checked (and in bulk, written) per transaction "
                f"(default {register.DEFAULT_BATCH_SIZE})."
            ),
        )

    def handle(self, *args, **options) -> None:
        count, batch_size = options["organisations"], options["batch_size"]
        if count < 0 or batch_size < 1:
            raise CommandError("--organisations must be 0 or more and --batch-size at least 1.")
        verbose = options["verbosity"] > 0
        started = time.monotonic()
        try:
            result = register.seed_demo_organisations(
                count=count,
                seed=options["seed"],
                all_published=options["all_published"],
                batch_size=batch_size,
                bulk=True if options["bulk"] else None,
                progress=self.show_progress if verbose and count > batch_size else None,
            )
        except DataMissing as exc:
            raise CommandError(str(exc)) from exc
        if not verbose:
            return
        if result.created:
            how = "in bulk" if result.bulk else "through the services"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {number(result.created)} demo organisations {how} "
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
