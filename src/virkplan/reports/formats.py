"""The formats a plan can be downloaded in, and the file names they get."""

import enum
import re
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError


@dataclass(frozen=True)
class ReportFormat:
    """One downloadable format: its name in URLs and on the command line, and its file type."""

    name: str
    label: str  # on the download button; product names, the same in every language
    extension: str
    content_type: str


PDF = ReportFormat("pdf", "PDF", "pdf", "application/pdf")
DOCX = ReportFormat(
    "docx",
    "Word",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = ReportFormat(
    "xlsx", "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
CSV = ReportFormat("csv", "CSV", "csv", "text/csv; charset=utf-8")
JSON = ReportFormat("json", "JSON", "json", "application/json")

FORMATS: dict[str, ReportFormat] = {f.name: f for f in (PDF, DOCX, XLSX, CSV, JSON)}


class CsvDialect(enum.Enum):
    """How a CSV file is written: for Danish Excel, or plain for other programs."""

    # Danish Excel opens a file directly when it is UTF-8 with a byte order mark,
    # separated by semicolons, with decimal commas.
    EXCEL = "excel"
    # RFC 4180: commas, decimal points, no byte order mark.
    PLAIN = "plain"


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


class UnknownFormat(DomainError):
    """A format virkplan cannot write."""


def report_format(name: str) -> ReportFormat:
    """The format with the given name; raises UnknownFormat with a message for the user."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise UnknownFormat(
            _("Unknown format “%(format)s”; choose one of %(formats)s.")
            % {"format": name, "formats": ", ".join(FORMATS)}
        ) from None


def report_filename(*, title: str, unit_key: str, extension: str) -> str:
    """A file name for a plan, ASCII only: "virksomhedsplan-2014-miljo-teknik.pdf".

    Built from the plan's title and its unit's key (the unit's name in URLs),
    so that every plan of a municipality gets a name of its own.
    """
    # Dashes of every kind become hyphens, so "2012–2013" stays two years, and
    # æ, ø and å are written the Danish way instead of being dropped.
    title = re.sub(r"[\u2010-\u2015\u2212/]", "-", title).translate(_DANISH_LETTERS)
    return f"{slugify(title) or 'plan'}-{slugify(unit_key)}.{extension}"
