"""The municipality's overview: every unit's plans with their goals counted by status.

One row per plan the user may read, in the units' order, with its workflow status, its
goals counted by their current status (plans.goal_status), the date it was last followed
up and what about it is overdue; and the totals. The page `/overblik/` and its Excel and
CSV downloads read the same rows.

A fixed number of queries, however many plans and goals: the plans (with the filters and,
without a year, a window that keeps each unit's current plans), the goals' current statuses
counted per plan in SQL with the day each got it, and the plans' rounds; never a query for
each plan.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Concat, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.organisation.selectors import unit_subtree_ids

from .goal_status import GOAL_STATUS_ORDER, NOT_FOLLOWED_UP, StatusCount, latest_assessments
from .models import FocusArea, FollowUpRound, Goal, Plan
from .permissions import FOLLOW_UP_STATUSES
from .selectors import plans_visible_to

OPEN_ROUND_DAYS = 60
"""A follow-up round still open this many days after it was started is overdue."""

FOLLOW_UP_DUE = (3, 31)
"""(month, day) of the year after a plan's period by which its goals should be followed up."""


@dataclass(frozen=True)
class OverviewFilters:
    """What the overview shows; every field empty shows each unit's current plans.

    - `unit`: plans of the unit and of every unit below it.
    - `year`: plans whose period contains the year, instead of each unit's current plans.
    - `focus_area`: goals under the focus area (shared ones are one focus area in many plans).
    - `goal_status`: goals whose current status it is (plans.goal_status.GOAL_STATUS_ORDER).
    - `responsible_unit`: goals the unit, or a unit below it, answers for: those naming it
      responsible, and those naming no one in its own plans (as selectors.goals_responsible_to).
    - `plan`: that plan only (the goal list's drill-down from a row), whatever the year window.
    """

    unit: Unit | None = None
    year: int | None = None
    focus_area: FocusArea | None = None
    goal_status: str = ""
    responsible_unit: Unit | None = None
    plan: Plan | None = None

    @property
    def narrows_goals(self) -> bool:
        """Whether only some goals are counted: then a plan without one of them is left out."""
        return bool(self.focus_area or self.goal_status or self.responsible_unit)


@dataclass
class OverviewRow:
    """A plan with its goals counted by current status (those the filters keep)."""

    plan: Plan
    counts: dict[str, int]
    last_follow_up: datetime.date | None = None
    open_round_since: datetime.date | None = None
    """The day the plan's follow-up round was started, when it is still open."""
    round_overdue: bool = False
    """Its round has been open more than OPEN_ROUND_DAYS days."""
    overdue_goals: int = 0
    """Goals of the plan (all of them, whatever the filters) not followed up after it was due."""
    follow_up_due: datetime.date | None = None

    @property
    def goals(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[StatusCount]:
        """Every status in order, with its count (zeros too): the table's cells."""
        return [StatusCount(status, self.counts.get(status, 0)) for status in GOAL_STATUS_ORDER]

    @property
    def parts(self) -> list[StatusCount]:
        """The statuses the plan has goals in, in order: the bar's segments."""
        return [cell for cell in self.cells if cell.count]

    @property
    def overdue(self) -> bool:
        return self.round_overdue or self.overdue_goals > 0


@dataclass
class UnitRows:
    """A unit and its plans' rows."""

    unit: Unit
    rows: list[OverviewRow] = field(default_factory=list)


@dataclass
class Overview:
    """The rows grouped by unit (in the units' order), and the totals over every row."""

    groups: list[UnitRows]
    totals: dict[str, int]
    today: datetime.date

    @property
    def rows(self) -> list[OverviewRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def plans(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def goals(self) -> int:
        return sum(self.totals.values())

    @property
    def overdue_plans(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def cells(self) -> list[StatusCount]:
        return [StatusCount(status, self.totals.get(status, 0)) for status in GOAL_STATUS_ORDER]


def overview(
    *,
    user: Actor | None,
    filters: OverviewFilters | None = None,
    today: datetime.date | None = None,
) -> Overview:
    """The overview for the user: only plans they may read (plans_visible_to).

    What is overdue, as of `today` (the local date when not given):
    - a follow-up round started more than OPEN_ROUND_DAYS days ago and not yet finished;
    - an approved or published plan whose follow-up was due (FOLLOW_UP_DUE of the year after
      its period) with goals not followed up: how many, of all its goals, whatever the filters.
    A plan's last follow-up is the latest date one of its goals got its current status (at a
    round, or imported), or that a round of it was finished, whichever is later.
    """
    filters = filters or OverviewFilters()
    today = today or timezone.localdate()
    plans = list(overview_plans(user=user, filters=filters))
    plan_ids = [plan.pk for plan in plans]
    goals = _goal_counts(plan_ids=plan_ids, filters=filters)
    finished, open_since = _rounds(plan_ids=plan_ids)

    groups: dict[int, UnitRows] = {}
    totals: Counter[str] = Counter()
    for plan in plans:
        plan_counts = goals.kept.get(plan.pk, {})
        if filters.narrows_goals and not plan_counts:
            continue
        dates = [d for d in (finished.get(plan.pk), goals.assessed.get(plan.pk)) if d]
        row = OverviewRow(
            plan=plan,
            counts=plan_counts,
            last_follow_up=max(dates, default=None),
            open_round_since=open_since.get(plan.pk),
        )
        _mark_overdue(row, not_followed_up=goals.not_followed_up.get(plan.pk, 0), today=today)
        groups.setdefault(plan.unit_id, UnitRows(unit=plan.unit)).rows.append(row)
        totals.update(plan_counts)
    return Overview(groups=list(groups.values()), totals=dict(totals), today=today)


def _mark_overdue(row: OverviewRow, *, not_followed_up: int, today: datetime.date) -> None:
    if row.open_round_since is not None:
        row.round_overdue = (today - row.open_round_since).days > OPEN_ROUND_DAYS
    if row.plan.status in FOLLOW_UP_STATUSES:
        month, day = FOLLOW_UP_DUE
        row.follow_up_due = datetime.date(row.plan.end_year + 1, month, day)
        if today > row.follow_up_due:
            row.overdue_goals = not_followed_up


def overview_plans(*, user: Actor | None, filters: OverviewFilters) -> QuerySet[Plan]:
    """The plans the rows are about, in the units' order, each with its unit.

    Without a year, each unit's current plans as selectors.current_plans has them: those
    whose period reaches the year before the unit's newest plan's first year (a window over
    the unit's plans the user may read); a plan asked for by name is kept whatever its year.
    """
    plans = (
        plans_visible_to(user=user)
        .only(
            "key",
            "title",
            "kind",
            "unit_id",
            "start_year",
            "end_year",
            "status",
            "unit__key",
            "unit__name",
            "unit__short_name",
            "unit__position",
            "unit__parent_id",
        )
        .order_by("unit__position", "unit_id", "-start_year", "title", "id")
    )
    if filters.unit is not None:
        plans = plans.filter(unit_id__in=unit_subtree_ids(unit_id=filters.unit.pk))
    if filters.year is not None:
        plans = plans.filter(start_year__lte=filters.year, end_year__gte=filters.year)
    if filters.plan is not None:
        plans = plans.filter(pk=filters.plan.pk)
    if filters.year is not None or filters.plan is not None:
        return plans
    return plans.annotate(newest=Window(Max("start_year"), partition_by=F("unit_id"))).filter(
        end_year__gte=F("newest") - 1
    )


@dataclass
class _GoalCounts:
    """What the one query over the plans' goals finds, per plan."""

    kept: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    """The goals the filters keep, counted by current status."""
    not_followed_up: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    """All the plan's goals never followed up."""
    assessed: dict[int, datetime.date] = field(default_factory=dict)
    """The latest date a goal of the plan got its current status."""


def _goal_counts(*, plan_ids: list[int], filters: OverviewFilters) -> _GoalCounts:
    """Per plan: its goals counted by current status, and the latest day one was assessed.

    One query. Each goal's current status is its newest assessment (the same
    `latest_assessments` that plans.goal_status reads), read by one subquery on its index as
    "20131231 met": the day and the status together, so that a second subquery for the day
    is not needed (it would make the query half as slow again). The goals are counted per
    plan, day and status, and by whether their focus area and responsible unit are the
    ones asked for; the goal status filter is applied here, as the status is read anyway.
    """
    found = _GoalCounts()
    if not plan_ids:
        return found
    day = ExtractYear("date") * 10000 + ExtractMonth("date") * 100 + ExtractDay("date")
    newest = (
        latest_assessments()
        .filter(goal=OuterRef("pk"))
        .annotate(tag=Concat(Cast(day, CharField()), Value(" "), "status"))
        .values("tag")[:1]
    )
    rows = (
        Goal.objects.filter(plan_focus_area__plan_id__in=plan_ids)
        .annotate(current=Subquery(newest, output_field=CharField()), kept=_kept(filters))
        .order_by()
        .values_list("plan_focus_area__plan_id", "current", "kept")
        .annotate(goals=Count("pk"))
    )
    for plan_id, current, kept, number in rows:
        if current is None:
            status = NOT_FOLLOWED_UP
            found.not_followed_up[plan_id] += number
        else:
            digits, status = current.split(" ", 1)
            assessed = datetime.date(int(digits[:-4]), int(digits[-4:-2]), int(digits[-2:]))
            if plan_id not in found.assessed or assessed > found.assessed[plan_id]:
                found.assessed[plan_id] = assessed
        if kept and (not filters.goal_status or status == filters.goal_status):
            plan_counts = found.kept[plan_id]
            plan_counts[status] = plan_counts.get(status, 0) + number
    return found


def goals_by_status(*, plan_ids: list[int]) -> dict[int, dict[str, int]]:
    """Each plan's goals counted by current status, as the overview counts them: one query."""
    return dict(_goal_counts(plan_ids=plan_ids, filters=OverviewFilters()).kept)


def goals_kept(filters: OverviewFilters) -> Q:
    """The goals under the focus area and the responsible unit the filters ask for (empty: all)."""
    condition = Q()
    if filters.focus_area is not None:
        condition &= Q(plan_focus_area__focus_area_id=filters.focus_area.pk)
    if filters.responsible_unit is not None:
        units = unit_subtree_ids(unit_id=filters.responsible_unit.pk)
        condition &= Q(responsible_unit_id__in=units) | Q(
            responsible_unit__isnull=True, plan_focus_area__plan__unit_id__in=units
        )
    return condition


def _kept(filters: OverviewFilters) -> Case | Value:
    """Whether a goal is under the focus area and the responsible unit the filters ask for."""
    condition = goals_kept(filters)
    if not condition:
        return Value(True, output_field=BooleanField())
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _rounds(*, plan_ids: list[int]) -> tuple[dict[int, datetime.date], dict[int, datetime.date]]:
    """Per plan: the date of its latest finished round, and the day its open round was started."""
    finished: dict[int, datetime.date] = {}
    open_since: dict[int, datetime.date] = {}
    if not plan_ids:
        return finished, open_since
    rounds = (
        FollowUpRound.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values_list("plan_id")
        .annotate(
            finished=Max("date", filter=Q(finished_at__isnull=False)),
            opened=Min("created_at", filter=Q(finished_at__isnull=True)),
        )
    )
    for plan_id, last, opened in rounds:
        if last is not None:
            finished[plan_id] = last
        if opened is not None:
            open_since[plan_id] = timezone.localdate(opened)
    return finished, open_since
