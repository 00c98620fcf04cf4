"""The plan's numbers as a spreadsheet and as CSV, reopened with openpyxl and the csv module."""

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.factories import CriterionFactory, FollowUpFactory
from virkplan.plans.models import Criterion, FollowUp, FollowUpStatus, Goal
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.reports.exports import plan_file
from virkplan.reports.tabular import CsvDialect

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
            assert row[status] == str(latest.get_status_display())
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
        assert row[danish("status").capitalize()] == str(follow_up.get_status_display())


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
