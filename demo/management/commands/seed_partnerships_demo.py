import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import partnerships
from demo.texts import DataMissing


class Command(BaseCommand):
    help = (
        "Add demo data to the effort log: units of Motala and Lekeberg, believable "
        "efforts over several years with organisations from the register (run seed_demo "
        "first) and the goals they serve, and Lekeberg's cooperation since 2022 with a "
        "work-integrating social enterprise, with follow-up notes; Lekeberg's member's "
        "initiative answered and published, Motala's annual follow-up in draft. Written through "
        "the "
        "partnerships services by a demo officer, so the same rules apply as to officers. "
        "Idempotent: running it twice adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=partnerships.DEFAULT_SEED,
            help=f"Random seed (default {partnerships.DEFAULT_SEED}).",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            result = partnerships.seed_partnerships_demo(seed=options["seed"])
        except DataMissing as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Added {result.units} units, {result.efforts} demo efforts, "
                f"{result.notes} notes and {result.reports} reporting requests in "
                f"{time.monotonic() - started:.1f} s."
            )
