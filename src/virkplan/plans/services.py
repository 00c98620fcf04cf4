"""Every change to plans, goals, criteria and follow-ups: checked, atomic and recorded.

Each service takes the acting user, checks the roles (plans.permissions),
validates the row (`full_clean`) and writes in one transaction; history is
recorded by django-simple-history on every save. Edits of an existing row
take the version the user saw and refuse with EditConflict when the row has
changed since, so concurrent edits never silently overwrite each other.
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import user_roles

from . import history, permissions
from .models import (
    MAX_PERIOD_YEARS,
    Criterion,
    FocusArea,
    FollowUp,
    FollowUpRound,
    Goal,
    Plan,
    PlanEvent,
    PlanFocusArea,
    PlanStatus,
    Section,
)
from .selectors import focus_area_attachable, goals_responsible_to
from .workflow import transition_between

Row = TypeVar("Row", bound=models.Model)

# Error messages, shared with the tests.
MSG_NOT_ALLOWED = gettext_lazy("You do not have a role that allows this.")
MSG_CONFLICT = gettext_lazy(
    "Someone else changed this while you were editing it. Nothing of yours was saved: "
    "compare the two texts, then save again."
)
MSG_PLAN_LOCKED = gettext_lazy(
    "The plan is %(status)s and cannot be changed. Start a new revision to change it."
)
MSG_DELETE_CONFLICT = gettext_lazy(
    "Someone else changed this after you opened it, so nothing was deleted. "
    "Look at it again before you delete it."
)
MSG_FOCUS_AREA_SHARED = gettext_lazy(
    "The focus area is shared with other plans, so its title and shared text cannot be "
    "changed here; change what it means for your unit instead."
)
MSG_FOCUS_AREA_ELSEWHERE = gettext_lazy(
    "A plan can only include focus areas set by its own unit or a unit above it."
)
MSG_RESPONSIBLE_OUTSIDE = gettext_lazy("The responsible unit must be %(unit)s or a unit under it.")
MSG_COMMENT_REQUIRED = gettext_lazy("Say why the plan is returned: the comment is required.")
MSG_FOUR_EYES = gettext_lazy(
    "You submitted this plan for approval, so another approver must approve it."
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(str(MSG_NOT_ALLOWED))


def _locked_plan(plan_id: int) -> Plan:
    """The plan, locked for the rest of the transaction (so status checks hold while we write)."""
    return Plan.objects.select_for_update().select_related("unit").get(pk=plan_id)


def _save(row: Row, *, exclude: Iterable[str] = ()) -> Row:
    row.full_clean(exclude=list(exclude))
    row.save()
    return row


def _update_versioned(
    model: type[Row], *, pk: int, expected_version: int, check: Callable[[Row], None], fields: dict
) -> Row:
    """Lock the row, refuse if its version moved on, apply the fields, bump the version."""
    row = model._default_manager.select_for_update().get(pk=pk)
    check(row)
    if row.version != expected_version:  # type: ignore[attr-defined]
        raise EditConflict(str(MSG_CONFLICT), current=row)
    for name, value in fields.items():
        setattr(row, name, value)
    row.version += 1  # type: ignore[attr-defined]
    return _save(row)


def _check_version(model: type[Row], *, pk: int, expected_version: int | None) -> None:
    """Before a delete: refuse if the row changed since the user looked at it."""
    if expected_version is None:
        return
    row = model._default_manager.select_for_update().get(pk=pk)
    if row.version != expected_version:  # type: ignore[attr-defined]
        raise EditConflict(str(MSG_DELETE_CONFLICT), current=row)


def _next_position(queryset: models.QuerySet) -> int:
    last = queryset.aggregate(models.Max("position"))["position__max"]
    return 0 if last is None else last + 1


def _ensure_editable(user: Any, plan: Plan) -> None:
    if plan.status not in permissions.EDITABLE_STATUSES:
        raise NotAllowed(str(MSG_PLAN_LOCKED) % {"status": plan.get_status_display()})
    _require(permissions.can_edit_plan(user, plan))


# Plans ------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, user: Any, unit: Unit, title: str, start_year: int, end_year: int, kind: str = ""
) -> Plan:
    """A new, empty draft plan for the unit."""
    _require(permissions.can_create_plan(user, unit.pk))
    plan = Plan(unit=unit, title=title, start_year=start_year, end_year=end_year)
    if kind:
        plan.kind = kind
    _check_period(start_year, end_year)
    return _save(plan)


def _check_period(start_year: int, end_year: int) -> None:
    if end_year < start_year:
        raise DomainError(_("The period cannot end before it starts."))
    if end_year - start_year >= MAX_PERIOD_YEARS:
        raise DomainError(_("A plan covers at most %(years)s years.") % {"years": MAX_PERIOD_YEARS})


@transaction.atomic
def plan_update(*, user: Any, plan: Plan, expected_version: int, **fields: Any) -> Plan:
    """Change the plan's title, period or introductions."""
    allowed = {"title", "start_year", "end_year", "focus_area_intro", "follow_up_intro", "kind"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"plan_update cannot change {sorted(unknown)}")
    if "start_year" in fields or "end_year" in fields:
        _check_period(
            fields.get("start_year", plan.start_year), fields.get("end_year", plan.end_year)
        )
    return _update_versioned(
        Plan,
        pk=plan.pk,
        expected_version=expected_version,
        check=lambda row: _ensure_editable(user, row),
        fields=fields,
    )


@transaction.atomic
def plan_transition(*, user: Any, plan: Plan, to_status: str, comment: str = "") -> Plan:
    """Move the plan along its workflow, or refuse the move with a reason.

    Approving a revision archives the plan it revises, so one approved version
    of a plan is current at a time.
    """
    plan = _locked_plan(plan.pk)
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
    PlanEvent.objects.create(
        plan=plan,
        from_status=plan.status,
        to_status=to_status,
        user=_user_or_none(user),
        comment=comment,
    )
    plan.status = to_status
    plan.version += 1
    _save(plan)
    if to_status == PlanStatus.APPROVED and plan.revision_of_id:
        superseded = _locked_plan(plan.revision_of_id)
        if superseded.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
            PlanEvent.objects.create(
                plan=superseded,
                from_status=superseded.status,
                to_status=PlanStatus.ARCHIVED,
                user=_user_or_none(user),
                comment=_("Replaced by revision %(revision)s.") % {"revision": plan.revision},
            )
            superseded.status = PlanStatus.ARCHIVED
            superseded.version += 1
            _save(superseded)
    return plan


def _user_or_none(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def plan_start_revision(*, user: Any, plan: Plan) -> Plan:
    """A new draft copy of an approved or published plan; the approved one stays as it is."""
    plan = _locked_plan(plan.pk)
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        raise DomainError(_("Only an approved or published plan gets a new revision."))
    _require(permissions.can_start_revision(user, plan))
    if plan.revisions.filter(status__in=(PlanStatus.DRAFT, PlanStatus.SUBMITTED)).exists():
        raise DomainError(_("The plan already has a revision being worked on."))
    copy = _copy_plan(plan, title=plan.title, start_year=plan.start_year, end_year=plan.end_year)
    copy.revision_of = plan
    copy.revision = plan.revision + 1
    _save(copy)
    _copy_content(plan, copy, goal_keys=None, continue_goals=True, copy_follow_ups=True)
    return copy


@transaction.atomic
def plan_copy_to_next_period(
    *,
    user: Any,
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
    for area in source.plan_focus_areas.select_related("focus_area"):
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
        goals = list(area.goals.prefetch_related("criteria", "follow_ups__criteria"))
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


@transaction.atomic
def plan_delete(*, user: Any, plan: Plan) -> None:
    """Delete a draft plan with its content; a plan that is not a draft is archived, never deleted.

    A draft that revises an approved plan goes without touching the approved one.
    """
    plan = _locked_plan(plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(str(MSG_DELETE_ONLY_DRAFTS) % {"status": plan.get_status_display()})
    _require(permissions.can_edit_plan(user, plan))
    plan.delete()


# Sections and focus areas -------------------------------------------------------------------


@transaction.atomic
def section_create(
    *, user: Any, plan: Plan, title: str, body: str = "", highlights: list[str] | None = None
) -> Section:
    plan = _locked_plan(plan.pk)
    _ensure_editable(user, plan)
    section = Section(
        plan=plan,
        title=title,
        body=body,
        highlights=list(highlights or []),
        position=_next_position(plan.sections.all()),
    )
    return _save(section)


@transaction.atomic
def section_update(
    *,
    user: Any,
    section: Section,
    expected_version: int,
    title: str,
    body: str,
    highlights: list[str] | None = None,
) -> Section:
    """Change a section's title and text; its highlights too when they are given."""
    plan = _locked_plan(section.plan_id)
    _ensure_editable(user, plan)
    fields: dict[str, Any] = {"title": title, "body": body}
    if highlights is not None:
        fields["highlights"] = list(highlights)
    return _update_versioned(
        Section,
        pk=section.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields=fields,
    )


@transaction.atomic
def plan_focus_area_add(
    *,
    user: Any,
    plan: Plan,
    title: str,
    tagline: str = "",
    body: str = "",
    unit_text: str = "",
    focus_area: FocusArea | None = None,
) -> PlanFocusArea:
    """Include a focus area in the plan: an existing shared one, or a new one of the unit's own."""
    plan = _locked_plan(plan.pk)
    _ensure_editable(user, plan)
    if focus_area is None:
        focus_area = _save(
            FocusArea(
                title=title,
                tagline=tagline,
                body=body,
                group="unit",
                set_by=plan.unit,
                start_year=plan.start_year,
                end_year=plan.end_year,
            )
        )
    elif plan.plan_focus_areas.filter(focus_area=focus_area).exists():
        raise DomainError(_("The focus area is already in the plan."))
    elif not focus_area_attachable(user=user, unit=plan.unit, focus_area=focus_area):
        raise NotAllowed(str(MSG_FOCUS_AREA_ELSEWHERE))
    area = PlanFocusArea(
        plan=plan,
        focus_area=focus_area,
        unit_text=unit_text,
        position=_next_position(plan.plan_focus_areas.all()),
    )
    return _save(area)


@transaction.atomic
def plan_focus_area_update(
    *,
    user: Any,
    area: PlanFocusArea,
    expected_version: int,
    unit_text: str,
    title: str | None = None,
    tagline: str | None = None,
    body: str | None = None,
) -> PlanFocusArea:
    """Change what the focus area means for this plan's unit (the shared text is the setter's).

    The title, tagline and shared text change too when given, but only for a
    focus area of the plan's unit's own that no other plan includes
    (permissions.can_edit_focus_area); the area's version guards them.
    """
    plan = _locked_plan(area.plan_id)
    _ensure_editable(user, plan)
    updated = _update_versioned(
        PlanFocusArea,
        pk=area.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields={"unit_text": unit_text},
    )
    shared = {"title": title, "tagline": tagline, "body": body}
    shared = {name: value for name, value in shared.items() if value is not None}
    if shared:
        focus_area = FocusArea.objects.select_for_update().get(pk=updated.focus_area_id)
        updated.focus_area = focus_area
        if not permissions.can_edit_focus_area(user, updated, plan):
            raise DomainError(str(MSG_FOCUS_AREA_SHARED))
        for name, value in shared.items():
            setattr(focus_area, name, value)
        _save(focus_area)
    return updated


# Goals and criteria ---------------------------------------------------------------------------


@transaction.atomic
def goal_create(
    *,
    user: Any,
    area: PlanFocusArea,
    statement: str,
    ref: str = "",
    parent: Goal | None = None,
    responsible_unit: Unit | None = None,
) -> Goal:
    """A new goal (or sub-goal) at the end of the focus area.

    Editors of a unit below the plan's unit may add goals only for their own unit.
    """
    plan = _locked_plan(area.plan_id)
    if plan.status not in permissions.EDITABLE_STATUSES:
        raise NotAllowed(str(MSG_PLAN_LOCKED) % {"status": plan.get_status_display()})
    _require(permissions.can_add_goals(user, plan))
    _check_responsible_unit(user, plan, responsible_unit)
    if parent is not None and parent.plan_focus_area_id != area.pk:
        raise DomainError(_("A sub-goal must be in the same focus area as its goal."))
    siblings = Goal.objects.filter(plan_focus_area=area, parent=parent)
    goal = Goal(
        plan_focus_area=area,
        statement=statement.strip(),
        ref=ref.strip(),
        parent=parent,
        responsible_unit=responsible_unit,
        position=_next_position(siblings),
    )
    return _save(goal)


def _check_responsible_unit(user: Any, plan: Plan, unit: Unit | None) -> None:
    """A goal's responsible unit is the plan's unit or under it.

    Editors of a unit under the plan's unit (not of the plan's unit itself)
    can only name a unit they edit, so they cannot give a goal away.
    """
    roles = user_roles(user)
    if not roles.has(Role.EDITOR, plan.unit_id):
        _require(unit is not None and roles.has(Role.EDITOR, unit.pk))
    if unit is None or unit.pk == plan.unit_id:
        return
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    current = parents.get(unit.pk)
    while current is not None and current != plan.unit_id:
        current = parents.get(current)
    if current is None:
        raise DomainError(str(MSG_RESPONSIBLE_OUTSIDE) % {"unit": plan.unit.name})


@transaction.atomic
def goal_update(
    *,
    user: Any,
    goal: Goal,
    expected_version: int,
    statement: str,
    ref: str = "",
    responsible_unit: Unit | None = None,
) -> Goal:
    plan = _locked_plan(goal.plan_focus_area.plan_id)

    def check(row: Goal) -> None:
        _require(permissions.can_edit_goal(user, row, plan))
        new_unit_id = responsible_unit.pk if responsible_unit is not None else None
        if row.responsible_unit_id != new_unit_id:
            _check_responsible_unit(user, plan, responsible_unit)

    return _update_versioned(
        Goal,
        pk=goal.pk,
        expected_version=expected_version,
        check=check,
        fields={
            "statement": statement.strip(),
            "ref": ref.strip(),
            "responsible_unit": responsible_unit,
        },
    )


@transaction.atomic
def goal_delete(*, user: Any, goal: Goal, expected_version: int | None = None) -> None:
    """Delete the goal with its sub-goals, criteria and follow-ups (history keeps them).

    With `expected_version`, refuse with EditConflict if the goal changed since.
    """
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    _check_version(Goal, pk=goal.pk, expected_version=expected_version)
    for sub in goal.subgoals.all():
        goal_delete(user=user, goal=sub)
    goal.delete()


@transaction.atomic
def criterion_create(*, user: Any, goal: Goal, text: str, **target: Any) -> Criterion:
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    criterion = Criterion(
        goal=goal, text=text.strip(), position=_next_position(goal.criteria.all()), **target
    )
    return _save(criterion)


@transaction.atomic
def criterion_update(
    *, user: Any, criterion: Criterion, expected_version: int, text: str, **target: Any
) -> Criterion:
    goal = criterion.goal
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    return _update_versioned(
        Criterion,
        pk=criterion.pk,
        expected_version=expected_version,
        check=lambda row: None,
        fields={"text": text.strip(), **target},
    )


@transaction.atomic
def criterion_delete(
    *, user: Any, criterion: Criterion, expected_version: int | None = None
) -> None:
    goal = criterion.goal
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_edit_goal(user, goal, plan))
    _check_version(Criterion, pk=criterion.pk, expected_version=expected_version)
    criterion.delete()


@transaction.atomic
def row_move(*, user: Any, row: Section | PlanFocusArea | Goal | Criterion, offset: int) -> None:
    """Move a row up (-1) or down (+1) among its siblings, keeping positions 0, 1, 2, ..."""
    siblings: models.QuerySet
    if isinstance(row, Section):
        plan = _locked_plan(row.plan_id)
        _ensure_editable(user, plan)
        siblings = Section.objects.filter(plan=plan)
    elif isinstance(row, PlanFocusArea):
        plan = _locked_plan(row.plan_id)
        _ensure_editable(user, plan)
        siblings = PlanFocusArea.objects.filter(plan=plan)
    elif isinstance(row, Goal):
        plan = _locked_plan(row.plan_focus_area.plan_id)
        _require(permissions.can_edit_goal(user, row, plan))
        siblings = Goal.objects.filter(plan_focus_area=row.plan_focus_area_id, parent=row.parent_id)
    else:
        plan = _locked_plan(row.goal.plan_focus_area.plan_id)
        _require(permissions.can_edit_goal(user, row.goal, plan))
        siblings = Criterion.objects.filter(goal=row.goal_id)
    ordered: list[Any] = list(siblings.order_by("position", "id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == row.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


@transaction.atomic
def row_delete(
    *, user: Any, row: Section | PlanFocusArea, expected_version: int | None = None
) -> None:
    """Delete a section, or take a focus area (with its goals) out of the plan."""
    plan = _locked_plan(row.plan_id)
    _ensure_editable(user, plan)
    _check_version(type(row), pk=row.pk, expected_version=expected_version)
    row.delete()


# Follow-up ------------------------------------------------------------------------------------


@transaction.atomic
def follow_up_round_start(*, user: Any, plan: Plan, on: date | None = None) -> FollowUpRound:
    plan = _locked_plan(plan.pk)
    _require(permissions.can_run_follow_up_round(user, plan))
    if plan.follow_up_rounds.filter(finished_at__isnull=True).exists():
        raise DomainError(_("A follow-up round is already open for this plan."))
    return _save(
        FollowUpRound(plan=plan, date=on or timezone.localdate(), started_by=_user_or_none(user))
    )


@transaction.atomic
def follow_up_round_finish(*, user: Any, round: FollowUpRound) -> FollowUpRound:
    plan = _locked_plan(round.plan_id)
    _require(permissions.can_run_follow_up_round(user, plan))
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if not round.is_open:
        raise DomainError(_("The follow-up round is already finished."))
    round.finished_at = timezone.now()
    round.finished_by = _user_or_none(user)
    return _save(round)


@transaction.atomic
def follow_up_create(
    *,
    user: Any,
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


@transaction.atomic
def follow_up_update(
    *,
    user: Any,
    follow_up: FollowUp,
    expected_version: int,
    status: str,
    text: str,
    criteria: Iterable[Criterion] | None = None,
) -> FollowUp:
    goal = follow_up.goal
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_follow_up_goal(user, goal, plan))
    updated = _update_versioned(
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


@transaction.atomic
def follow_up_delete(
    *, user: Any, follow_up: FollowUp, expected_version: int | None = None
) -> None:
    """Delete a follow-up; with `expected_version`, only if nobody changed it since."""
    goal = follow_up.goal
    plan = _locked_plan(goal.plan_focus_area.plan_id)
    _require(permissions.can_follow_up_goal(user, goal, plan))
    _check_version(FollowUp, pk=follow_up.pk, expected_version=expected_version)
    follow_up.delete()


# Reorganisation -------------------------------------------------------------------------------


@transaction.atomic
def goals_move_to_unit(
    *, user: Any, source: Unit, target: Unit, goal_keys: Iterable[str] | None = None
) -> int:
    """Give goals the source unit is responsible for to its successor unit.

    The source is responsible for the goals that name it, and for the goals
    without a responsible unit in its own plans. All of them move, or only
    those in `goal_keys` (a reorganisation may split a unit's goals among
    several successors). The goals keep their plans, criteria, follow-ups
    and history; only the responsible unit changes. Returns how many moved.
    """
    _require(
        permissions.can_reorganise(user, source.pk) and permissions.can_reorganise(user, target.pk)
    )
    if source.pk == target.pk:
        raise DomainError(_("Choose another unit to move the goals to."))
    # Lock only the goals: the query joins plans, and PostgreSQL cannot lock an outer join.
    goals_qs = Goal.objects.select_for_update(of=("self",)).filter(
        pk__in=goals_responsible_to(unit_id=source.pk).values("pk")
    )
    if goal_keys is not None:
        keys = set(goal_keys)
        if not keys:
            raise DomainError(_("Choose at least one goal to move."))
        goals_qs = goals_qs.filter(key__in=keys)
    goals = list(goals_qs)
    if goal_keys is not None and len(goals) != len(keys):
        raise DomainError(_("Only goals the unit is responsible for can be moved from it."))
    for goal in goals:
        goal.responsible_unit = target
        goal.version += 1
        goal.save()
    if not source.successors.filter(pk=target.pk).exists():
        source.successors.add(target)
    return len(goals)


# History -------------------------------------------------------------------------------------

MSG_FOLLOW_UP_CLOSED = gettext_lazy(
    "The plan is %(status)s: follow-ups can be changed only while it is approved or published."
)
MSG_RESTORE_PARENT_FIRST = gettext_lazy(
    "It belonged to a %(parent)s that has been deleted since: restore that first."
)
MSG_RESTORE_FOCUS_AREA_TAKEN = gettext_lazy("The plan already includes this focus area again.")
MSG_RESTORE_KEY_TAKEN = gettext_lazy("Another goal has taken this goal's key since it was deleted.")
# Rows deleted this long before (or just after) a goal or focus area, by the same user, count as
# deleted together with it (a delete cascades in one transaction) and come back with it.
RESTORE_CASCADE_WINDOW = timedelta(seconds=10)


@transaction.atomic
def history_restore(*, user: Any, record: Any, expected_version: int | None = None) -> Any:
    """Put a row back as it was in a historical `record`, and return the row.

    Restores a plan's own fields, a section, a focus area's text in a plan, a
    goal, a criterion or a follow-up, with the permission it takes to edit
    that row and only while its plan can be changed (follow-ups: while it can
    be followed up). The restore is a normal change: it bumps the row's
    version and is recorded in the history, marked as a restore of `record`.
    A deleted row is created again (a goal with its old key); a goal or focus
    area comes back with the rows deleted together with it. With
    `expected_version` (0 for a row that was deleted), refuse with
    EditConflict if the row changed since the user looked at it.
    """
    kind = history.kind_of(record)
    plan_id = history.record_plan_id(record)
    if plan_id is None:
        raise DomainError(str(MSG_RESTORE_PARENT_FIRST) % {"parent": _goal_label()})
    plan = _locked_plan(plan_id)
    row: Any = kind.model._default_manager.select_for_update().filter(pk=record.id).first()
    _check_restore_allowed(user, kind=kind, plan=plan, record=record, row=row)
    current_version = row.version if row is not None else 0
    if expected_version is not None and expected_version != current_version:
        raise EditConflict(str(MSG_CONFLICT), current=row)
    if row is None:
        return _recreate(user=user, kind=kind, record=record)
    for name in kind.restorable:
        attname = record._meta.get_field(name).attname
        setattr(row, attname, getattr(record, attname))
    if kind.model is Plan:
        _check_period(row.start_year, row.end_year)
    row.version += 1
    return _save_restored(row, user=user, record=record)


def _goal_label() -> str:
    return str(Goal._meta.verbose_name)


def _check_restore_allowed(user: Any, *, kind: Any, plan: Plan, record: Any, row: Any) -> None:
    if kind.model in (Plan, Section, PlanFocusArea):
        _ensure_editable(user, plan)
        return
    if kind.model is FollowUp:
        if plan.status not in permissions.FOLLOW_UP_STATUSES:
            raise NotAllowed(str(MSG_FOLLOW_UP_CLOSED) % {"status": plan.get_status_display()})
    elif plan.status not in permissions.EDITABLE_STATUSES:
        raise NotAllowed(str(MSG_PLAN_LOCKED) % {"status": plan.get_status_display()})
    if kind.model is Goal:
        goal = row if row is not None else record.instance
    else:
        goal = history.goal_or_last_version(record.goal_id)
    _require(history.may_restore(user, kind=kind, plan=plan, goal=goal))


def _save_restored(row: Row, *, user: Any, record: Any) -> Row:
    row._change_reason = f"{history.RESTORE_REASON}{record.history_id}"  # type: ignore[attr-defined]
    if getattr(user, "pk", None):
        row._history_user = user  # type: ignore[attr-defined]
    try:
        row.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), errors=exc.messages) from exc
    row.save(force_insert=row._state.adding)
    return row


def _recreate(*, user: Any, kind: Any, record: Any) -> Any:
    """Create a deleted row again as it was in `record`, with its old id (and key)."""
    row = record.instance
    model = kind.model
    if model is PlanFocusArea:
        if PlanFocusArea.objects.filter(plan=row.plan_id, focus_area=row.focus_area_id).exists():
            raise DomainError(str(MSG_RESTORE_FOCUS_AREA_TAKEN))
    elif model is Goal:
        if not PlanFocusArea.objects.filter(pk=row.plan_focus_area_id).exists():
            raise DomainError(
                str(MSG_RESTORE_PARENT_FIRST) % {"parent": PlanFocusArea._meta.verbose_name}
            )
        if row.parent_id and not Goal.objects.filter(pk=row.parent_id).exists():
            raise DomainError(str(MSG_RESTORE_PARENT_FIRST) % {"parent": _goal_label()})
        if row.continues_id and not Goal.objects.filter(pk=row.continues_id).exists():
            row.continues_id = None
        if Goal.objects.filter(key=row.key).exists():
            raise DomainError(str(MSG_RESTORE_KEY_TAKEN))
    elif model in (Criterion, FollowUp) and not Goal.objects.filter(pk=row.goal_id).exists():
        raise DomainError(str(MSG_RESTORE_PARENT_FIRST) % {"parent": _goal_label()})
    last_version = model.history.filter(id=record.id).aggregate(models.Max("version"))
    row.version = (last_version["version__max"] or 0) + 1
    restored = _save_restored(row, user=user, record=record)
    if model in (Goal, PlanFocusArea):
        _recreate_deleted_with(user=user, kind=kind, record=record)
    return restored


def _recreate_deleted_with(*, user: Any, kind: Any, record: Any) -> None:
    """Bring back the rows deleted in the same delete as the goal or focus area in `record`."""
    deletion = (
        kind.records()
        .filter(id=record.id, history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if deletion is None:
        return
    earliest = deletion.history_date - RESTORE_CASCADE_WINDOW
    latest = deletion.history_date + timedelta(seconds=1)
    children: list[tuple[Any, models.QuerySet]]
    if kind.model is PlanFocusArea:
        # Top-level goals; their sub-goals come back with them.
        goals = history.GOAL.records().filter(plan_focus_area_id=record.id, parent_id=None)
        children = [(history.GOAL, goals)]
    else:
        children = [
            (history.GOAL, history.GOAL.records().filter(parent_id=record.id)),
            (history.CRITERION, history.CRITERION.records().filter(goal_id=record.id)),
            (history.FOLLOW_UP, history.FOLLOW_UP.records().filter(goal_id=record.id)),
        ]
    for child_kind, records in children:
        last_records: dict[int, Any] = {}
        for child in records.order_by("history_date", "history_id"):
            last_records[child.id] = child
        for child in last_records.values():
            deleted_with_it = (
                child.history_type == "-"
                and earliest <= child.history_date <= latest
                and child.history_user_id == deletion.history_user_id
            )
            if deleted_with_it and not child_kind.model.objects.filter(pk=child.id).exists():
                _recreate(user=user, kind=child_kind, record=child)
