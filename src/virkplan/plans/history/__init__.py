"""The history of goals and plans: who changed what, when, read from django-simple-history.

Every editable row keeps its historical records (`Model.history`). A goal's
history is its own records with those of its criteria, follow-ups and
statuses (deleted ones too); a plan's history adds the plan row, its sections, its
focus-area texts and every goal in it. Both are read newest first, a page
at a time, in a number of queries that depends on the kinds of rows on the
page and never on the size of the plan: one union query lists the page,
then each historical model is read once for the page's rows and the
versions before them (which the differences are taken against).
"""

from .differences import DiffPart, FieldChange, display_value, field_changes, word_diff
from .listing import Change, GoalRef, HistoryPage, goal_history, plan_history
from .preview import RestorePreview, restore_preview
from .records import (
    ASSESSMENT,
    CRITERION,
    DELETE_REASON,
    FOCUS_AREA,
    FOLLOW_UP,
    FOLLOWED_UP,
    GOAL,
    GOAL_PARTS,
    KIND_BY_SLUG,
    KINDS,
    PAGE_SIZE,
    PLAN,
    RESTORE_REASON,
    SECTION,
    Kind,
    delete_batch,
    goal_or_last_version,
    kind_of,
    may_restore,
    record_for,
    record_goal_id,
    record_plan,
    record_plan_id,
)

__all__ = [
    "ASSESSMENT",
    "CRITERION",
    "DELETE_REASON",
    "FOCUS_AREA",
    "FOLLOWED_UP",
    "FOLLOW_UP",
    "GOAL",
    "GOAL_PARTS",
    "KINDS",
    "KIND_BY_SLUG",
    "PAGE_SIZE",
    "PLAN",
    "RESTORE_REASON",
    "SECTION",
    "Change",
    "DiffPart",
    "FieldChange",
    "GoalRef",
    "HistoryPage",
    "Kind",
    "RestorePreview",
    "delete_batch",
    "display_value",
    "field_changes",
    "goal_history",
    "goal_or_last_version",
    "kind_of",
    "may_restore",
    "plan_history",
    "record_for",
    "record_goal_id",
    "record_plan",
    "record_plan_id",
    "restore_preview",
    "word_diff",
]
