"""Who may read and change which projects: the same roles per unit as for the unit's plans.

Projects are internal: only signed-in users with a role see them. Whoever may
read a unit's unpublished plans may read its projects (plans.permissions.
visible_unit_ids); whoever may write the unit's plans (its editors) may write
its projects; approving an idea is for the unit's approvers, as approving a plan is.
"""

from django.utils.text import capfirst

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, user_roles
from virkplan.plans.permissions import visible_unit_ids

from .models import Project, ProjectStatus
from .workflow import targets_from


def project_unit_ids(user: Actor | None) -> set[int] | None:
    """Units whose projects the user may read; None means every unit, empty for anonymous."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return visible_unit_ids(user)


def may_see_projects(user: Actor | None) -> bool:
    """Whether the user may see any unit's projects: signed in, with a role somewhere."""
    units = project_unit_ids(user)
    return units is None or bool(units)


def can_view_project(user: Actor | None, project: Project) -> bool:
    units = project_unit_ids(user)
    return units is None or project.unit_id in units


def can_create_project(user: Actor, unit_id: int) -> bool:
    """The unit's editors (and those above them in rank): who may write its plans."""
    return user_roles(user).has(Role.EDITOR, unit_id)


def can_edit_project(user: Actor, project: Project) -> bool:
    return user_roles(user).has(Role.EDITOR, project.unit_id)


def status_role(target: str) -> Role:
    """The role that moves a project to `target`: approving an idea takes an approver."""
    return Role.APPROVER if target == ProjectStatus.APPROVED else Role.EDITOR


def can_move_project(user: Actor, project: Project, target: str) -> bool:
    return user_roles(user).has(status_role(target), project.unit_id)


def allowed_statuses(user: Actor, project: Project) -> list[tuple[str, str]]:
    """The statuses the user may move the project to, as (value, label)."""
    if not can_edit_project(user, project):
        return []
    return [
        (target, capfirst(str(ProjectStatus(target).label)))
        for target in targets_from(project.status)
        if can_move_project(user, project, target)
    ]
