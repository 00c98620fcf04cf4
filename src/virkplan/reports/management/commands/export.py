"""`virkplan export --format json|pdf|docx|xlsx|csv [--plan KEY] [-o FILE]`, and for PDF and
Word `[--with-follow-up] [--without-statuses]`."""

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from virkplan.interchange.selectors import document_export
from virkplan.plans.models import Plan
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.reports import combined
from virkplan.reports.exports import plan_file
from virkplan.reports.formats import CSV, FORMATS, JSON, CsvDialect, UnknownFormat, report_format


def write_atomically(path: Path, content: bytes) -> None:
    """Write the file whole or not at all: a failed export never leaves half a file."""
    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Command(BaseCommand):
    help = (
        "Export plans: every plan (or the chosen ones) as a virkplan/1 JSON document, "
        "or one plan as a PDF, Word document, spreadsheet or CSV file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", default="json", help=f"output format: {', '.join(FORMATS)} (default json)"
        )
        parser.add_argument(
            "--plan",
            action="append",
            dest="plans",
            metavar="KEY",
            help="a plan's key or number; repeat for several (json only); all plans when left out",
        )
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
        parser.add_argument(
            "--plain-csv",
            action="store_true",
            help="CSV separated by commas, with decimal points and no byte order mark "
            "(default: for Danish Excel, separated by semicolons, with decimal commas)",
        )
        parser.add_argument(
            "--with-follow-up",
            action="store_true",
            help="pdf and docx: include the previous plan's follow-up as the last part",
        )
        parser.add_argument(
            "--without-statuses",
            action="store_true",
            help="PDF and Word without statuses, as plans were printed before virkplan",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="language of headings and labels: "
            + ", ".join(code for code, _name in settings.LANGUAGES),
        )

    def handle(
        self,
        *args,
        format: str,
        plans: list[str] | None,
        output: Path | None,
        plain_csv: bool,
        without_statuses: bool,
        language: str,
        with_follow_up: bool = False,
        **options,
    ):
        if language not in dict(settings.LANGUAGES):
            raise CommandError(
                _("Unknown language “%(language)s”; choose one of %(languages)s.")
                % {"language": language, "languages": ", ".join(dict(settings.LANGUAGES))}
            )
        with translation.override(language):
            try:
                kind = report_format(format)
            except UnknownFormat as error:
                raise CommandError(error.message) from None
            keys = [self._plan_key(wanted) for wanted in plans] if plans else None
            if with_follow_up and kind not in combined.FORMATS:
                raise CommandError(str(combined.MSG_NOT_IN_FORMAT))
            if kind is JSON:
                self._export_json(keys, output)
            else:
                dialect = CsvDialect.PLAIN if plain_csv else CsvDialect.EXCEL
                self._export_plan(
                    kind.name, keys, output, dialect, with_follow_up, not without_statuses
                )

    def _plan_key(self, wanted: str) -> str:
        query = Q(key=wanted) | (Q(pk=int(wanted)) if wanted.isdigit() else Q())
        plan = Plan.objects.filter(query).first()
        if plan is None:
            raise CommandError(_("No plan has the key or number “%(plan)s”.") % {"plan": wanted})
        return plan.key

    def _export_json(self, keys: list[str] | None, output: Path | None) -> None:
        document = document_export(user=SYSTEM_ACTOR, plan_keys=keys)
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
        else:
            write_atomically(output, text.encode())
            self.stderr.write(_("Wrote %(file)s.") % {"file": output})

    def _export_plan(
        self,
        format: str,
        keys: list[str] | None,
        output: Path | None,
        dialect: CsvDialect,
        with_follow_up: bool,
        statuses: bool,
    ) -> None:
        if not keys or len(keys) != 1:
            raise CommandError(
                _("A %(format)s file holds one plan: name it with --plan KEY.")
                % {"format": format.upper()}
            )
        stream = None
        if output is None:
            stream = getattr(self.stdout._out, "buffer", None)
            if format != CSV.name and (stream is None or self.stdout.isatty()):
                raise CommandError(
                    _(
                        "A %(format)s file is not text: write it to a file with -o FILE, "
                        "or send the output to a file or program."
                    )
                    % {"format": format.upper()}
                )
        try:
            file = plan_file(
                user=SYSTEM_ACTOR,
                key=keys[0],
                format=format,
                csv_dialect=dialect,
                with_follow_up=with_follow_up,
                statuses=statuses,
            )
        except combined.FollowUpNotIncluded as error:
            raise CommandError(error.message) from None
        if output is not None:
            write_atomically(output, file.content)
            self.stderr.write(_("Wrote %(file)s.") % {"file": output})
        elif stream is not None:
            self.stdout.flush()
            stream.write(file.content)
            stream.flush()
        else:
            self.stdout.write(file.content.decode("utf-8-sig"), ending="")
