"""`virkplan export --format json [--plan KEY] [-o FILE]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from virkplan.interchange.selectors import document_export
from virkplan.plans.models import Plan
from virkplan.plans.selectors import SYSTEM_READER


class Command(BaseCommand):
    help = "Export plans as a virkplan/1 JSON document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", default="json", choices=["json"], help="output format")
        parser.add_argument(
            "--plan",
            action="append",
            dest="plans",
            metavar="KEY",
            help="a plan's key or number; repeat for several; all plans when left out",
        )
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, format: str, plans: list[str] | None, output: Path | None, **options):
        keys = None
        if plans:
            keys = []
            for wanted in plans:
                query = Q(key=wanted) | (Q(pk=int(wanted)) if wanted.isdigit() else Q())
                plan = Plan.objects.filter(query).first()
                if plan is None:
                    raise CommandError(
                        _("No plan has the key or number “%(plan)s”.") % {"plan": wanted}
                    )
                keys.append(plan.key)
        document = document_export(user=SYSTEM_READER, plan_keys=keys)
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(_("Wrote %(file)s.") % {"file": output})
