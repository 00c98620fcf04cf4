"""The plan's numbers for counting: a spreadsheet (openpyxl) and CSV with the same columns.

One row per success criterion, with its plan, focus area, goal, target and
latest follow-up; the spreadsheet has a second sheet with one row per
follow-up. Column headings and statuses are in the active language.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.core.display import (
    markdown_plain,
    plain_decimal,
    target,
)
from virkplan.organisation.models import Unit
from virkplan.plans.models import Criterion, FollowUp, Goal, Plan

from .formats import CsvDialect
from .selectors import PlanReport, follow_ups_about, latest

Value = str | int | Decimal | date | None


# Excel's number formats for whole numbers: counts grouped in thousands, years as written.
COUNT = "#,##0"
YEAR = "0"


@dataclass(frozen=True)
class Column:
    """A column: its heading, how to read its value from a row, its width in characters, whether
    its text wraps, and the number format its whole numbers are shown in."""

    heading: str
    value: Callable[[Any], Value]
    width: int = 14
    wrap: bool = False
    number_format: str = COUNT


@dataclass
class Table:
    """A sheet of rows under headings."""

    title: str
    columns: list[Column]
    rows: list[Any]

    def values(self) -> list[list[Value]]:
        return [[column.value(row) for column in self.columns] for row in self.rows]


@dataclass
class CriterionRow:
    """A success criterion with its goal and the follow-ups about it."""

    report: PlanReport
    goal: Goal
    number: int | None  # the criterion's place under its goal, from 1
    criterion: Criterion | None  # None for a goal without criteria, so it is not lost
    follow_ups: list[FollowUp]

    @property
    def latest_follow_up(self) -> FollowUp | None:
        return latest(self.follow_ups)


@dataclass
class FollowUpRow:
    """A follow-up with its goal."""

    report: PlanReport
    goal: Goal
    number: int  # the follow-up's place under its goal, from 1
    follow_up: FollowUp


def _label(field: str, model: Any = Criterion) -> str:
    return capfirst(str(model._meta.get_field(field).verbose_name))


def _name(model: Any) -> str:
    return capfirst(str(model._meta.verbose_name))


def _focus_area(row: CriterionRow | FollowUpRow) -> str:
    return str(row.report.focus_area_of(row.goal))


def _plan_columns() -> list[Column]:
    return [
        Column(_name(Plan), lambda row: row.report.plan.title, 22),
        Column(_name(Unit), lambda row: row.report.plan.unit.name, 18),
        Column(_("Focus area"), _focus_area, 30, wrap=True),
        Column(_("Goal no."), lambda row: row.goal.ref, 8),
        Column(_("Goal"), lambda row: row.goal.statement, 50, wrap=True),
    ]


def _criterion_field(field: str) -> Callable[[CriterionRow], Value]:
    def read(row: CriterionRow) -> Value:
        criterion = row.criterion
        if criterion is None or not criterion.has_target:
            return None
        value = getattr(criterion, field)
        return plain_decimal(value) if isinstance(value, Decimal) else value

    return read


def _status(follow_up: FollowUp | None) -> str:
    """The follow-up's status as the pages write it: "Opfyldt"."""
    return capfirst(follow_up.status_label) if follow_up else ""


def _goal_status(row: CriterionRow) -> str:
    """The goal's status as a whole, as its heading on the plan's page shows it."""
    status = row.goal.current_status
    return capfirst(status.label) if status.followed_up else ""


def _goal_progress(row: CriterionRow) -> int | None:
    status = row.goal.current_status
    return status.progress if status.followed_up else None


def _latest_date(row: CriterionRow) -> date | None:
    return row.latest_follow_up.date if row.latest_follow_up else None


def _latest_text(row: CriterionRow) -> str:
    return markdown_plain(row.latest_follow_up.text) if row.latest_follow_up else ""


def criteria_table(report: PlanReport) -> Table:
    """One row per success criterion of the plan, in document order."""
    rows = []
    for goal in report.goals:
        criteria = list(goal.criteria.all())
        if not criteria:
            rows.append(CriterionRow(report, goal, None, None, list(goal.follow_ups.all())))
        for index, criterion in enumerate(criteria):
            about = follow_ups_about(goal, index)
            rows.append(CriterionRow(report, goal, index + 1, criterion, about))
    columns = [
        *_plan_columns(),
        Column(
            _label("responsible_unit", Goal),
            lambda row: row.goal.responsible_unit.name if row.goal.responsible_unit else "",
            18,
        ),
        Column(_("Criterion no."), lambda row: row.number, 8),
        Column(
            _("Criterion"), lambda row: row.criterion.text if row.criterion else "", 60, wrap=True
        ),
        Column(_("Target"), lambda row: target(row.criterion) if row.criterion else "", 22),
        Column(
            _label("comparison"),
            lambda row: (
                str(row.criterion.get_comparison_display())
                if row.criterion and row.criterion.has_target
                else ""
            ),
            14,
        ),
        Column(_label("value"), _criterion_field("value"), 12),
        Column(_label("value_max"), _criterion_field("value_max"), 12),
        Column(_label("unit_of_measure"), _criterion_field("unit_of_measure"), 12),
        Column(_label("baseline_value"), _criterion_field("baseline_value"), 12),
        Column(_label("baseline_year"), _criterion_field("baseline_year"), 10, number_format=YEAR),
        Column(_label("target_year"), _criterion_field("target_year"), 10, number_format=YEAR),
        Column(_label("target_date"), _criterion_field("target_date"), 12),
        Column(_("Latest status"), lambda row: _status(row.latest_follow_up), 16),
        Column(_("Latest follow-up date"), _latest_date, 14),
        Column(_("Latest follow-up"), _latest_text, 60, wrap=True),
        Column(_("Number of follow-ups"), lambda row: len(row.follow_ups), 12),
        Column(_("Goal status"), _goal_status, 16),
        Column(_("Progress towards the targets (%)"), _goal_progress, 12),
        Column(_("Goal key"), lambda row: row.goal.key, 20),
    ]
    return Table(capfirst(str(Criterion._meta.verbose_name_plural)), columns, rows)


def follow_ups_table(report: PlanReport) -> Table:
    """One row per follow-up of the plan, in document order."""
    rows = [
        FollowUpRow(report, goal, number, follow_up)
        for goal in report.goals
        for number, follow_up in enumerate(goal.follow_ups.all(), start=1)
    ]
    columns = [
        *_plan_columns(),
        Column(_("Follow-up no."), lambda row: row.number, 10),
        Column(_label("date", FollowUp), lambda row: row.follow_up.date, 12),
        Column(_label("status", FollowUp), lambda row: _status(row.follow_up), 16),
        Column(
            _("Criteria no."),
            lambda row: ", ".join(str(i + 1) for i in row.follow_up.criterion_indexes),
            12,
        ),
        Column(_("Follow-up"), lambda row: markdown_plain(row.follow_up.text), 70, wrap=True),
        Column(_("Goal key"), lambda row: row.goal.key, 20),
    ]
    return Table(capfirst(str(FollowUp._meta.verbose_name_plural)), columns, rows)


# Spreadsheet programs run a cell that starts like a formula; user text never should.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Value, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if dialect is CsvDialect.EXCEL else text
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def plan_csv(report: PlanReport, *, dialect: CsvDialect = CsvDialect.EXCEL) -> bytes:
    """The criteria table as CSV: for Danish Excel (";", decimal comma, BOM) or plain."""
    return table_csv(criteria_table(report), dialect=dialect)


def table_csv(table: Table, *, dialect: CsvDialect = CsvDialect.EXCEL) -> bytes:
    """A table as CSV: for Danish Excel (";", decimal comma, BOM) or plain."""
    buffer = io.StringIO(newline="")
    delimiter = ";" if dialect is CsvDialect.EXCEL else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([column.heading for column in table.columns])
    for values in table.values():
        writer.writerow([_csv_cell(value, dialect) for value in values])
    encoding = "utf-8-sig" if dialect is CsvDialect.EXCEL else "utf-8"
    return buffer.getvalue().encode(encoding)


def plan_xlsx(report: PlanReport) -> bytes:
    """The plan as a workbook: a sheet of criteria and a sheet of follow-ups."""
    plan = report.plan
    return tables_xlsx(
        [criteria_table(report), follow_ups_table(report)],
        title=f"{plan.title} – {plan.unit.name}",
        creator=plan.unit.name,
    )


def tables_xlsx(tables: list[Table], *, title: str, creator: str) -> bytes:
    """Tables as a workbook, a sheet each, with the document's title and author."""
    # openpyxl is loaded with the first workbook asked for, not when the site starts.
    from .workbook import workbook_bytes

    return workbook_bytes(tables, title=title, creator=creator)
