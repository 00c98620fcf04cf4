"""Following up: rounds, and each goal's follow-ups in them."""

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError
from virkplan.organisation.permissions import Actor, recorded_user

from .. import history, permissions
from ..goal_status import status_from_follow_ups
from ..models import (
    Criterion,
    FollowUp,
    FollowUpRound,
    Goal,
    GoalAssessment,
    Plan,
)
from . import common
from .common import (
    _check_version,
    _locked_plan,
    _next_position,
    _require,
    _save,
    plan_write,
)


@plan_write
def follow_up_round_start(*, user: Actor, plan: Plan, on: date | None = None) -> FollowUpRound:
    plan = _locked_plan(plan.pk, content=False)
    _require(permissions.can_run_follow_up_round(user, plan))
    if plan.follow_up_rounds.filter(finished_at__isnull=True).exists():
        raise DomainError(_("A follow-up round is already open for this plan."))
    return _save(
        FollowUpRound(plan=plan, date=on or timezone.localdate(), started_by=recorded_user(user))
    )


@plan_write
def follow_up_round_finish(*, user: Actor, round: FollowUpRound) -> FollowUpRound:
    plan = _locked_plan(round.plan_id, content=False)
    _require(permissions.can_run_follow_up_round(user, plan))
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if not round.is_open:
        raise DomainError(_("The follow-up round is already finished."))
    _assess_from_follow_ups(user, round)
    round.finished_at = timezone.now()
    round.finished_by = recorded_user(user)
    return _save(round)


def _assess_from_follow_ups(user: Actor, round: FollowUpRound) -> None:
    """Goals followed up in the round that nobody gave a status as a whole get the status
    their follow-ups agree on (plans.goal_status.status_from_follow_ups)."""
    assessed = GoalAssessment.objects.filter(round=round).values("goal_id")
    statuses: dict[int, list[str]] = {}
    rows = FollowUp.objects.filter(
        goal__plan_focus_area__plan_id=round.plan_id, date__gte=round.date
    ).exclude(goal_id__in=assessed)
    for goal_id, status in rows.values_list("goal_id", "status"):
        statuses.setdefault(goal_id, []).append(status)
    for goal_id, found in statuses.items():
        _save(
            GoalAssessment(
                goal_id=goal_id,
                round=round,
                date=round.date,
                status=status_from_follow_ups(found),
                assessed_by=recorded_user(user),
            )
        )


@plan_write
def goal_assess(
    *,
    user: Actor,
    goal: Goal,
    round: FollowUpRound,
    status: str,
    progress: int | None = None,
    expected_version: int = 0,
) -> GoalAssessment:
    """Set the goal's status as a whole in the open round, or change the one it has there.

    `expected_version` is the version of the goal's status in the round as the user saw it, 0
    when it had none: a change by someone else since is an EditConflict, nothing saved.
    """
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_follow_up_goal(user, goal, plan))
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round.plan_id != plan.pk or not round.is_open:
        raise DomainError(_("No follow-up round is open for this plan."))
    existing = GoalAssessment.objects.filter(goal=goal, round=round).first()
    if existing is None:
        return _save(
            GoalAssessment(
                goal=goal,
                round=round,
                date=round.date,
                status=status,
                progress=progress,
                assessed_by=recorded_user(user),
            )
        )
    return common._update_versioned(
        GoalAssessment,
        pk=existing.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields={"status": status, "progress": progress, "assessed_by": recorded_user(user)},
    )


@plan_write
def follow_up_create(
    *,
    user: Actor,
    goal: Goal,
    status: str,
    text: str,
    criteria: Iterable[Criterion] = (),
    on: date | None = None,
) -> FollowUp:
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_follow_up_goal(user, goal, plan))
    criteria = list(criteria)
    if any(c.goal_id != goal.pk for c in criteria):
        raise DomainError(_("A follow-up can only speak about its own goal's criteria."))
    follow_up = _save(
        FollowUp(
            goal=goal,
            status=status,
            text=text.strip(),
            date=on or timezone.localdate(),
            position=_next_position(goal.follow_ups.all()),
        )
    )
    follow_up.criteria.set(criteria)
    return follow_up


@plan_write
def follow_up_update(
    *,
    user: Actor,
    follow_up: FollowUp,
    expected_version: int,
    status: str,
    text: str,
    criteria: Iterable[Criterion] | None = None,
) -> FollowUp:
    goal = follow_up.goal
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_follow_up_goal(user, goal, plan))
    updated = common._update_versioned(
        FollowUp,
        pk=follow_up.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields={"status": status, "text": text.strip()},
    )
    if criteria is not None:
        criteria = list(criteria)
        if any(c.goal_id != goal.pk for c in criteria):
            raise DomainError(_("A follow-up can only speak about its own goal's criteria."))
        updated.criteria.set(criteria)
    return updated


@plan_write
def follow_up_delete(
    *, user: Actor, follow_up: FollowUp, expected_version: int | None = None
) -> None:
    """Delete a follow-up; with `expected_version`, only if nobody changed it since."""
    goal = follow_up.goal
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_follow_up_goal(user, goal, plan))
    _check_version(FollowUp, pk=follow_up.pk, expected_version=expected_version)
    with history.delete_batch():
        follow_up.delete()


# Reorganisation -------------------------------------------------------------------------------
