"""The citizens' start page: the published plans, by period, each with its goals counted by
current status, and what its filters offer.

What a citizen may read is the same for everyone, signed in or not: the plans an anonymous
reader may see (plans_visible_to with no user: published and archived ones). A fixed number
of queries, however many plans and goals: the plans, and their goals counted by status in one
query (overview.goals_by_status, as the overview counts them).
"""

from dataclasses import dataclass, field

from django.db.models import Max, Min, QuerySet

from virkplan.organisation.models import Unit
from virkplan.organisation.selectors import unit_subtree_ids

from .goal_status import GOAL_STATUS_ORDER, StatusCount
from .models import Plan
from .overview import goals_by_status
from .selectors import plans_visible_to


@dataclass
class PublishedPlan:
    """A plan with its goals counted by current status."""

    plan: Plan
    counts: dict[str, int]

    @property
    def goals(self) -> int:
        return sum(self.counts.values())

    @property
    def statuses(self) -> list[StatusCount]:
        """The statuses the plan has goals in, from done to not begun."""
        return [
            StatusCount(status, self.counts[status])
            for status in GOAL_STATUS_ORDER
            if self.counts.get(status)
        ]


@dataclass
class PlanPeriod:
    """The plans of one period ("2014", "2012–2013"), in the units' order."""

    label: str
    plans: list[PublishedPlan] = field(default_factory=list)


def published_plans() -> QuerySet[Plan]:
    """Every plan a citizen may read, with its unit."""
    return plans_visible_to(user=None)


def published_years() -> tuple[int, int] | None:
    """The first and last year a published plan covers; None when there is none. One query."""
    years = published_plans().aggregate(first=Min("start_year"), last=Max("end_year"))
    if years["first"] is None:
        return None
    return years["first"], years["last"]


def published_plans_by_period(
    *, year: int | None = None, unit: Unit | None = None
) -> list[PlanPeriod]:
    """The published plans, newest period first, each with its goals counted by status.

    `year`: plans whose period includes it; `unit`: plans of the unit and of every unit below
    it. Two queries (three with a unit: the units below it).
    """
    plans = (
        published_plans()
        .only(
            "key",
            "title",
            "unit_id",
            "start_year",
            "end_year",
            "status",
            "unit__key",
            "unit__name",
            "unit__position",
        )
        .order_by("-end_year", "-start_year", "unit__position", "unit__name", "title", "id")
    )
    if year is not None:
        plans = plans.filter(start_year__lte=year, end_year__gte=year)
    if unit is not None:
        plans = plans.filter(unit_id__in=unit_subtree_ids(unit_id=unit.pk))
    rows = list(plans)
    counts = goals_by_status(plan_ids=[plan.pk for plan in rows])
    periods: dict[tuple[int, int], PlanPeriod] = {}
    for plan in rows:
        period = periods.setdefault(
            (plan.start_year, plan.end_year), PlanPeriod(label=plan.period_label)
        )
        period.plans.append(PublishedPlan(plan=plan, counts=counts.get(plan.pk, {})))
    return list(periods.values())
