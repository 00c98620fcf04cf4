"""Counting a plan's goals by their status as a whole, per focus area and in total.

Each goal is counted once, by its current status (plans.goal_status): its latest
assessment, or "not followed up". The follow-up paragraphs are counted beside it,
as how much was written, never as statuses.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from virkplan.core.display import long_date

from .goal_status import GOAL_STATUS_ORDER, NOT_FOLLOWED_UP, current_statuses, goal_status_label
from .models import FollowUpRound, Goal, Plan, PlanFocusArea
from .selectors import plan_goals, round_progress


@dataclass(frozen=True)
class StatusColumn:
    """A goal status as a column of the table and a colour of the chart."""

    value: str

    @property
    def label(self) -> str:
        return goal_status_label(self.value)


STATUS_COLUMNS = [StatusColumn(status) for status in GOAL_STATUS_ORDER]


@dataclass
class StatusRow:
    """Counts for one focus area (or the whole plan when `plan_focus_area` is None)."""

    plan_focus_area: PlanFocusArea | None
    goals: int = 0
    follow_ups: int = 0
    counts: Counter = field(default_factory=Counter)
    """Goals by their current status (the statuses' values), "not followed up" included."""

    @property
    def title(self) -> str:
        """The focus area's title, or "Total" for the whole plan."""
        if self.plan_focus_area is None:
            return _("Total")
        return self.plan_focus_area.focus_area.title

    @property
    def goals_followed_up(self) -> int:
        return self.counted - self.counts.get(NOT_FOLLOWED_UP, 0)

    @property
    def counted(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[tuple[StatusColumn, int]]:
        return [(column, self.counts.get(column.value, 0)) for column in STATUS_COLUMNS]


@dataclass
class StatusSummary:
    """A plan's goals by status: a row per focus area and a total, and the round they show."""

    rows: list[StatusRow]
    total: StatusRow
    latest_round: FollowUpRound | None = None
    """The plan's newest follow-up round, when `with_round` has looked for it."""
    round_goals: int = 0
    """How many goals were followed up in that round."""
    latest_date: date | None = None
    """When the newest of the goals' statuses was set."""

    @property
    def has_follow_ups(self) -> bool:
        return self.total.goals_followed_up > 0 or self.total.follow_ups > 0

    @property
    def statuses(self) -> list[StatusColumn]:
        return STATUS_COLUMNS

    def lead(self) -> str:
        """What the counts are, in a sentence or two: how many goals have a status, and the
        round they come from (pages, PDF and Word say it alike)."""
        total = self.total
        counted = ngettext(
            "%(followed)s of %(goals)s goal has a status; each goal is counted by its latest.",
            "%(followed)s of %(goals)s goals have a status; each goal is counted by its latest.",
            total.goals,
        ) % {"followed": total.goals_followed_up, "goals": total.goals}
        round = self.latest_round
        if round is None:
            if self.latest_date is None:
                return counted
            return "{} {}".format(
                counted,
                _("The newest status was set on %(date)s.") % {"date": long_date(self.latest_date)},
            )
        if round.is_open:
            where = ngettext(
                "The follow-up round of %(date)s is open: %(done)s of %(goals)s goal is "
                "followed up in it so far.",
                "The follow-up round of %(date)s is open: %(done)s of %(goals)s goals are "
                "followed up in it so far.",
                total.goals,
            )
        else:
            where = ngettext(
                "The latest follow-up round, of %(date)s, followed up %(done)s of %(goals)s goal.",
                "The latest follow-up round, of %(date)s, followed up %(done)s of %(goals)s goals.",
                total.goals,
            )
        details = {"date": long_date(round.date), "done": self.round_goals, "goals": total.goals}
        return f"{counted} {where % details}"


def plan_status_summary(*, plan: Plan) -> StatusSummary:
    """Count the goals of a plan from plan_detail by status, with no query of its own."""
    rows = []
    goals_by_area: dict[int, list[Goal]] = {}
    for goal in plan_goals(plan=plan):
        goals_by_area.setdefault(goal.plan_focus_area_id, []).append(goal)
    latest = None
    for plan_focus_area in plan.plan_focus_areas.all():
        row = StatusRow(plan_focus_area=plan_focus_area)
        for goal in goals_by_area.get(plan_focus_area.pk, []):
            row.goals += 1
            row.follow_ups += len(goal.follow_ups.all())
            row.counts[goal.current_status.status] += 1
            if goal.current_status.date and (latest is None or goal.current_status.date > latest):
                latest = goal.current_status.date
        rows.append(row)
    return _with_total(rows, latest)


def plan_status_counts(*, plan: Plan) -> StatusSummary:
    """The same summary as plan_status_summary for a plan not loaded: for a page that shows the
    counts and not the plan's contents. A fixed number of queries, however large the plan: its
    focus areas with their follow-ups counted, its goals' ids, and their statuses."""
    areas = list(
        PlanFocusArea.objects.filter(plan=plan)
        .select_related("focus_area")
        .annotate(follow_up_count=Count("goals__follow_ups"))
        .order_by("position", "id")
    )
    goals = list(
        Goal.objects.filter(plan_focus_area__plan=plan).values_list("pk", "plan_focus_area_id")
    )
    statuses = current_statuses(pk for pk, _area in goals)
    rows = {
        area.pk: StatusRow(plan_focus_area=area, follow_ups=area.follow_up_count) for area in areas
    }
    for pk, area_id in goals:
        row = rows[area_id]
        row.goals += 1
        found = statuses.get(pk)
        row.counts[found.status if found else NOT_FOLLOWED_UP] += 1
    dates = [s.date for s in statuses.values() if s.date]
    return _with_total(list(rows.values()), max(dates) if dates else None)


def with_round(summary: StatusSummary, *, plan: Plan) -> StatusSummary:
    """The summary with the plan's newest follow-up round and how many goals it followed up."""
    summary.latest_round = (
        FollowUpRound.objects.filter(plan=plan).order_by("-date", "-created_at", "-id").first()
    )
    if summary.latest_round is not None:
        summary.round_goals, _goals = round_progress(plan=plan, round=summary.latest_round)
    return summary


def _with_total(rows: list[StatusRow], latest: date | None) -> StatusSummary:
    total = StatusRow(plan_focus_area=None)
    for row in rows:
        total.goals += row.goals
        total.follow_ups += row.follow_ups
        total.counts.update(row.counts)
    return StatusSummary(rows=rows, total=total, latest_date=latest)
