"""Who may read and change which plans: one place for every rule, used by views, API and services.

Roles are granted per unit and hold for the unit's subtree (see
organisation.permissions). A plan belongs to a unit; a goal may name a
responsible unit below it, whose editors may then write that goal.
"""

from django.conf import settings

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, user_roles

from .models import Goal, Plan, PlanFocusArea, PlanStatus
from .workflow import Transition, transitions_from

PUBLIC_STATUSES = (PlanStatus.PUBLISHED, PlanStatus.ARCHIVED)
# Plans whose content (sections, focus areas, goals, criteria) can be changed.
EDITABLE_STATUSES = (PlanStatus.DRAFT,)
# Plans that can be followed up: the approved plan during and after its period.
FOLLOW_UP_STATUSES = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)
# Plans that get a new draft revision when they are to be changed.
REVISABLE_STATUSES = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)


def visible_unit_ids(user: Actor | None) -> set[int] | None:
    """Units whose unpublished plans the user may read; None means every unit.

    A role on a unit lets its holder read the plans of that unit, of every unit
    below it (roles are inherited) and of the units above it (whose plans hold
    the goals the holder's unit is responsible for).
    """
    roles = user_roles(user)
    if roles.is_superuser:
        return None
    visible = set(roles.by_unit)
    for unit_id in list(visible):
        parent = roles.parents.get(unit_id)
        while parent is not None and parent not in visible:
            visible.add(parent)
            parent = roles.parents.get(parent)
    return visible


def can_view_plan(user: Actor, plan: Plan) -> bool:
    if plan.status in PUBLIC_STATUSES:
        return True
    units = visible_unit_ids(user)
    return units is None or plan.unit_id in units


def can_edit_plan(user: Actor, plan: Plan) -> bool:
    """Change the plan itself: title, sections, focus areas and every goal in it."""
    return plan.status in EDITABLE_STATUSES and user_roles(user).has(Role.EDITOR, plan.unit_id)


def can_open_plan_editor(user: Actor, plan: Plan) -> bool:
    """Open the plan's editing page: editors of the plan's unit or of a unit under it.

    Whatever the plan's status: on a plan that is not a draft the page shows
    how to start a new revision instead of edit controls.
    """
    return user_roles(user).has_below_or_on(Role.EDITOR, plan.unit_id)


def can_start_revision(user: Actor, plan: Plan) -> bool:
    """Start a new draft revision of an approved or published plan: its unit's editors."""
    return plan.status in REVISABLE_STATUSES and user_roles(user).has(Role.EDITOR, plan.unit_id)


def can_edit_focus_area(user: Actor, area: PlanFocusArea, plan: Plan) -> bool:
    """Change a focus area's own title and shared text from within a plan.

    Only a focus area of the plan's unit's own that no other plan includes: a
    shared one (set by the executive board, or kept by an earlier revision)
    reads the same in every plan, so a plan changes only its own text about it.
    """
    focus_area = area.focus_area
    return (
        can_edit_plan(user, plan)
        and focus_area.set_by_id == plan.unit_id
        and not focus_area.plan_focus_areas.exclude(pk=area.pk).exists()
    )


def can_add_goals(user: Actor, plan: Plan) -> bool:
    """Editors of the plan's unit, and of units below it (for goals they are responsible for)."""
    return plan.status in EDITABLE_STATUSES and user_roles(user).has_below_or_on(
        Role.EDITOR, plan.unit_id
    )


def can_edit_goal(user: Actor, goal: Goal, plan: Plan) -> bool:
    """The plan's editors, or editors of the unit responsible for the goal."""
    if plan.status not in EDITABLE_STATUSES:
        return False
    roles = user_roles(user)
    return roles.has(Role.EDITOR, plan.unit_id) or (
        goal.responsible_unit_id is not None and roles.has(Role.EDITOR, goal.responsible_unit_id)
    )


def can_follow_up_goal(user: Actor, goal: Goal, plan: Plan) -> bool:
    if plan.status not in FOLLOW_UP_STATUSES:
        return False
    roles = user_roles(user)
    return roles.has(Role.EDITOR, plan.unit_id) or (
        goal.responsible_unit_id is not None and roles.has(Role.EDITOR, goal.responsible_unit_id)
    )


def can_run_follow_up_round(user: Actor, plan: Plan) -> bool:
    return plan.status in FOLLOW_UP_STATUSES and user_roles(user).has(Role.EDITOR, plan.unit_id)


def can_create_plan(user: Actor, unit_id: int) -> bool:
    return user_roles(user).has(Role.EDITOR, unit_id)


def can_take_part_in_follow_up(user: Actor, plan: Plan) -> bool:
    """Open the plan's follow-up round: its editors, and editors below it (for their goals)."""
    return plan.status in FOLLOW_UP_STATUSES and user_roles(user).has_below_or_on(
        Role.EDITOR, plan.unit_id
    )


def allowed_transitions(user: Actor, plan: Plan) -> list[Transition]:
    """The workflow steps the user may take from the plan's status (the role of each step).

    Approval is not offered to whoever submitted the plan (see `is_own_submission`).
    """
    roles = user_roles(user)
    return [
        t
        for t in transitions_from(plan.status)
        if roles.has(t.role, plan.unit_id)
        and not (t.target == PlanStatus.APPROVED and is_own_submission(user, plan))
    ]


def is_own_submission(user: Actor, plan: Plan) -> bool:
    """Four eyes: the user submitted the plan now awaiting approval, so may not approve it.

    VIRKPLAN_FOUR_EYES (on by default) turns the rule off for one-person units.
    """
    if not settings.VIRKPLAN_FOUR_EYES or plan.status != PlanStatus.SUBMITTED:
        return False
    if not getattr(user, "pk", None):
        return False
    submission = (
        plan.events.filter(to_status=PlanStatus.SUBMITTED).order_by("-created_at", "-pk").first()
    )
    return submission is not None and submission.user_id == user.pk


def awaits_another_approver(user: Actor, plan: Plan) -> bool:
    """An approver who submitted the plan: the page says why approving is not offered."""
    return is_own_submission(user, plan) and user_roles(user).has(Role.APPROVER, plan.unit_id)


def can_view_workflow(user: Actor, plan: Plan) -> bool:
    """See the plan's workflow panel (status, steps, comments): a role that shows the plan."""
    if not getattr(user, "is_authenticated", False):
        return False
    units = visible_unit_ids(user)
    return units is None or plan.unit_id in units


def can_reorganise(user: Actor, unit_id: int) -> bool:
    """Move a unit's goals to another unit after a reorganisation: its administrators."""
    return user_roles(user).has(Role.ADMINISTRATOR, unit_id)


def can_view_history(user: Actor, plan: Plan) -> bool:
    """History shows drafts' texts, so it takes a role, even on a published plan."""
    units = visible_unit_ids(user)
    return units is None or plan.unit_id in units
