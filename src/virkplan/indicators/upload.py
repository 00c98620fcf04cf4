"""Reading measurements from an uploaded CSV or Excel file, before anything is stored.

The Danish dialect (semicolons, a decimal comma, dates as 31-12-2014) and plain CSV (commas, a
decimal point) are both read; so is the first sheet of an Excel workbook. Every problem names
its line and column, and a file with any problem stores nothing (services.measurements_record
writes all rows in one transaction). A hostile file is stopped early: the bytes are limited,
the rows are limited, and Excel is opened read-only, its cells read as values.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy

from .services import MAX_VALUE, MeasurementRow

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_NOTE = 2000
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # an Excel file's parts unpacked: no zip bombs
MAX_PARTS = 200

MSG_TOO_LARGE = gettext_lazy("The file is too large: at most %(limit)s MB.")
MSG_TOO_MANY_ROWS = gettext_lazy("The file has more than %(limit)s rows of measurements.")
MSG_NOT_READABLE = gettext_lazy(
    "The file could not be read as CSV or Excel (.xlsx). Save it as CSV (semicolon separated) "
    "or as an Excel workbook, and try again."
)
MSG_NOT_TEXT = gettext_lazy("The file is not text in UTF-8 or Windows-1252.")
MSG_MISSING_COLUMN = gettext_lazy(
    "Line 1: the column “%(column)s” is missing. The first line must name the columns: "
    "dato (or fra and til), værdi and, if you like, note."
)
MSG_BAD_DATE = gettext_lazy(
    "Line %(line)s, column “%(column)s”: “%(text)s” is not a date. Write it as dd-mm-åååå "
    "or åååå-mm-dd."
)
MSG_BAD_NUMBER = gettext_lazy(
    "Line %(line)s, column “%(column)s”: “%(text)s” is not a number. Write it with a decimal "
    "comma, such as 1234,5."
)
MSG_BAD_NUMBER_PLAIN = gettext_lazy(
    "Line %(line)s, column “%(column)s”: “%(text)s” is not a number. In a comma separated "
    "file write it with a decimal point, such as 1234.5."
)
MSG_TOO_LARGE_NUMBER = gettext_lazy("Line %(line)s, column “%(column)s”: the number is too large.")
MSG_EMPTY = gettext_lazy("Line %(line)s, column “%(column)s”: the field is empty.")
MSG_PERIOD = gettext_lazy("Line %(line)s, column “%(column)s”: the period ends before it starts.")
MSG_TWICE = gettext_lazy("Line %(line)s: the period is also on line %(other)s.")
MSG_NOTE_LONG = gettext_lazy("Line %(line)s, column “note”: at most %(limit)s characters.")

# Column names as people write them, Danish and English.
ALIASES = {
    "dato": "date",
    "date": "date",
    "fra": "start",
    "start": "start",
    "periode_start": "start",
    "til": "end",
    "end": "end",
    "slut": "end",
    "periode_slut": "end",
    "værdi": "value",
    "vaerdi": "value",
    "value": "value",
    "note": "note",
    "bemærkning": "note",
}
DANISH_NUMBER = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class UploadRefused(Exception):
    """The file as a whole cannot be read: nothing in it is used."""


@dataclass
class ParsedFile:
    """The measurements read from a file, and every problem, by line and column."""

    rows: list[MeasurementRow] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _date(text: str) -> datetime.date | None:
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _number(text: str, *, danish: bool) -> Decimal | None:
    text = re.sub(r"[\s\u00a0\u202f]", "", text).replace("−", "-")
    if danish:
        if not DANISH_NUMBER.fullmatch(text):
            return None
        text = text.replace(".", "").replace(",", ".")
    elif not PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _cells_from_csv(data: bytes) -> tuple[list[list[object]], bool]:
    """The rows of a CSV file, and whether it is the Danish dialect (semicolons)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UploadRefused(str(MSG_NOT_TEXT)) from exc
    if "\x00" in text:
        raise UploadRefused(str(MSG_NOT_READABLE))
    first = text.split("\n", 1)[0]
    danish = ";" in first or "," not in first
    reader = csv.reader(io.StringIO(text), delimiter=";" if danish else ",")
    rows: list[list[object]] = []
    try:
        for row in reader:
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise UploadRefused(str(MSG_TOO_MANY_ROWS % {"limit": MAX_ROWS}))
    except csv.Error as exc:
        raise UploadRefused(str(MSG_NOT_READABLE)) from exc
    return rows, danish


def _cells_from_xlsx(data: bytes) -> list[list[object]]:
    """The first sheet's rows, read-only and as values (never formulas)."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UploadRefused(str(MSG_NOT_READABLE)) from exc
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise UploadRefused(str(MSG_TOO_LARGE % {"limit": MAX_BYTES // 2**20}))
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UploadRefused(str(MSG_NOT_READABLE)) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[object]] = []
        for row in sheet.iter_rows(values_only=True, max_col=10):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise UploadRefused(str(MSG_TOO_MANY_ROWS % {"limit": MAX_ROWS}))
        return rows
    except (IndexError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UploadRefused(str(MSG_NOT_READABLE)) from exc
    finally:
        workbook.close()


def read_measurements(*, data: bytes, name: str) -> ParsedFile:
    """The measurements in a file; raises UploadRefused when the file cannot be read at all."""
    if len(data) > MAX_BYTES:
        raise UploadRefused(str(MSG_TOO_LARGE % {"limit": MAX_BYTES // 2**20}))
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        rows, danish = _cells_from_xlsx(data), True
    else:
        rows, danish = _cells_from_csv(data)
    rows = [row for row in rows if any(str(c).strip() for c in row if c is not None)]
    if not rows:
        raise UploadRefused(str(MSG_NOT_READABLE))
    header = [ALIASES.get(str(c or "").strip().lower(), "") for c in rows[0]]
    names = [str(c or "").strip() for c in rows[0]]
    parsed = ParsedFile()
    missing = []
    if "value" not in header:
        missing.append("værdi")
    if "date" not in header and not ("start" in header and "end" in header):
        missing.append("dato")
    if missing:
        parsed.problems = [str(MSG_MISSING_COLUMN % {"column": column}) for column in missing]
        return parsed
    seen: dict[tuple[datetime.date, datetime.date], int] = {}
    for index, row in enumerate(rows[1:], start=2):
        cells = {
            header[i]: (names[i], row[i]) for i in range(min(len(header), len(row))) if header[i]
        }
        measurement = _row(cells, index, danish, parsed.problems)
        if measurement is None:
            continue
        period = (measurement.period_start, measurement.period_end)
        if period in seen:
            parsed.problems.append(str(MSG_TWICE % {"line": index, "other": seen[period]}))
            continue
        seen[period] = index
        parsed.rows.append(measurement)
        parsed.lines.append(index)
    return parsed


def _cell_date(
    cells: dict[str, tuple[str, object]], key: str, line: int, problems: list[str]
) -> datetime.date | None:
    column, value = cells.get(key, (key, None))
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value if value is not None else "").strip()
    if not text:
        problems.append(str(MSG_EMPTY % {"line": line, "column": column}))
        return None
    found = _date(text)
    if found is None:
        problems.append(str(MSG_BAD_DATE % {"line": line, "column": column, "text": text[:40]}))
    return found


def _row(
    cells: dict[str, tuple[str, object]], line: int, danish: bool, problems: list[str]
) -> MeasurementRow | None:
    before = len(problems)
    if "date" in cells:
        start = end = _cell_date(cells, "date", line, problems)
    else:
        start = _cell_date(cells, "start", line, problems)
        end = _cell_date(cells, "end", line, problems)
    column, raw = cells.get("value", ("værdi", None))
    value: Decimal | None = None
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = str(raw if raw is not None else "").strip()
        if not text:
            problems.append(str(MSG_EMPTY % {"line": line, "column": column}))
        else:
            value = _number(text, danish=danish)
            if value is None:
                message = MSG_BAD_NUMBER if danish else MSG_BAD_NUMBER_PLAIN
                problems.append(str(message % {"line": line, "column": column, "text": text[:40]}))
    if value is not None and (not value.is_finite() or abs(value) > MAX_VALUE):
        problems.append(str(MSG_TOO_LARGE_NUMBER % {"line": line, "column": column}))
        value = None
    note = str(cells.get("note", ("note", ""))[1] or "").strip()
    if len(note) > MAX_NOTE:
        problems.append(str(MSG_NOTE_LONG % {"line": line, "limit": MAX_NOTE}))
    if start and end and end < start:
        problems.append(str(MSG_PERIOD % {"line": line, "column": cells["end"][0]}))
    if len(problems) > before or start is None or end is None or value is None:
        return None
    value = value.quantize(Decimal("0.0001")) if value.as_tuple().exponent < -4 else value  # type: ignore[operator]
    return MeasurementRow(start, end, value, note)
