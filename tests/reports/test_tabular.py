"""The plan's numbers as a spreadsheet and as CSV, reopened with openpyxl and the csv module."""

import csv
import io
import math
import zipfile
from datetime import date
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.factories import CriterionFactory, FollowUpFactory
from virkplan.plans.models import Criterion, FollowUp, FollowUpStatus, Goal
from virkplan.plans.selectors import SYSTEM_ACTOR, plan_detail, plan_goals
from virkplan.reports.exports import plan_file
from virkplan.reports.tabular import CsvDialect
from virkplan.reports.workbook import LINE_HEIGHT, wrapped_lines

from .conftest import PLAN_2012, PLAN_2014, danish, shown


def workbook(key: str):
    return load_workbook(io.BytesIO(plan_file(user=SYSTEM_ACTOR, key=key, format="xlsx").content))


def records(sheet: Worksheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(key: str, dialect: CsvDialect = CsvDialect.EXCEL) -> tuple[bytes, list[list[str]]]:
    content = plan_file(user=SYSTEM_ACTOR, key=key, format="csv", csv_dialect=dialect).content
    delimiter = ";" if dialect is CsvDialect.EXCEL else ","
    text = content.decode("utf-8-sig")
    return content, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _in_document_order(key: str):
    return Criterion.objects.filter(goal__plan_focus_area__plan__key=key).order_by(
        "goal__plan_focus_area__position", "goal__position", "position"
    )


def test_spreadsheet_has_one_row_per_criterion_with_its_goal(demo) -> None:
    for key in (PLAN_2014, PLAN_2012):
        rows = records(workbook(key).worksheets[0])
        expected = [
            (
                c.goal.plan_focus_area.plan.title,
                str(c.goal.plan_focus_area.focus_area),
                c.goal.statement,
                c.text,
            )
            for c in _in_document_order(key).select_related(
                "goal__plan_focus_area__plan", "goal__plan_focus_area__focus_area"
            )
        ]
        found = [
            (r[danish("Plan")], r[danish("Focus area")], r[danish("Goal")], r[danish("Criterion")])
            for r in rows
        ]
        assert found == expected


def test_spreadsheet_shows_targets_as_numbers(demo) -> None:
    rows = records(workbook(PLAN_2014).worksheets[0])
    targeted = Criterion.objects.filter(goal__plan_focus_area__plan__key=PLAN_2014).exclude(
        comparison=""
    )
    assert targeted.exists()
    for criterion in targeted:
        row = next(r for r in rows if r[danish("Criterion")] == criterion.text)
        assert row[danish("target value")[:1].upper() + danish("target value")[1:]] == (
            criterion.value
        )
        assert row[danish("Criterion no.")] >= 1


def test_spreadsheet_latest_status_is_the_last_follow_up_about_the_criterion(demo) -> None:
    rows = records(workbook(PLAN_2012).worksheets[0])
    status, text = danish("Latest status"), danish("Latest follow-up")
    for criterion in Criterion.objects.filter(goal__plan_focus_area__plan__key=PLAN_2012):
        row = next(r for r in rows if r[danish("Criterion")] == criterion.text)
        about = list(criterion.follow_ups.order_by("position", "id"))
        if not about:  # then what was said about the goal as a whole
            about = list(criterion.goal.follow_ups.filter(criteria=None).order_by("position"))
        if about:
            latest = max(about, key=lambda f: (f.date or date.min, f.position, f.pk))
            # Written as the pages write it: "Opfyldt"
            assert row[status] == capfirst(str(latest.get_status_display()))
            assert row[text] == shown(latest.text)
        else:
            assert row[status] in ("", None)


def test_spreadsheet_has_a_sheet_with_one_row_per_follow_up(demo) -> None:
    sheet = workbook(PLAN_2012).worksheets[1]
    assert sheet.title == danish("follow-ups").capitalize()
    rows = records(sheet)
    follow_ups = FollowUp.objects.filter(goal__plan_focus_area__plan__key=PLAN_2012)
    assert len(rows) == follow_ups.count() == 59
    by_text = {shown(f.text): f for f in follow_ups}
    for row in rows:
        follow_up = by_text[row[danish("Follow-up")]]
        assert row[danish("Goal")] == follow_up.goal.statement
        assert row[danish("status").capitalize()] == capfirst(str(follow_up.get_status_display()))


def test_sheets_have_a_frozen_header_filters_and_column_widths(demo) -> None:
    for sheet in workbook(PLAN_2012).worksheets:
        assert sheet.freeze_panes == "A2"
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
        assert all(cell.font.bold for cell in sheet[1])
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(width and width >= 8 for width in widths)
        assert max(widths) >= 50  # the long texts get room, and wrap


def test_sheets_print_across_a4_one_page_wide_with_the_headings_on_every_page(demo) -> None:
    content = plan_file(user=SYSTEM_ACTOR, key=PLAN_2012, format="xlsx").content
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = package.read("xl/workbook.xml").decode()
    # Excel's own name for the rows printed at the top of every page, once for each sheet
    assert names.count('name="_xlnm.Print_Titles"') == 2
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape"
        assert setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"


def test_rows_are_high_enough_to_show_their_wrapped_text(demo) -> None:
    for sheet in workbook(PLAN_2012).worksheets:
        wrapping = {
            cell.column_letter for cell in sheet[2] if cell.alignment and cell.alignment.wrap_text
        }
        assert wrapping
        heights = []
        for row in sheet.iter_rows(min_row=1):
            height = sheet.row_dimensions[row[0].row].height
            heights.append(height or LINE_HEIGHT)
            for cell in row:
                if cell.value is None or (cell.row > 1 and cell.column_letter not in wrapping):
                    continue
                text = str(cell.value)
                width = sheet.column_dimensions[cell.column_letter].width
                # A line holds at most as many characters as the column is wide
                needed = sum(math.ceil(max(len(line), 1) / width) for line in text.splitlines())
                assert (height or LINE_HEIGHT) >= min(needed * LINE_HEIGHT, 409), text[:40]
                assert cell.alignment.wrap_text
        assert max(heights) >= 5 * LINE_HEIGHT  # the long follow-ups get several lines
    # The estimate wraps at the column's width, word by word
    assert wrapped_lines("kort", 20) == 1
    assert wrapped_lines("ord " * 20, 20) == 4  # five words of three letters in 19 characters
    assert wrapped_lines("første\nanden", 50) == 2


def test_statuses_are_written_as_the_pages_write_them_and_numbers_are_numbers(demo) -> None:
    sheet = workbook(PLAN_2012).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    headings = [cell.value for cell in sheet[1]]
    column = {heading: n for n, heading in enumerate(headings)}
    with override("da"):
        goals = {
            goal.statement: goal.current_status
            for goal in plan_goals(plan=plan_detail(user=SYSTEM_ACTOR, key=PLAN_2012))
        }
    statuses = set()
    for row in rows:
        status = goals[row[column[danish("Goal")]].value]
        shown_status = row[column[danish("Goal status")]].value
        if status.followed_up:
            with override("da"):
                assert shown_status == capfirst(status.label)
            statuses.add(shown_status)
        else:
            assert shown_status is None
        # Counts, places and progress are numbers, shown as whole numbers
        for heading in (danish("Criterion no."), danish("Number of follow-ups")):
            cell = row[column[heading]]
            if cell.value is not None:
                assert cell.data_type == "n" and isinstance(cell.value, int)
                assert cell.number_format == "#,##0"
        progress = row[column[danish("Progress towards the targets (%)")]]
        assert progress.value is None or progress.data_type == "n"
    assert "Opfyldt" in statuses
    assert all(status[0].isupper() for status in statuses)
    # Targets and years in the 2014 plan: numbers, years without a thousands point
    sheet = workbook(PLAN_2014).worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    years = [
        cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if headings[cell.column - 1]
        in (danish("target year").capitalize(), danish("baseline year").capitalize())
        and cell.value is not None
    ]
    assert years
    for cell in years:
        assert cell.data_type == "n" and cell.number_format == "0"
    values = [
        cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if headings[cell.column - 1] == danish("target value").capitalize() and cell.value
    ]
    assert values and all(cell.data_type == "n" for cell in values)


def test_a_goal_without_criteria_still_has_a_row(draft) -> None:
    goal = Goal.objects.create(
        plan_focus_area=draft.plan_focus_areas.get(), statement="Vi vil mere."
    )
    rows = records(workbook(draft.key).worksheets[0])
    assert [r[danish("Criterion")] for r in rows if r[danish("Goal")] == goal.statement] in (
        [""],
        [None],
    )


def test_text_that_looks_like_a_formula_stays_text(draft) -> None:
    goal = draft.plan_focus_areas.get().goals.get()
    CriterionFactory(goal=goal, text='=HYPERLINK("http://example.com","klik")')
    FollowUpFactory(goal=goal, text="+45 er ikke en formel", status=FollowUpStatus.MET)
    sheet = workbook(draft.key).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    # In CSV, Excel would run it: a leading apostrophe keeps it text
    _content, rows = csv_rows(draft.key)
    assert '\'=HYPERLINK("http://example.com","klik")' in [cell for row in rows for cell in row]


# CSV ------------------------------------------------------------------------------------------


def test_csv_for_danish_excel_has_the_spreadsheets_columns_and_rows(demo) -> None:
    content, rows = csv_rows(PLAN_2012)
    # UTF-8 with a byte order mark, so Excel reads æøå; semicolons, as Danish Excel expects
    assert content.startswith("\ufeff".encode())
    assert b";" in content.splitlines()[0]
    sheet = workbook(PLAN_2012).worksheets[0]
    expected = [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows == expected
    assert "Miljø- og Teknikforvaltningen" in {row[1] for row in rows[1:]}


def test_csv_numbers_use_a_decimal_comma_for_excel_and_a_point_for_other_programs(draft) -> None:
    criterion = Criterion.objects.get(goal__plan_focus_area__plan=draft)
    assert criterion.value == Decimal("3.79")
    _content, rows = csv_rows(draft.key)
    column = rows[0].index(danish("target value").capitalize())
    assert rows[1][column] == "3,79"
    content, plain = csv_rows(draft.key, CsvDialect.PLAIN)
    assert not content.startswith("\ufeff".encode())
    assert plain[0] == rows[0]
    assert plain[1][column] == "3.79"
    # The spreadsheet keeps the number a number, with its two decimals
    cell = workbook(draft.key).worksheets[0].cell(2, column + 1)
    assert cell.value == 3.79
    assert cell.number_format == "#,##0.00"
