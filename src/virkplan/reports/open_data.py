"""Open data: everything published, as files anyone may download and reuse.

The municipality as a whole (`alle`) or one unit with the units under it;
the goals and the follow-ups as CSV (for Danish Excel or plain), both as an
Excel workbook, and the plans themselves as a `virkplan/1` document. Only
what an anonymous reader may see is in them (published plans, and archived
ones, which were published), whoever asks: the files are the same for
everyone.

Column names are fixed identifiers, not translated, so that programs reading
the files keep working; the words in the cells (statuses) are Danish, the
language of the plans. `GOAL_COLUMNS` and `FOLLOW_UP_COLUMNS` are the one
list of columns, used both by the files and by the page that documents them.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from virkplan.core.display import markdown_plain
from virkplan.interchange.selectors import plans_document
from virkplan.organisation.models import Unit, UnitKind
from virkplan.organisation.selectors import unit_subtree_ids
from virkplan.plans.models import FollowUp, Goal, Plan, PlanFocusArea
from virkplan.plans.selectors import plans_detail, plans_visible_to

from .formats import CSV, JSON, XLSX, CsvDialect, ReportFormat
from .tabular import Column, Table, Value, table_csv, tables_xlsx

ALL = "alle"
"""The scope of the whole municipality in the files' addresses."""

LICENCE_NAME = "Creative Commons Navngivelse 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.da"


@dataclass(frozen=True)
class GoalRow:
    plan: Plan
    area: PlanFocusArea
    goal: Goal
    parent: Goal | None


@dataclass(frozen=True)
class FollowUpRow:
    plan: Plan
    goal: Goal
    number: int
    follow_up: FollowUp


@dataclass(frozen=True)
class OpenColumn:
    """A column of an open data file: its fixed name, what it means, how to read it."""

    name: str
    meaning: Promise
    value: Callable[[Any], Value]
    width: int = 14
    wrap: bool = False


def _unit_key(unit: Unit | None) -> str:
    return unit.key if unit else ""


def _unit_name(unit: Unit | None) -> str:
    return unit.name if unit else ""


def _criteria_texts(row: FollowUpRow) -> str:
    criteria = list(row.goal.criteria.all())
    return "\n".join(criteria[index].text for index in row.follow_up.criterion_indexes)


C = OpenColumn

_PLAN_COLUMNS = [
    C("plan_key", _("The plan's key, the same in every file and address."), lambda r: r.plan.key),
    C("plan", _("The plan's title."), lambda r: r.plan.title, 24),
    C("first_year", _("The first year of the plan's period."), lambda r: r.plan.start_year, 10),
    C("last_year", _("The last year of the plan's period."), lambda r: r.plan.end_year, 10),
    C("unit_key", _("The key of the unit whose plan it is."), lambda r: r.plan.unit.key, 18),
    C("unit", _("The name of the unit whose plan it is."), lambda r: r.plan.unit.name, 20),
]

GOAL_COLUMNS = [
    *_PLAN_COLUMNS,
    C(
        "focus_area",
        _("The focus area the goal is under."),
        lambda r: r.area.focus_area.title,
        30,
        wrap=True,
    ),
    C("goal_key", _("The goal's key, the same in every file."), lambda r: r.goal.key, 20),
    C("goal_ref", _("The goal's number in the plan, as printed (“1.2”)."), lambda r: r.goal.ref, 8),
    C(
        "parent_goal_key",
        _("For a sub-goal, the key of the goal it is under; empty for the others."),
        lambda r: r.parent.key if r.parent else "",
        20,
    ),
    C(
        "statement",
        _("The goal as the plan states it (“We will …”)."),
        lambda r: r.goal.statement,
        50,
        wrap=True,
    ),
    C(
        "responsible_unit_key",
        _("The key of the unit responsible for the goal; empty when none is named."),
        lambda r: _unit_key(r.goal.responsible_unit),
        18,
    ),
    C(
        "responsible_unit",
        _("The name of the unit responsible for the goal."),
        lambda r: _unit_name(r.goal.responsible_unit),
        20,
    ),
    C(
        "status_code",
        _("The goal's current status as a fixed code (see the list of statuses)."),
        lambda r: r.goal.current_status.status,
    ),
    C(
        "status",
        _("The goal's current status in words, in Danish."),
        lambda r: capfirst(r.goal.current_status.label),
        16,
    ),
    C(
        "status_date",
        _("The date of the follow-up the status comes from; empty when not followed up."),
        lambda r: r.goal.current_status.date,
        12,
    ),
    C(
        "progress_percent",
        _("How far the goal has come towards its targets, in per cent; empty when unknown."),
        lambda r: r.goal.current_status.progress,
        10,
    ),
]

FOLLOW_UP_COLUMNS = [
    *_PLAN_COLUMNS,
    C("goal_key", _("The key of the goal followed up."), lambda r: r.goal.key, 20),
    C("goal_ref", _("The goal's number in the plan."), lambda r: r.goal.ref, 8),
    C("statement", _("The goal as the plan states it."), lambda r: r.goal.statement, 40, True),
    C(
        "follow_up_no",
        _("The follow-up's place among the goal's follow-ups, from 1."),
        lambda r: r.number,
        8,
    ),
    C(
        "criteria",
        _(
            "The success criteria the follow-up is about, one a line; empty when it is "
            "about the goal as a whole."
        ),
        _criteria_texts,
        50,
        wrap=True,
    ),
    C(
        "status_code",
        _("The follow-up's status as a fixed code (see the list of statuses)."),
        lambda r: r.follow_up.status,
    ),
    C(
        "status",
        _("The follow-up's status in words, in Danish."),
        lambda r: capfirst(r.follow_up.status_label),
        16,
    ),
    C("date", _("The follow-up's date."), lambda r: r.follow_up.date, 12),
    C(
        "text",
        _("What happened, as plain text."),
        lambda r: markdown_plain(r.follow_up.text),
        70,
        wrap=True,
    ),
]


@dataclass(frozen=True)
class Dataset:
    """A file of rows: its name in addresses, its title, its columns."""

    name: str
    title: Promise
    columns: list[OpenColumn]


GOALS = Dataset("maal", _("Goals"), GOAL_COLUMNS)
FOLLOW_UPS = Dataset("opfoelgninger", _("Follow-ups"), FOLLOW_UP_COLUMNS)
DATASETS = (GOALS, FOLLOW_UPS)
EVERYTHING = "alt"
"""The name of the files with every dataset: the workbook and the `virkplan/1` document."""


@dataclass(frozen=True)
class OpenFile:
    """One kind of file: its name after the scope, its dataset (None: all), format, dialect."""

    name: str
    dataset: Dataset | None
    format: ReportFormat
    dialect: CsvDialect = CsvDialect.EXCEL


FILES: dict[str, OpenFile] = {
    f.name: f
    for f in (
        OpenFile(f"{EVERYTHING}.json", None, JSON),
        OpenFile(f"{EVERYTHING}.xlsx", None, XLSX),
        *(OpenFile(f"{d.name}.csv", d, CSV) for d in DATASETS),
        *(OpenFile(f"{d.name}.plain.csv", d, CSV, CsvDialect.PLAIN) for d in DATASETS),
    )
}


def scope_unit(scope: str) -> Unit | None:
    """The unit a scope names, None for the whole municipality; raises Unit.DoesNotExist."""
    if scope == ALL:
        return None
    return Unit.objects.get(key=scope)


def published_plans(*, unit: Unit | None) -> list[Plan]:
    """The plans anyone may read, of the unit and the units under it (all when None), loaded
    whole in a number of queries that does not grow with their number."""
    plans = plans_visible_to(user=None)
    if unit is not None:
        plans = plans.filter(unit_id__in=unit_subtree_ids(unit_id=unit.pk))
    return plans_detail(plans=plans.order_by("unit__name", "start_year", "title", "pk"))


def _goal_rows(plans: list[Plan]) -> list[GoalRow]:
    rows = []
    for plan in plans:
        for area in plan.plan_focus_areas.all():
            rows.extend(_walk(plan, area, area.top_goals, None))
    return rows


def _walk(plan: Plan, area: PlanFocusArea, goals: list[Goal], parent: Goal | None) -> list[GoalRow]:
    rows = []
    for goal in goals:
        rows.append(GoalRow(plan, area, goal, parent))
        rows.extend(_walk(plan, area, goal.subgoal_list, goal))
    return rows


def dataset_table(dataset: Dataset, plans: list[Plan]) -> Table:
    """The dataset's rows for the plans, in document order."""
    goal_rows = _goal_rows(plans)
    rows: list[Any] = goal_rows
    if dataset is FOLLOW_UPS:
        rows = [
            FollowUpRow(row.plan, row.goal, number, follow_up)
            for row in goal_rows
            for number, follow_up in enumerate(row.goal.follow_ups.all(), start=1)
        ]
    columns = [Column(c.name, c.value, c.width, c.wrap) for c in dataset.columns]
    return Table(str(dataset.title), columns, rows)


def open_data_file(*, plans: list[Plan], file: OpenFile, scope: str) -> bytes:
    """The file's content for the plans; the cells' words in Danish whatever the reader's
    language, so the file at an address is one file."""
    with override("da"):
        if file.format is JSON:
            document = plans_document(plans)
            return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        if file.format is XLSX:
            return tables_xlsx(
                [dataset_table(d, plans) for d in DATASETS],
                title=str(_("Open data")) + " – " + scope,
                creator="virkplan",
            )
        assert file.dataset is not None
        return table_csv(dataset_table(file.dataset, plans), dialect=file.dialect)


def attribution() -> str:
    """How a user of the data credits the source: the municipality, the plans, the licence."""
    municipality = Unit.objects.filter(kind=UnitKind.MUNICIPALITY).order_by("pk").first()
    source = municipality.name if municipality else "virkplan"
    return str(_("Source: %(source)s, department plans (virkplan), licence CC BY 4.0")) % {
        "source": source
    }


def download_name(*, scope: str, file: OpenFile) -> str:
    """The file's name when saved: "aabne-data-alle-maal.csv"."""
    return f"aabne-data-{scope}-{file.name.replace('.plain.', '-plain.')}"
