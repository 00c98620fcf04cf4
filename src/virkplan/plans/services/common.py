"""What every plan service shares: the refusal messages, the role and lock checks, saving with
validation, and the version check that turns concurrent edits into EditConflict."""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy

from virkplan.core.data_version import atomic_write, private_write
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.permissions import Actor

from .. import permissions, rules
from ..models import (
    Plan,
)
from ..search.indexing import search_mark, search_reindexing

Row = TypeVar("Row", bound=models.Model)
P = ParamSpec("P")
R = TypeVar("R")

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


def plan_write(function: Callable[P, R]) -> Callable[P, R]:
    """`atomic_write` for a service that writes plans: before it commits, the search rows of
    every plan it locked (`_locked_plan`) or marked (`search_mark`) are made again."""

    @atomic_write
    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with search_reindexing():
            return function(*args, **kwargs)

    return wrapper


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(str(MSG_NOT_ALLOWED))


def _locked_plan(plan_id: int, *, content: bool = True) -> Plan:
    """The plan, locked for the rest of the transaction (so status checks hold while we write);
    unless the service leaves its `content` (title, texts, focus areas, goals, criteria,
    follow-ups) as it is, marked to be searched as it is when the write ends."""
    if content:
        search_mark(plan_id)
    return Plan.objects.select_for_update().select_related("unit").get(pk=plan_id)


def _locked_content_plan(plan_id: int) -> Plan:
    """The plan whose own content (sections, goals, criteria, its focus areas' order) the
    service changes, locked; when no anonymous reader can see it, their pages stay valid."""
    plan = _locked_plan(plan_id)
    if plan.status not in permissions.PUBLIC_STATUSES:
        private_write()
    return plan


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


def _ensure_editable(user: Actor, plan: Plan) -> None:
    if plan.status not in permissions.EDITABLE_STATUSES:
        raise NotAllowed(str(MSG_PLAN_LOCKED) % {"status": plan.get_status_display()})
    _require(permissions.can_edit_plan(user, plan))


# Plans ------------------------------------------------------------------------------------


def _check_period(start_year: int, end_year: int) -> None:
    problems = rules.period_problems(start_year, end_year)
    if problems:
        raise DomainError(problems[0].message)
