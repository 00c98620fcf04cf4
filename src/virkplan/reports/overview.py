"""The overview's table (plans.overview) as a spreadsheet and as CSV, with the same columns.

One row per plan, as the page shows it under the same filters: its unit, period, workflow
status, its goals counted by status, when it was last followed up and what is overdue.
Counts and years are numbers, dates are dates; headings and statuses in the active language.
The spreadsheet library (reports.tabular, openpyxl) is imported when a file is made, as for
the plans' files (reports.exports): the site's workers start without it.
"""

from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.plans.goal_status import GOAL_STATUS_ORDER, goal_status_label
from virkplan.plans.overview import Overview, OverviewRow

from .formats import CSV, XLSX, CsvDialect, ReportFormat

if TYPE_CHECKING:
    from .tabular import Table, Value


def _count(status: str):
    def read(row: OverviewRow) -> "Value":
        return row.counts.get(status, 0)

    return read


def overview_table(overview: Overview) -> "Table":
    """One row per plan of the overview, in the page's order."""
    from .tabular import YEAR, Column, Table

    columns = [
        Column(_("Unit"), lambda row: row.plan.unit.name, 28),
        Column(_("Plan"), lambda row: row.plan.title, 28),
        Column(_("First year"), lambda row: row.plan.start_year, 10, number_format=YEAR),
        Column(_("Last year"), lambda row: row.plan.end_year, 10, number_format=YEAR),
        Column(_("Plan status"), lambda row: capfirst(row.plan.status_label), 14),
        Column(_("Goals"), lambda row: row.goals, 8),
        *(
            Column(capfirst(goal_status_label(status)), _count(status), 12)
            for status in GOAL_STATUS_ORDER
        ),
        Column(_("Last follow-up"), lambda row: row.last_follow_up, 14),
        Column(_("Follow-up round open since"), lambda row: row.open_round_since, 14),
        Column(_("Follow-up due"), lambda row: row.follow_up_due, 14),
        Column(_("Goals not followed up when due"), lambda row: row.overdue_goals, 14),
        Column(_("Overdue"), lambda row: _("yes") if row.overdue else _("no"), 10),
        Column(_("Plan key"), lambda row: row.plan.key, 20),
    ]
    return Table(_("Overview"), columns, overview.rows)


def overview_file(overview: Overview, format: ReportFormat, *, dialect: CsvDialect) -> bytes:
    """The overview's table in the spreadsheet or CSV format."""
    from .tabular import table_csv, tables_xlsx

    table = overview_table(overview)
    if format is XLSX:
        return tables_xlsx([table], title=_("Overview of the plans"), creator="virkplan")
    assert format is CSV
    return table_csv(table, dialect=dialect)
