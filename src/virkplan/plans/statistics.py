"""Counting follow-up outcomes for a plan, per focus area and in total."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import FollowUpStatus, Plan, PlanFocusArea
from .selectors import plan_goals

STATUS_ORDER = [
    FollowUpStatus.MET,
    FollowUpStatus.PARTLY_MET,
    FollowUpStatus.IN_PROGRESS,
    FollowUpStatus.POSTPONED,
    FollowUpStatus.NOT_MET,
    FollowUpStatus.DROPPED,
    FollowUpStatus.NOT_ASSESSED,
]


@dataclass
class StatusRow:
    """Counts for one focus area (or the whole plan when `plan_focus_area` is None)."""

    plan_focus_area: PlanFocusArea | None
    goals: int = 0
    goals_followed_up: int = 0
    counts: Counter = field(default_factory=Counter)

    @property
    def title(self) -> str:
        """The focus area's title, or "Total" for the whole plan."""
        if self.plan_focus_area is None:
            return str(_("Total"))
        return self.plan_focus_area.focus_area.title

    @property
    def follow_ups(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[tuple[FollowUpStatus, int]]:
        return [(status, self.counts.get(status, 0)) for status in STATUS_ORDER]


@dataclass
class StatusSummary:
    """Follow-up statuses of a plan: a row per focus area and a total."""

    rows: list[StatusRow]
    total: StatusRow

    @property
    def has_follow_ups(self) -> bool:
        return self.total.follow_ups > 0

    @property
    def statuses(self) -> list[FollowUpStatus]:
        return STATUS_ORDER


def plan_status_summary(*, plan: Plan) -> StatusSummary:
    """Count follow-ups by status, and goals with any follow-up, for a plan from plan_detail."""
    rows = []
    goals_by_area: dict[int, list] = {}
    for goal in plan_goals(plan=plan):
        goals_by_area.setdefault(goal.plan_focus_area_id, []).append(goal)
    for plan_focus_area in plan.plan_focus_areas.all():
        row = StatusRow(plan_focus_area=plan_focus_area)
        for goal in goals_by_area.get(plan_focus_area.pk, []):
            follow_ups = list(goal.follow_ups.all())
            row.goals += 1
            row.goals_followed_up += bool(follow_ups)
            row.counts.update(f.status for f in follow_ups)
        rows.append(row)
    return _with_total(rows)


def plan_status_counts(*, plan: Plan) -> StatusSummary:
    """The same summary as plan_status_summary, counted by the database in one query.

    For a page that shows the counts and not the plan's contents: `plan` needs
    no prefetching, and the query does not grow with the size of the plan.
    """
    follow_ups = "goals__follow_ups"
    counts = {
        status.value: Count(f"{follow_ups}__id", filter=Q(**{f"{follow_ups}__status": status}))
        for status in STATUS_ORDER
    }
    areas = (
        PlanFocusArea.objects.filter(plan=plan)
        .select_related("focus_area")
        .annotate(
            goal_count=Count("goals", distinct=True),
            goals_followed_up=Count(
                "goals", filter=Q(**{f"{follow_ups}__isnull": False}), distinct=True
            ),
            **{f"status_{status}": count for status, count in counts.items()},
        )
        .order_by("position", "id")
    )
    rows = []
    for area in areas:
        found = {status: getattr(area, f"status_{status.value}") for status in STATUS_ORDER}
        rows.append(
            StatusRow(
                plan_focus_area=area,
                goals=area.goal_count,
                goals_followed_up=area.goals_followed_up,
                counts=Counter({status: n for status, n in found.items() if n}),
            )
        )
    return _with_total(rows)


def _with_total(rows: list[StatusRow]) -> StatusSummary:
    total = StatusRow(plan_focus_area=None)
    for row in rows:
        total.goals += row.goals
        total.goals_followed_up += row.goals_followed_up
        total.counts.update(row.counts)
    return StatusSummary(rows=rows, total=total)
