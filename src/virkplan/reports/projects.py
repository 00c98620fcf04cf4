"""The project list (projects.selectors.project_list) as a spreadsheet, with the page's columns.

One row per project under the same filters and in the same order as the page: dates are
dates, the budget a number in kroner, overdue milestones counted; headings and statuses in the
active language. openpyxl (reports.workbook) is imported when a file is made: the site's
workers start without it.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.core.display import plain_decimal
from virkplan.projects.models import Project

if TYPE_CHECKING:
    from .tabular import Table


def project_table(projects: Iterable[Project]) -> "Table":
    from .tabular import Column, Table

    columns = [
        Column(_("Title"), lambda p: p.title, 36, wrap=True),
        Column(_("Unit"), lambda p: p.unit.name, 24),
        Column(_("Status"), lambda p: capfirst(p.status_label), 14),
        Column(_("Project leader"), lambda p: p.leader_label, 22),
        Column(_("Start date"), lambda p: p.start_date, 12),
        Column(_("End date"), lambda p: p.end_date, 12),
        Column(
            _("Budget (kr.)"),
            lambda p: plain_decimal(p.budget) if p.budget is not None else None,
            16,
        ),
        Column(_("Next milestone"), lambda p: p.next_milestone, 14),
        Column(_("Overdue milestones"), lambda p: p.overdue, 12),
        Column(_("Project key"), lambda p: p.key, 20),
    ]
    return Table(_("Projects"), columns, list(projects))


def projects_xlsx(projects: Iterable[Project]) -> bytes:
    """The projects as an Excel workbook of one sheet."""
    from .workbook import workbook_bytes

    return workbook_bytes([project_table(projects)], title=_("Project list"), creator="virkplan")
