"""A goal's status as a whole: what it is now, where it comes from, and how to count goals by it.

A goal's current status is its latest assessment (plans.models.GoalAssessment), set
at a follow-up round; a goal never assessed is "not followed up". Pages, the
overview, documents and the API all ask here, so a goal has one status everywhere.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from virkplan.core.models import choice_label

from ..models import FollowUpStatus
from .models import GoalAssessment

NOT_FOLLOWED_UP = "not_followed_up"
"""The status of a goal never assessed: not one of FollowUpStatus's, as no one chose it."""
NOT_FOLLOWED_UP_LABEL = _("not followed up")

GOAL_STATUS_ORDER = [
    FollowUpStatus.MET.value,
    FollowUpStatus.PARTLY_MET.value,
    FollowUpStatus.IN_PROGRESS.value,
    FollowUpStatus.POSTPONED.value,
    FollowUpStatus.NOT_MET.value,
    FollowUpStatus.DROPPED.value,
    FollowUpStatus.NOT_ASSESSED.value,
    NOT_FOLLOWED_UP,
]
"""Every status a goal can be in, from done to not begun: the order of tables and charts."""

# How each status looks (Det Fælles Designsystem's badge variant and an icon of its sprite):
# the icon and the word say it, the colour only repeats it.
STATUS_LOOK: dict[str, tuple[str, str]] = {
    FollowUpStatus.MET.value: ("badge-success", "success"),
    FollowUpStatus.PARTLY_MET.value: ("badge-success", "checklist"),
    FollowUpStatus.IN_PROGRESS.value: ("badge-info", "hourglass"),
    FollowUpStatus.POSTPONED.value: ("badge-warning", "time"),
    FollowUpStatus.NOT_MET.value: ("badge-error", "error"),
    FollowUpStatus.DROPPED.value: ("vp-badge-neutral", "close"),
    FollowUpStatus.NOT_ASSESSED.value: ("vp-badge-neutral", "help"),
    NOT_FOLLOWED_UP: ("vp-badge-neutral", "minus"),
}


def goal_status_label(status: str) -> str:
    """A goal status's name in the active language ("delvist opfyldt", "ikke fulgt op")."""
    if status == NOT_FOLLOWED_UP:
        return str(NOT_FOLLOWED_UP_LABEL)
    return choice_label(FollowUpStatus, status)


def goal_status_choices() -> list[tuple[str, str]]:
    """The statuses a filter offers, in order, with their names."""
    return [(status, goal_status_label(status)) for status in GOAL_STATUS_ORDER]


def status_from_follow_ups(statuses: Iterable[str]) -> str:
    """The goal status a round's follow-up paragraphs agree on, when nobody set one.

    Paragraphs that all carry the same assessed status give it; any disagreement, or none
    assessed, gives "not assessed": a person must weigh the goal as a whole.
    """
    assessed = {s for s in statuses if s != FollowUpStatus.NOT_ASSESSED}
    if len(assessed) == 1:
        return assessed.pop()
    return FollowUpStatus.NOT_ASSESSED.value


@dataclass(frozen=True)
class GoalStatus:
    """A goal's current status, as the pages show it."""

    status: str
    date: datetime.date | None = None
    progress: int | None = None
    round_id: int | None = None

    @property
    def label(self) -> str:
        return goal_status_label(self.status)

    @property
    def look(self) -> tuple[str, str]:
        """Its badge's variant and icon."""
        return STATUS_LOOK[self.status]

    @property
    def followed_up(self) -> bool:
        return self.status != NOT_FOLLOWED_UP


NOT_YET = GoalStatus(NOT_FOLLOWED_UP)


@dataclass(frozen=True)
class StatusCount:
    """How many goals are in one status (the overview's cells, a red thread's years)."""

    status: str
    count: int

    @property
    def label(self) -> str:
        return goal_status_label(self.status)

    @property
    def look(self) -> tuple[str, str]:
        """Its badge's variant and icon, as a goal in the status has them."""
        return STATUS_LOOK[self.status]


def status_of(assessment: GoalAssessment | None) -> GoalStatus:
    if assessment is None:
        return NOT_YET
    return GoalStatus(
        status=assessment.status,
        date=assessment.date,
        progress=assessment.progress,
        round_id=assessment.round_id,
    )


def latest_assessments() -> QuerySet[GoalAssessment]:
    """Assessments newest first, as `Prefetch("assessments", ...)` takes them: the first of a
    goal's is its current status."""
    return GoalAssessment.objects.only(
        "id", "goal_id", "round_id", "date", "status", "progress", "version"
    ).order_by("goal_id", "-date", "-id")


def current_statuses(goal_ids: Iterable[int]) -> dict[int, GoalStatus]:
    """The current status of each goal (those never assessed are left out: NOT_YET).

    A query for every 5,000 goals: their assessments, newest first, the first of each kept.
    """
    found: dict[int, GoalStatus] = {}
    ids = list(goal_ids)
    for start in range(0, len(ids), 5000):
        for row in latest_assessments().filter(goal_id__in=ids[start : start + 5000]):
            if row.goal_id not in found:
                found[row.goal_id] = status_of(row)
    return found
