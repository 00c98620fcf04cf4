"""`virkplan import FILE.json`: read an interchange document into the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from virkplan.interchange.services import ImportRefused, document_import, parse_json


class Command(BaseCommand):
    help = "Import plans from a virkplan/1 JSON file. Nothing is written if anything is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the JSON file (virkplan/1)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace plans that are already stored instead of refusing them",
        )

    def handle(self, *args, file: Path, replace: bool, **options) -> None:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        try:
            result = document_import(document=parse_json(raw), replace=replace)
        except ImportRefused as refused:
            lines = [
                refused.message,
                *(f"  - {e}" for e in refused.errors),
                _("Nothing was imported."),
            ]
            raise CommandError("\n".join(lines)) from refused
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        for key in result.replaced:
            self.stdout.write(_("Replaced the plan %(key)s.") % {"key": key})
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(plans)s plan(s) with %(focus_areas)s focus area(s), "
                    "%(goals)s goal(s), %(criteria)s criteria and %(follow_ups)s "
                    "follow-up(s); %(units)s unit(s) updated."
                )
                % {
                    "plans": len(result.plans),
                    "focus_areas": result.focus_areas,
                    "goals": result.goals,
                    "criteria": result.criteria,
                    "follow_ups": result.follow_ups,
                    "units": result.units,
                }
            )
        )
