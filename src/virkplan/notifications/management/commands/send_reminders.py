"""`virkplan send_reminders [--date YYYY-MM-DD]`: what the daily schedule does, for a day.

Reminders before a deadline and when it has passed, and on a Monday the weekly digest;
run again for the same day it sends nothing twice.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from virkplan.notifications.reminders import reminders_send


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("--date: give a day as YYYY-MM-DD, such as 2026-06-23 (not “%(text)s”).")
            % {"text": text}
        ) from exc


class Command(BaseCommand):
    help = "Send the yearly cycle's reminders and the weekly digest for a day (today by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", default="", help="The day, as YYYY-MM-DD (today if left out)."
        )

    def handle(self, *args, **options) -> None:
        on = _day(options["date"]) if options["date"] else timezone.localdate()
        result = reminders_send(on=on)
        self.stdout.write(
            _(
                "%(date)s: %(soon)s reminders before a deadline, %(overdue)s after one, "
                "%(digests)s weekly digests."
            )
            % {
                "date": on.isoformat(),
                "soon": result.soon,
                "overdue": result.overdue,
                "digests": result.digests,
            }
        )
