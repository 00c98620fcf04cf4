"""The plan workflow as data: which status may follow which, who may move it, what it needs."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Role

from .models import PlanStatus


@dataclass(frozen=True)
class Transition:
    """One allowed step: from a status to another, by a role, with or without a comment."""

    source: PlanStatus
    target: PlanStatus
    role: Role
    label: Promise
    needs_comment: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(PlanStatus.DRAFT, PlanStatus.SUBMITTED, Role.EDITOR, _("Submit for approval")),
    Transition(PlanStatus.SUBMITTED, PlanStatus.DRAFT, Role.APPROVER, _("Return to draft"), True),
    Transition(PlanStatus.SUBMITTED, PlanStatus.APPROVED, Role.APPROVER, _("Approve")),
    Transition(PlanStatus.APPROVED, PlanStatus.PUBLISHED, Role.APPROVER, _("Publish")),
    Transition(PlanStatus.APPROVED, PlanStatus.ARCHIVED, Role.APPROVER, _("Archive")),
    Transition(PlanStatus.PUBLISHED, PlanStatus.ARCHIVED, Role.APPROVER, _("Archive")),
)


def transition_between(source: str, target: str) -> Transition | None:
    """The allowed step from `source` to `target`, or None when there is none."""
    for transition in TRANSITIONS:
        if transition.source == source and transition.target == target:
            return transition
    return None


def transitions_from(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]
