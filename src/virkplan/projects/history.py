"""A project's history as data: every change to it, its milestones and the goals it serves,
newest first, with who made it and each field's value before and after.

Read in a fixed number of queries (the records of the three tables, and the names of the
users, units and goals they point to), however long the history is.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.core.display import number
from virkplan.core.models import choice_label
from virkplan.organisation.models import Unit
from virkplan.plans.models import Goal

from .models import Milestone, Project, ProjectGoal, ProjectStatus

PROJECT_FIELDS = (
    "title",
    "description",
    "unit",
    "leader",
    "leader_name",
    "start_date",
    "end_date",
    "budget",
    "status",
)
MILESTONE_FIELDS = ("title", "due_date", "met", "met_date")
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One recorded change: when, by whom, to what, and how each field changed."""

    when: datetime
    user: str
    action: str  # created, changed, deleted
    kind: str
    subject: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return {"created": _("Created"), "changed": _("Changed"), "deleted": _("Deleted")}[
            self.action
        ]


class _Names:
    """The names of the users, units and goals the records point to, each read once."""

    def __init__(self, users: set[int], units: set[int], goals: set[int]) -> None:
        self.users = {
            user.pk: user.get_full_name() or user.get_username()
            for user in get_user_model().objects.filter(pk__in=users)
        }
        self.units = dict(Unit.objects.filter(pk__in=units).values_list("pk", "name"))
        self.goals = {
            goal.pk: str(goal)
            for goal in Goal.objects.filter(pk__in=goals).only("ref", "statement")
        }

    def user(self, pk: int | None) -> str:
        return self.users.get(pk, _("the system")) if pk else _("the system")


def _shown(name: str, value: Any, names: _Names) -> str:
    if value is None or value == "":
        return "–"
    if name == "unit":
        return names.units.get(value, "–")
    if name == "leader":
        return names.users.get(value, "–")
    if name == "status":
        return capfirst(choice_label(ProjectStatus, value))
    if name == "budget" and isinstance(value, Decimal):
        return _("%(amount)s kr.") % {"amount": number(value)}
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _attname(name: str) -> str:
    return f"{name}_id" if name in ("unit", "leader") else name


def _label(model: Any, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _changes_of(
    records: list[Any], model: Any, names_of: tuple[str, ...], names: _Names, kind: str, subject
) -> list[Change]:
    """The changes of one table's records: each compared with the record before it of its row."""
    changes = []
    previous: dict[int, Any] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        fields = []
        if record.history_type == "~" and before is not None:
            for name in names_of:
                old, new = getattr(before, _attname(name)), getattr(record, _attname(name))
                if old != new:
                    fields.append(
                        FieldChange(
                            _label(model, name), _shown(name, old, names), _shown(name, new, names)
                        )
                    )
        elif record.history_type == "+":
            for name in names_of:
                value = getattr(record, _attname(name))
                if value not in (None, "", False) and name not in ("title",):
                    fields.append(FieldChange(_label(model, name), "–", _shown(name, value, names)))
        previous[record.id] = record
        changes.append(
            Change(
                when=record.history_date,
                user=names.user(record.history_user_id),
                action=ACTIONS.get(record.history_type, "changed"),
                kind=kind,
                subject=subject(record),
                fields=fields,
            )
        )
    return changes


def project_history(*, project: Project) -> list[Change]:
    """Every change to the project, its milestones and its goals, newest first."""
    project_records = list(Project.history.filter(id=project.pk))
    milestone_records = list(Milestone.history.filter(project_id=project.pk))
    goal_records = list(ProjectGoal.history.filter(project_id=project.pk))
    users = {r.history_user_id for r in [*project_records, *milestone_records, *goal_records]}
    users |= {r.leader_id for r in project_records}
    names = _Names(
        {pk for pk in users if pk},
        {r.unit_id for r in project_records},
        {r.goal_id for r in goal_records},
    )
    changes = [
        *_changes_of(
            project_records, Project, PROJECT_FIELDS, names, _("Project"), lambda r: r.title
        ),
        *_changes_of(
            milestone_records, Milestone, MILESTONE_FIELDS, names, _("Milestone"), lambda r: r.title
        ),
        *_changes_of(
            goal_records,
            ProjectGoal,
            (),
            names,
            _("Goal served"),
            lambda r: names.goals.get(r.goal_id, _("a goal that was deleted")),
        ),
    ]
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes
