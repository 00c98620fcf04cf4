"""`virkplan import FILE`: read plans into the database.

FILE is a virkplan/1 JSON document, or an old plan as text, PDF or Word
(.docx), which is read into the same format first. With `--dry-run` or
`-o out.json` nothing is written to the database: the command checks the
file as an import would and reports what it found (and writes the JSON,
with where each item came from).

The command acts as the server itself, through the same services as the
upload page: a stored plan is refused unless `--replace` (a draft is then
replaced, an approved or published plan gets a new draft revision), and
stored units are never moved or renamed unless `--update-units`.

An old plan is read in a child process, as uploads are, with limits on its
time, memory, pages, lines and characters a page (`isolation.COMMAND_LIMITS`,
far above the upload page's); the options raise them for a document that
needs more.
"""

from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from virkplan.interchange.legacy.blocks import KINDS, Block
from virkplan.interchange.legacy.isolation import (
    COMMAND_LIMITS,
    BeyondLimits,
    Limits,
    reading_in_child,
)
from virkplan.interchange.legacy.report import reading_counts
from virkplan.interchange.legacy.services import Reading, document_from_blocks
from virkplan.interchange.legacy.source import ReadLimits, UnreadableDocument
from virkplan.interchange.services import (
    ImportRefused,
    document_check,
    document_import,
    parse_json,
)
from virkplan.interchange.validation import walk_goals
from virkplan.plans.selectors import SYSTEM_ACTOR

PLACEHOLDER_UNIT = "enhed"
"""The unit key a dry run uses when none is given; only a real import needs a real unit."""


def _is_json(name: str, raw: bytes) -> bool:
    return name.lower().endswith(".json") or raw.lstrip()[:1] == b"{"


class Command(BaseCommand):
    help = (
        "Import plans from a virkplan/1 JSON file, or read an old plan document "
        "(text, PDF or Word). Nothing is written if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="the file: JSON (virkplan/1), .txt, .pdf or .docx"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace plans that are already stored instead of refusing them: a draft is "
            "replaced, an approved or published plan gets a new draft revision",
        )
        parser.add_argument(
            "--update-units",
            action="store_true",
            help="change stored units (name, parent, contact, ...) as the file describes them "
            "instead of refusing the file",
        )
        parser.add_argument("--unit", help="key of the unit whose plan the document is")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="read and report only; write nothing to the database",
        )
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="write the plans read from the document as virkplan/1 JSON to this file "
            "(implies --dry-run)",
        )
        limits = parser.add_argument_group("limits for reading an old plan document")
        for option, default, meaning in [
            ("--time-limit", COMMAND_LIMITS.seconds, "seconds"),
            ("--memory-limit", COMMAND_LIMITS.memory_mb, "MB of memory"),
            ("--max-pages", COMMAND_LIMITS.read.pages, "pages of a PDF"),
            ("--max-lines", COMMAND_LIMITS.read.lines, "lines"),
            ("--max-page-characters", COMMAND_LIMITS.read.page_characters, "characters a page"),
        ]:
            limits.add_argument(
                option,
                type=_positive,
                default=default,
                help=f"at most this many {meaning} (default {default})",
            )

    def handle(self, *args: Any, file: Path, replace: bool, **options: Any) -> None:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        dry_run = options["dry_run"] or options["output"] is not None
        self.replace, self.update_units = replace, options["update_units"]
        if _is_json(file.name, raw):
            self._import(raw, dry_run=dry_run, output=options["output"])
            return
        unit = options["unit"]
        if not unit and not dry_run:
            raise CommandError(
                _("Name the unit whose plan this is with --unit, or use --dry-run to only read it.")
            )
        reading = self._read(raw, file.name, unit or PLACEHOLDER_UNIT, _limits(options))
        document = document_from_blocks(reading.blocks, unit=unit or PLACEHOLDER_UNIT)
        self._report(reading)
        if options["output"] is not None:
            options["output"].write_text(_json(document) + "\n", encoding="utf-8")
            self.stdout.write(_("Wrote %(file)s.") % {"file": options["output"]})
        if dry_run:
            self.stdout.write(_("Nothing was written to the database (dry run)."))
            return
        document.pop("provenance", None)
        self._import(document, dry_run=False)

    def _read(self, raw: bytes, name: str, unit: str, limits: Limits) -> Reading:
        bar: tqdm | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit=_("page"), file=self.stderr._out, leave=False)
            bar.n = done
            bar.refresh()

        try:
            return reading_in_child(raw, name, unit=unit, limits=limits, progress=progress)
        except UnreadableDocument as refused:
            hint = [_("--time-limit and --memory-limit raise the limits.")]
            lines = [refused.message, *refused.errors]
            lines += hint if isinstance(refused, BeyondLimits) else []
            raise CommandError("\n".join([*lines, _("Nothing was imported.")])) from refused
        finally:
            if bar is not None:
                bar.close()

    def _report(self, reading: Reading) -> None:
        source = reading.source
        counts = reading_counts(reading.blocks)
        self.stdout.write(
            _(
                "Read %(name)s: %(lines)s lines on %(pages)s page(s). Found %(plans)s plan(s), "
                "%(focus_areas)s focus area(s), %(goals)s goal(s), %(criteria)s documentation "
                "paragraph(s) and %(follow_ups)s follow-up paragraph(s)."
            )
            % {
                "name": source.name,
                "lines": len(source.lines),
                "pages": source.pages,
                **asdict(counts),
            }
        )
        for note in source.notes:
            self.stdout.write(self.style.WARNING(note))
        uncertain = [b for b in reading.blocks if b.uncertain]
        if not uncertain:
            return
        self.stdout.write(
            self.style.WARNING(_("%(count)s item(s) to check:") % {"count": len(uncertain)})
        )
        for block in uncertain:
            self.stdout.write(f"  {_where(block)}: {KINDS[block.kind]}: {_excerpt(block.text)}")
            for reason in block.reason_texts():
                self.stdout.write(f"      {reason}")

    def _import(self, document: Any, *, dry_run: bool, output: Path | None = None) -> None:
        """Import a document (or the raw bytes of a JSON file), or fail listing why.

        A dry run checks it as the import would and writes nothing to the database.
        """
        options = {"replace": self.replace, "update_units": self.update_units}
        try:
            if isinstance(document, bytes):
                document = parse_json(document)
            if dry_run:
                document_check(user=SYSTEM_ACTOR, document=document, **options)
            else:
                result = document_import(user=SYSTEM_ACTOR, document=document, **options)
        except ImportRefused as refused:
            lines = [refused.message, *(f"  - {e}" for e in refused.errors)]
            if refused.already_stored:
                lines.append(
                    _(
                        "Add --replace to replace plans already stored: a draft is replaced, "
                        "and an approved or published plan gets a new draft revision."
                    )
                )
            if refused.units_stored_otherwise:
                lines.append(
                    _(
                        "Add --update-units to move or rename stored units as the file "
                        "describes them (an administrator of each unit may)."
                    )
                )
            lines.append(_("Nothing was imported."))
            raise CommandError("\n".join(lines)) from refused
        if dry_run:
            self._report_check(document, output)
            return
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        for key in result.replaced:
            self.stdout.write(_("Replaced the draft %(key)s.") % {"key": key})
        for key, revision in result.revised:
            self.stdout.write(
                _("The plan %(key)s got a new draft revision, %(revision)s.")
                % {"key": key, "revision": revision}
            )
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

    def _report_check(self, document: dict[str, Any], output: Path | None) -> None:
        goals = sum(
            len(list(walk_goals(fa["goals"])))
            for plan in document["plans"]
            for fa in plan["focus_areas"]
        )
        self.stdout.write(
            _(
                "The file can be imported: %(plans)s plan(s) with %(goals)s goal(s), "
                "%(units)s unit(s)."
            )
            % {"plans": len(document["plans"]), "goals": goals, "units": len(document["units"])}
        )
        if output is not None:
            output.write_text(_json(document) + "\n", encoding="utf-8")
            self.stdout.write(_("Wrote %(file)s.") % {"file": output})
        self.stdout.write(_("Nothing was written to the database (dry run)."))


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _limits(options: dict[str, Any]) -> Limits:
    return Limits(
        seconds=options["time_limit"],
        memory_mb=options["memory_limit"],
        read=ReadLimits(
            pages=options["max_pages"],
            lines=options["max_lines"],
            page_characters=options["max_page_characters"],
        ),
    )


def _where(block: Block) -> str:
    return _("page %(page)s, line %(line)s") % {"page": block.page, "line": block.line}


def _excerpt(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return f"«{text[:length]}…»" if len(text) > length else f"«{text}»"


def _json(document: Any) -> str:
    import json

    return json.dumps(document, ensure_ascii=False, indent=2)
