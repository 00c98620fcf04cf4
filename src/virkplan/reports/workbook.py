"""Tables (reports.tabular) written as an Excel workbook with openpyxl: a sheet each, headed,
filtered and frozen, with rows high enough for their wrapped text, printed across A4."""

import io
import textwrap
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from virkplan.core.display import content_language, decimal_places

from .tabular import Column, Table

_HEADING_FONT = Font(bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="E6EEF7")
_TOP = Alignment(vertical="top")
_TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)


def _number_format(value: Decimal) -> str:
    """Thousands grouped, and as many decimals as the value has: Excel shows 9.187 and 3,79."""
    decimals = decimal_places(value)
    return "#,##0." + "0" * decimals if decimals else "#,##0"


# The height of a line of Excel's default font (Calibri 11) in points, and the most a row can be.
LINE_HEIGHT = 15
MAX_ROW_HEIGHT = 409


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapping column `width` characters wide.

    Excel does not size rows to wrapped text it did not type itself, so the
    height is worked out here: words are wrapped at the column's width, as
    Excel wraps them, a little narrower to be sure nothing is cut off.
    """
    characters = max(int(width) - 1, 1)
    return sum(
        max(len(textwrap.wrap(line, characters, break_long_words=True)), 1)
        for line in text.splitlines() or [""]
    )


def _row_height(texts: list[tuple[str, Column]]) -> float | None:
    """The row's height in points that shows its wrapped texts whole; None for one line."""
    lines = max((wrapped_lines(text, column.width) for text, column in texts if text), default=1)
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT) if lines > 1 else None


def _print_setup(sheet: Worksheet) -> None:
    """Printed on A4 across, every column on the page's width, the headings on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True


def _write_sheet(sheet: Worksheet, table: Table) -> None:
    sheet.title = table.title[:31]
    sheet.append([column.heading for column in table.columns])
    for cell in sheet[1]:
        cell.font = _HEADING_FONT
        cell.fill = _HEADING_FILL
        cell.alignment = _TOP_WRAPPED
    sheet.row_dimensions[1].height = _row_height(
        [(column.heading, column) for column in table.columns]
    )
    for row, values in enumerate(table.values(), start=2):
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.alignment = _TOP_WRAPPED if column.wrap else _TOP
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, date):
                cell.number_format = "mm-dd-yy"  # Excel's built-in short date, shown locally
            elif isinstance(value, Decimal):  # measured values, with their own decimals
                cell.number_format = _number_format(value)
            elif isinstance(value, int):  # counts, years, percentages
                cell.number_format = column.number_format
        wrapped = [
            (value, column)
            for value, column in zip(values, table.columns, strict=True)
            if column.wrap and isinstance(value, str)
        ]
        sheet.row_dimensions[row].height = _row_height(wrapped)
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    _print_setup(sheet)


def workbook_bytes(tables: list[Table], *, title: str, creator: str) -> bytes:
    """Tables as a workbook, a sheet each, with the document's title and author."""
    workbook = Workbook()
    for index, table in enumerate(tables):
        _write_sheet(workbook.worksheets[0] if index == 0 else workbook.create_sheet(), table)
    workbook.properties.title = title
    workbook.properties.creator = creator
    workbook.properties.language = content_language()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
