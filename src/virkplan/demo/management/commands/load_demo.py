"""`virkplan load_demo`: load the reference plans when the database has no plans yet."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from virkplan.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo plans (Albertslund, Miljø & Teknik 2012–2014) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="replace the demo plans if present"
        )

    def handle(self, *args, force: bool, **options) -> None:
        result = demo_load(force=force)
        if result is None:
            self.stdout.write(_("The database already has plans; the demo was not loaded."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded the demo: %(plans)s plans, %(goals)s goals.")
                % {"plans": len(result.plans), "goals": result.goals}
            )
        )
