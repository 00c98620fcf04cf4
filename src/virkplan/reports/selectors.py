"""What a report of a plan holds, loaded once and shared by every format.

Visibility is applied by `plans.selectors.plan_detail`: a report of a plan the
user may not see does not exist for that user.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from virkplan.organisation.models import Unit, UnitKind
from virkplan.organisation.permissions import Actor
from virkplan.organisation.selectors import unit_ancestors
from virkplan.plans.goal_status import GoalStatus
from virkplan.plans.models import FollowUp, FollowUpStatus, Goal, Plan, PlanFocusArea
from virkplan.plans.selectors import plan_detail, plan_goals
from virkplan.plans.statistics import StatusSummary, plan_status_summary, with_round

from .orgchart import OrganisationChart, plan_organisation_chart
from .pictures import Logo, unit_logo


@dataclass
class PlanReport:
    """A plan loaded for printing, with its follow-up counts and where it sits."""

    plan: Plan
    summary: StatusSummary
    goals: list[Goal]
    municipality: Unit | None
    contact: Unit | None
    previous: "PlanReport | None" = None
    """The previous plan, its follow-up the document's last part (reports.combined)."""
    statuses: bool = True
    """Whether statuses are printed; without them the plan reads as the plans printed before."""
    logo: Logo | None = None
    """The front page's logo: the plan's unit's own, else that of the nearest unit above it."""
    organisation_chart: OrganisationChart | None = None
    """The unit's organisation chart, when a section shows it (Section.organisation_chart)."""

    @property
    def followed_up(self) -> bool:
        """Whether the plan has any follow-up: then goals print as Documentation | Follow-up."""
        return self.summary.has_follow_ups

    @property
    def status_part(self) -> bool:
        """Whether the document has a status overview: a followed-up plan printed with statuses."""
        return self.statuses and self.followed_up

    def printed_status(self, goal: Goal) -> GoalStatus | None:
        """The goal's status as its heading shows it; None when statuses are not printed, and
        for a goal not assessed or not followed up, which would only say that nobody has."""
        status = goal.current_status
        if not self.statuses or not status.followed_up:
            return None
        return None if status.status == FollowUpStatus.NOT_ASSESSED else status

    def focus_area_of(self, goal: Goal) -> PlanFocusArea:
        """The plan focus area a goal of the report belongs to, without a query."""
        return self._focus_areas[goal.plan_focus_area_id]

    @cached_property
    def _focus_areas(self) -> dict[int, PlanFocusArea]:
        return {pfa.pk: pfa for pfa in self.plan.plan_focus_areas.all()}


def plan_report(*, user: Actor | None, key: str, statuses: bool = True) -> PlanReport:
    """The plan with the given key as the user may see it; raises Plan.DoesNotExist otherwise.

    Loads in a fixed number of queries, whatever the size of the plan: the
    plan's own (`plan_detail`), one per level of the organisation above
    its unit, and one for the organisation chart when the plan shows it.
    `statuses` is PlanReport.statuses.
    """
    plan = plan_detail(user=user, key=key)
    # The plan's unit first, then upwards to the top of the organisation.
    chain = [plan.unit, *reversed(unit_ancestors(unit=plan.unit))]
    municipality = next((u for u in chain if u.kind == UnitKind.MUNICIPALITY), None)
    contact = next((u for u in chain if u.has_contact), None)
    logo = unit_logo(next((u for u in chain if u.logo), None))
    return PlanReport(
        plan=plan,
        summary=with_round(plan_status_summary(plan=plan), plan=plan),
        goals=plan_goals(plan=plan),
        municipality=municipality,
        contact=contact,
        statuses=statuses,
        logo=logo,
        organisation_chart=plan_organisation_chart(plan=plan),
    )


def follow_ups_about(goal: Goal, index: int) -> list[FollowUp]:
    """Follow-ups about the goal's criterion at `index` (from 0), else those about the whole goal.

    A follow-up that names no criterion speaks about the goal as a whole, and
    so about each of its criteria.
    """
    follow_ups = list(goal.follow_ups.all())
    named = [f for f in follow_ups if index in f.criterion_indexes]
    return named or [f for f in follow_ups if not f.criterion_indexes]


def latest(follow_ups: list[FollowUp]) -> FollowUp | None:
    """The most recent follow-up: the latest date, and the last written among equal dates."""
    if not follow_ups:
        return None
    order = {id(f): n for n, f in enumerate(follow_ups)}
    return max(follow_ups, key=lambda f: (f.date or date.min, order[id(f)]))
