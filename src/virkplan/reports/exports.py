"""A plan as a file in any of the formats, for the download buttons and `virkplan export`.

Each format's writer, and the library it is built on (WeasyPrint, python-docx,
openpyxl), is imported when a file of that format is made: the site's workers
and every other command start without them.
"""

import hashlib
import json
from dataclasses import dataclass

from virkplan.interchange.selectors import document_export
from virkplan.organisation.permissions import Actor

from . import combined
from .formats import CSV, DOCX, JSON, PDF, XLSX, CsvDialect, report_filename, report_format
from .selectors import plan_report


@dataclass(frozen=True)
class PlanFile:
    """A plan written out: the bytes, a file name, the type to send them as, and an ETag."""

    content: bytes
    filename: str
    content_type: str
    etag: str = ""  # a quoted hash of the bytes, filled in when not given

    def __post_init__(self) -> None:
        if not self.etag:
            digest = hashlib.sha256(self.content).hexdigest()[:32]
            object.__setattr__(self, "etag", f'"{digest}"')


def plan_file(
    *,
    user: Actor | None,
    key: str,
    format: str,
    csv_dialect: CsvDialect = CsvDialect.EXCEL,
    with_follow_up: bool = False,
    statuses: bool = True,
    previous_key: str | None = None,
) -> PlanFile:
    """The plan with the given key in the given format, as the user may see it.

    Without `statuses` the PDF and the Word document print no status, as the plans
    printed before virkplan (the other formats are data and always have them).

    Raises UnknownFormat for a format virkplan cannot write, and
    Plan.DoesNotExist when there is no such plan or the user may not see it.
    Labels are in the active language. `with_follow_up`: the PDF or Word
    document includes the previous plan's follow-up (reports.combined), else
    FollowUpNotIncluded is raised; `previous_key` names the previous plan when it was
    chosen already (combined.combined_report).
    """
    kind = report_format(format)
    if with_follow_up and kind not in combined.FORMATS:
        raise combined.FollowUpNotIncluded(str(combined.MSG_NOT_IN_FORMAT))
    if kind is JSON:
        document = document_export(user=user, plan_keys=[key])
        plan = document["plans"][0]
        content = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        title, unit_key = plan["title"], plan["unit"]
    else:
        if with_follow_up:
            report = combined.combined_report(
                user=user, key=key, statuses=statuses, previous_key=previous_key
            )
        else:
            report = plan_report(user=user, key=key, statuses=statuses)
        if kind is PDF:
            from .pdf import plan_pdf

            content = plan_pdf(report)
        elif kind is DOCX:
            from .docx import plan_docx

            content = plan_docx(report)
        elif kind is XLSX:
            from .tabular import plan_xlsx

            content = plan_xlsx(report)
        else:
            assert kind is CSV
            from .tabular import plan_csv

            content = plan_csv(report, dialect=csv_dialect)
        title, unit_key = report.plan.title, report.plan.unit.key
        if with_follow_up:
            unit_key = f"{unit_key}-{combined.FILENAME_SUFFIX}"
    return PlanFile(
        content=content,
        filename=report_filename(title=title, unit_key=unit_key, extension=kind.extension),
        content_type=kind.content_type,
    )
