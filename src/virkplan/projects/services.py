"""Every change to projects, their milestones and the goals they serve: checked, atomic, recorded.

Each service takes the acting user, checks the roles (projects.permissions),
validates the row (`full_clean`) and writes in one transaction; django-simple-
history records each save with its author. An edit of an existing row takes
the version the user saw and refuses with EditConflict when the row has
changed since, as the plan services do (plans.services.common).
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from virkplan.core.data_version import atomic_write, private_write
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor, recorded_user
from virkplan.plans.models import Goal
from virkplan.plans.selectors import goals_visible_to

from . import permissions, workflow
from .models import Milestone, Project, ProjectGoal, ProjectStatus

P = ParamSpec("P")
R = TypeVar("R")
Row = TypeVar("Row", bound=models.Model)

# Refusals, shared with the tests.
MSG_NOT_ALLOWED = gettext_lazy("You do not have a role that allows this.")
MSG_CONFLICT = gettext_lazy(
    "Someone else changed this while you were editing it. Nothing of yours was saved: "
    "compare the two texts, then save again."
)
MSG_DELETE_CONFLICT = gettext_lazy(
    "Someone else changed this after you opened it, so nothing was deleted. "
    "Look at it again before you delete it."
)
MSG_STATUS_NOT_ALLOWED = gettext_lazy("A project that is %(source)s cannot become %(target)s.")
MSG_STATUS_UNKNOWN = gettext_lazy("Choose a status in the list.")
MSG_GOAL_LINKED = gettext_lazy("The project already serves this goal.")
MSG_GOAL_NOT_LINKED = gettext_lazy("The project does not serve this goal.")
MSG_GOAL_UNKNOWN = gettext_lazy("There is no such goal that you may see.")
MSG_LEADER_UNKNOWN = gettext_lazy("There is no user “%(name)s” to lead the project.")

EDITABLE_FIELDS = frozenset(
    {"title", "description", "unit", "leader", "leader_name", "start_date", "end_date", "budget"}
)


def project_write(function: Callable[P, R]) -> Callable[P, R]:
    """`atomic_write` for a project service: no anonymous reader sees projects, so the pages kept
    for them stay valid."""

    @atomic_write
    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        private_write()
        return function(*args, **kwargs)

    return wrapper


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(str(MSG_NOT_ALLOWED))


def _save(row: Row, user: Actor) -> Row:
    row.full_clean()
    row._history_user = recorded_user(user)  # type: ignore[attr-defined]
    row.save()
    return row


def _delete(row: models.Model, user: Actor) -> None:
    row._history_user = recorded_user(user)  # type: ignore[attr-defined]
    row.delete()


def _locked(model: type[Row], pk: int, expected_version: int | None, message: Any) -> Row:
    """The row locked for the transaction; EditConflict when its version moved on."""
    row = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and row.version != expected_version:  # type: ignore[attr-defined]
        raise EditConflict(str(message), current=row)
    return row


def _leader_name(leader: Any, leader_name: str) -> str:
    # A user leads by their account; the name typed is for a leader who has none.
    return "" if leader is not None else leader_name.strip()


# Projects --------------------------------------------------------------------------------------


@project_write
def project_create(
    *,
    user: Actor,
    unit: Unit,
    title: str,
    description: str = "",
    leader: Any = None,
    leader_name: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    budget: Decimal | None = None,
    key: str = "",
) -> Project:
    """A new project of the unit, as an idea."""
    _require(permissions.can_create_project(user, unit.pk))
    project = Project(
        unit=unit,
        title=title.strip(),
        description=description.strip(),
        leader=leader,
        leader_name=_leader_name(leader, leader_name),
        start_date=start_date,
        end_date=end_date,
        budget=budget,
    )
    if key:
        project.key = key
    return _save(project, user)


@project_write
def project_update(
    *, user: Actor, project: Project, expected_version: int, **fields: Any
) -> Project:
    """Change the project's title, description, unit, leader, dates or budget."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"project_update cannot change {sorted(unknown)}")
    row = _locked(Project, project.pk, None, MSG_CONFLICT)
    _require(permissions.can_edit_project(user, row))
    if "unit" in fields:
        # Moving a project to another unit takes a role on both.
        _require(permissions.can_create_project(user, fields["unit"].pk))
    if row.version != expected_version:
        raise EditConflict(str(MSG_CONFLICT), current=row)
    if "leader" in fields or "leader_name" in fields:
        fields["leader_name"] = _leader_name(
            fields.get("leader", row.leader), fields.get("leader_name", row.leader_name)
        )
    for name, value in fields.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    row.version += 1
    return _save(row, user)


@project_write
def project_set_status(
    *, user: Actor, project: Project, status: str, expected_version: int | None = None
) -> Project:
    """Move the project to another status, or refuse the move with a reason."""
    row = _locked(Project, project.pk, None, MSG_CONFLICT)
    _require(permissions.can_view_project(user, row) and permissions.can_edit_project(user, row))
    if status not in ProjectStatus.values:
        raise DomainError(str(MSG_STATUS_UNKNOWN))
    if not workflow.is_allowed(row.status, status):
        raise DomainError(
            str(MSG_STATUS_NOT_ALLOWED)
            % {"source": row.status_label, "target": ProjectStatus(status).label}
        )
    _require(permissions.can_move_project(user, row, status))
    if expected_version is not None and row.version != expected_version:
        raise EditConflict(str(MSG_CONFLICT), current=row)
    row.status = status
    row.version += 1
    return _save(row, user)


def leader_by_username(username: str) -> Any:
    """The user called `username`, to lead a project; DomainError naming the name when none."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError(str(MSG_LEADER_UNKNOWN) % {"name": username})
    return user


# Milestones ------------------------------------------------------------------------------------


def _met_date(met: bool, met_date: date | None) -> date | None:
    if not met:
        return None
    return met_date or timezone.localdate()


@project_write
def milestone_create(
    *,
    user: Actor,
    project: Project,
    title: str,
    due_date: date,
    met: bool = False,
    met_date: date | None = None,
) -> Milestone:
    """A new milestone of the project."""
    row = _locked(Project, project.pk, None, MSG_CONFLICT)
    _require(permissions.can_edit_project(user, row))
    milestone = Milestone(
        project=row,
        title=title.strip(),
        due_date=due_date,
        met=met,
        met_date=_met_date(met, met_date),
    )
    return _save(milestone, user)


@project_write
def milestone_update(
    *,
    user: Actor,
    milestone: Milestone,
    expected_version: int,
    title: str,
    due_date: date,
    met: bool,
    met_date: date | None = None,
) -> Milestone:
    """Change a milestone's title or due date, or say whether (and when) it was met."""
    _locked(Project, milestone.project_id, None, MSG_CONFLICT)
    row = _locked(Milestone, milestone.pk, expected_version, MSG_CONFLICT)
    _require(permissions.can_edit_project(user, row.project))
    row.title = title.strip()
    row.due_date = due_date
    row.met = met
    row.met_date = _met_date(met, met_date)
    row.version += 1
    return _save(row, user)


@project_write
def milestone_delete(*, user: Actor, milestone: Milestone, expected_version: int) -> None:
    """Remove a milestone (its history stays)."""
    _locked(Project, milestone.project_id, None, MSG_CONFLICT)
    row = _locked(Milestone, milestone.pk, expected_version, MSG_DELETE_CONFLICT)
    _require(permissions.can_edit_project(user, row.project))
    _delete(row, user)


# Goals -----------------------------------------------------------------------------------------


@project_write
def project_goal_link(*, user: Actor, project: Project, goal: Goal) -> ProjectGoal:
    """Say that the project serves the goal (one the user may see)."""
    row = _locked(Project, project.pk, None, MSG_CONFLICT)
    _require(permissions.can_edit_project(user, row))
    if not goals_visible_to(user=user).filter(pk=goal.pk).exists():
        raise DomainError(str(MSG_GOAL_UNKNOWN))
    if ProjectGoal.objects.filter(project=row, goal=goal).exists():
        raise DomainError(str(MSG_GOAL_LINKED))
    return _save(ProjectGoal(project=row, goal=goal), user)


@project_write
def project_goal_unlink(*, user: Actor, project: Project, goal: Goal) -> None:
    """The project no longer serves the goal."""
    row = _locked(Project, project.pk, None, MSG_CONFLICT)
    _require(permissions.can_edit_project(user, row))
    link = ProjectGoal.objects.filter(project=row, goal=goal).first()
    if link is None:
        raise DomainError(str(MSG_GOAL_NOT_LINKED))
    _delete(link, user)
