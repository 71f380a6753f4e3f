import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerships import demo


class Command(BaseCommand):
    help = (
        "Add demo data to the effort log: units of Motala and Lekeberg, believable "
        "efforts over several years with organisations from the register (run seed_demo "
        "first) and the goals they serve, and Lekeberg's cooperation since 2022 with a "
        "work-integrating social enterprise, with follow-up notes. Idempotent: running it "
        "twice adds nothing. With --efforts N, also make sure N generated efforts over "
        "--years years exist (bulk_create, no history rows), for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--efforts",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure N generated efforts exist (for benchmarks).",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=10,
            metavar="Y",
            help="Spread the generated efforts over the last Y years (default 10).",
        )
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Random seed.")

    def handle(self, *args, **options) -> None:
        if options["efforts"] < 0 or options["years"] < 1:
            raise CommandError("--efforts must be 0 or more and --years at least 1.")
        started = time.monotonic()
        try:
            result = demo.seed_partnerships_demo(seed=options["seed"])
            added = 0
            if options["efforts"]:
                added = demo.seed_bulk_efforts(
                    count=options["efforts"],
                    years=options["years"],
                    seed=options["seed"],
                    progress=self.show_progress if options["verbosity"] > 1 else None,
                )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Added {result.units} units, {result.efforts} demo efforts, {result.notes} notes"
            f" and {added} generated efforts in {time.monotonic() - started:.1f} s."
        )

    def show_progress(self, done: int, total: int, added: int) -> None:
        self.stdout.write(f"  {done}/{total} efforts checked, {added} added")
