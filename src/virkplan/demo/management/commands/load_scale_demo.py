"""`virkplan load_scale_demo`: load the Copenhagen-size data set into a database without plans."""

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from virkplan.core.errors import DomainError
from virkplan.demo.scale import SIZES, scale_load, scale_summary, size_fraction
from virkplan.demo.scale_plans import FIRST_YEAR, LAST_YEAR


class Command(BaseCommand):
    help = (
        "Load the scale data set (a Copenhagen-size municipality with ten years of plans, "
        "made up from word lists) into a database without plans, for measuring speed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            default="full",
            help=(
                "How much of it: a fraction of the full set's 216 units, above 0 and at most 1 "
                f"(such as 0.05), or one of {', '.join(f'{k} ({v:g})' for k, v in SIZES.items())}. "
                "Plans keep their shape at every size. Default: full."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Seed of the made-up texts; the same seed makes the same data set. Default: 1.",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=LAST_YEAR - FIRST_YEAR + 1,
            choices=range(1, LAST_YEAR - FIRST_YEAR + 2),
            metavar="N",
            help=f"Only the last N years of {FIRST_YEAR}–{LAST_YEAR}. Default: all ten.",
        )

    def handle(self, *args, **options) -> None:
        try:
            fraction = size_fraction(options["size"])
            with tqdm(unit=" plans", disable=options["verbosity"] < 1, file=sys.stderr) as bar:
                loaded = scale_load(
                    fraction=fraction,
                    seed=options["seed"],
                    years=options["years"],
                    on_total=lambda total: setattr(bar, "total", total),
                    on_plan=lambda: bar.update(1),
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(scale_summary(loaded)))
