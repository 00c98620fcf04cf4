"""Plans and their workflow: create, update, submit, approve, revise, copy onward, delete drafts."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.errors import DomainError
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor, recorded_user, user_roles

from .. import history, permissions
from ..models import (
    Criterion,
    FollowUp,
    Goal,
    Plan,
    PlanEvent,
    PlanFocusArea,
    PlanStatus,
    Section,
)
from ..search.indexing import search_mark
from ..signals import plan_moved
from ..workflow import transition_between
from . import common
from .common import (
    MSG_COMMENT_REQUIRED,
    MSG_FOUR_EYES,
    _check_period,
    _ensure_editable,
    _locked_plan,
    _require,
    _save,
    plan_write,
)


@plan_write
def plan_create(
    *, user: Actor, unit: Unit, title: str, start_year: int, end_year: int, kind: str = ""
) -> Plan:
    """A new, empty draft plan for the unit."""
    _require(permissions.can_create_plan(user, unit.pk))
    plan = Plan(unit=unit, title=title, start_year=start_year, end_year=end_year)
    if kind:
        plan.kind = kind
    _check_period(start_year, end_year)
    _save(plan)
    search_mark(plan.pk)
    return plan


@plan_write
def plan_update(*, user: Actor, plan: Plan, expected_version: int, **fields: Any) -> Plan:
    """Change the plan's title, period or introductions."""
    allowed = {"title", "start_year", "end_year", "focus_area_intro", "follow_up_intro", "kind"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"plan_update cannot change {sorted(unknown)}")
    if "start_year" in fields or "end_year" in fields:
        _check_period(
            fields.get("start_year", plan.start_year), fields.get("end_year", plan.end_year)
        )
    search_mark(plan.pk)
    return common._update_versioned(
        Plan,
        pk=plan.pk,
        expected_version=expected_version,
        check=lambda row: _ensure_editable(user, row),
        fields=fields,
    )


@plan_write
def plan_transition(*, user: Actor, plan: Plan, to_status: str, comment: str = "") -> Plan:
    """Move the plan along its workflow, or refuse the move with a reason.

    Approving a revision archives the plan it revises, so one approved version
    of a plan is current at a time.
    """
    plan = _locked_plan(plan.pk, content=False)
    transition = transition_between(plan.status, to_status)
    if transition is None:
        raise DomainError(
            _("A plan that is %(source)s cannot become %(target)s.")
            % {"source": plan.get_status_display(), "target": PlanStatus(to_status).label}
        )
    _require(user_roles(user).has(transition.role, plan.unit_id))
    if to_status == PlanStatus.APPROVED and permissions.is_own_submission(user, plan):
        raise DomainError(str(MSG_FOUR_EYES))
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise DomainError(str(MSG_COMMENT_REQUIRED))
    event = PlanEvent.objects.create(
        plan=plan,
        from_status=plan.status,
        to_status=to_status,
        user=recorded_user(user),
        comment=comment,
    )
    plan.status = to_status
    plan.version += 1
    _save(plan)
    plan_moved.send(sender=Plan, event=event)
    if to_status == PlanStatus.APPROVED and plan.revision_of_id:
        superseded = _locked_plan(plan.revision_of_id, content=False)
        if superseded.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
            PlanEvent.objects.create(
                plan=superseded,
                from_status=superseded.status,
                to_status=PlanStatus.ARCHIVED,
                user=recorded_user(user),
                comment=_("Replaced by revision %(revision)s.") % {"revision": plan.revision},
            )
            superseded.status = PlanStatus.ARCHIVED
            superseded.version += 1
            _save(superseded)
    return plan


@plan_write
def plan_start_revision(*, user: Actor, plan: Plan) -> Plan:
    """A new draft copy of an approved or published plan; the approved one stays as it is."""
    plan = _locked_plan(plan.pk, content=False)
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        raise DomainError(_("Only an approved or published plan gets a new revision."))
    _require(permissions.can_start_revision(user, plan))
    if plan.revisions.filter(status__in=(PlanStatus.DRAFT, PlanStatus.SUBMITTED)).exists():
        raise DomainError(_("The plan already has a revision being worked on."))
    copy = _copy_plan(plan, title=plan.title, start_year=plan.start_year, end_year=plan.end_year)
    copy.revision_of = plan
    copy.revision = plan.revision + 1
    _save(copy)
    search_mark(copy.pk)
    _copy_content(plan, copy, goal_keys=None, continue_goals=True, copy_follow_ups=True)
    return copy


@plan_write
def plan_copy_to_next_period(
    *,
    user: Actor,
    plan: Plan,
    start_year: int,
    end_year: int,
    title: str,
    goal_keys: Iterable[str],
) -> Plan:
    """A draft plan for a later period with the chosen goals carried forward.

    Carried goals keep a link to the goals they continue, so a goal's history
    spans plans; their criteria are copied, their follow-ups are not (the new
    period has not been followed up). Sub-goals go with their parent goal.
    """
    _require(permissions.can_create_plan(user, plan.unit_id))
    _require(permissions.can_view_plan(user, plan))
    _check_period(start_year, end_year)
    if start_year <= plan.end_year:
        raise DomainError(_("The next period must start after %(year)s.") % {"year": plan.end_year})
    copy = _copy_plan(plan, title=title, start_year=start_year, end_year=end_year)
    _save(copy)
    search_mark(copy.pk)
    _copy_content(plan, copy, goal_keys=set(goal_keys), continue_goals=True, copy_follow_ups=False)
    return copy


def _copy_plan(plan: Plan, *, title: str, start_year: int, end_year: int) -> Plan:
    return Plan(
        unit=plan.unit,
        kind=plan.kind,
        title=title,
        start_year=start_year,
        end_year=end_year,
        status=PlanStatus.DRAFT,
        focus_area_intro=plan.focus_area_intro,
        follow_up_intro="",
    )


def _copy_content(
    source: Plan,
    target: Plan,
    *,
    goal_keys: set[str] | None,
    continue_goals: bool,
    copy_follow_ups: bool,
) -> None:
    for section in source.sections.all():
        Section.objects.create(
            plan=target,
            position=section.position,
            title=section.title,
            body=section.body,
            highlights=list(section.highlights),
        )
    # Read afresh, not through what the caller may have loaded: a plan from plan_detail holds
    # its goals' rows without their timestamps, and such rows cannot be saved as copies.
    for area in PlanFocusArea.objects.filter(plan=source).select_related("focus_area"):
        new_area = PlanFocusArea.objects.create(
            plan=target,
            focus_area=area.focus_area,
            position=area.position,
            unit_text=area.unit_text,
        )
        if (
            target.start_year < area.focus_area.start_year
            or target.end_year > area.focus_area.end_year
        ):
            focus_area = area.focus_area
            focus_area.start_year = min(focus_area.start_year, target.start_year)
            focus_area.end_year = max(focus_area.end_year, target.end_year)
            _save(focus_area)
        goals = list(
            Goal.objects.filter(plan_focus_area=area).prefetch_related(
                "criteria", "follow_ups__criteria"
            )
        )
        chosen = [g for g in goals if goal_keys is None or g.key in goal_keys]
        copies: dict[int, Goal] = {}
        for goal in sorted(chosen, key=lambda g: (g.parent_id is not None, g.position)):
            if goal.parent_id and goal.parent_id not in copies:
                continue
            copies[goal.pk] = _copy_goal(
                goal,
                new_area,
                parent=copies.get(goal.parent_id) if goal.parent_id else None,
                continue_goal=continue_goals,
                copy_follow_ups=copy_follow_ups,
            )


def _copy_goal(
    goal: Goal,
    area: PlanFocusArea,
    *,
    parent: Goal | None,
    continue_goal: bool,
    copy_follow_ups: bool,
) -> Goal:
    new_goal = Goal.objects.create(
        plan_focus_area=area,
        parent=parent,
        position=goal.position,
        ref=goal.ref,
        statement=goal.statement,
        responsible_unit=goal.responsible_unit,
        continues=goal if continue_goal else goal.continues,
    )
    criteria: dict[int, Criterion] = {}
    for criterion in goal.criteria.all():
        old_pk = criterion.pk
        criterion.pk = None
        criterion.id = None
        criterion._state.adding = True
        criterion.goal = new_goal
        criterion.version = 1
        criterion.save()
        criteria[old_pk] = criterion
    if copy_follow_ups:
        for follow_up in goal.follow_ups.all():
            linked = [criteria[c.pk] for c in follow_up.criteria.all() if c.pk in criteria]
            copy = FollowUp.objects.create(
                goal=new_goal,
                position=follow_up.position,
                date=follow_up.date,
                status=follow_up.status,
                text=follow_up.text,
            )
            copy.criteria.set(linked)
    return new_goal


MSG_DELETE_ONLY_DRAFTS = gettext_lazy(
    "The plan is %(status)s: only a draft can be deleted. Archive the plan instead; it stays "
    "readable with its history."
)


@plan_write
def plan_delete(*, user: Actor, plan: Plan) -> None:
    """Delete a draft plan with its content; a plan that is not a draft is archived, never deleted.

    A draft that revises an approved plan goes without touching the approved one.
    """
    plan = _locked_plan(plan.pk, content=False)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(str(MSG_DELETE_ONLY_DRAFTS) % {"status": plan.get_status_display()})
    _require(permissions.can_edit_plan(user, plan))
    with history.delete_batch():
        plan.delete()


# Sections and focus areas -------------------------------------------------------------------
