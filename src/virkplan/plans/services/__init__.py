"""Every change to plans, goals, criteria and follow-ups: checked, atomic and recorded.

Each service takes the acting user, checks the roles (plans.permissions),
validates the row (`full_clean`) and writes in one transaction; history is
recorded by django-simple-history on every save. Edits of an existing row
take the version the user saw and refuse with EditConflict when the row has
changed since, so concurrent edits never silently overwrite each other.

One module per concern; callers use the names re-exported here.
"""

from .common import (
    MSG_COMMENT_REQUIRED,
    MSG_CONFLICT,
    MSG_DELETE_CONFLICT,
    MSG_FOCUS_AREA_ELSEWHERE,
    MSG_FOCUS_AREA_SHARED,
    MSG_FOUR_EYES,
    MSG_NOT_ALLOWED,
    MSG_PLAN_LOCKED,
    MSG_RESPONSIBLE_OUTSIDE,
)
from .editing import (
    criterion_create,
    criterion_delete,
    criterion_update,
    goal_create,
    goal_delete,
    goal_update,
    plan_focus_area_add,
    plan_focus_area_update,
    row_delete,
    row_move,
    section_create,
    section_update,
)
from .follow_up import (
    follow_up_create,
    follow_up_delete,
    follow_up_round_finish,
    follow_up_round_start,
    follow_up_update,
    goal_assess,
)
from .plans import (
    MSG_DELETE_ONLY_DRAFTS,
    plan_copy_to_next_period,
    plan_create,
    plan_delete,
    plan_start_revision,
    plan_transition,
    plan_update,
)
from .reorganisation import goals_move_to_unit
from .restore import (
    MSG_FOLLOW_UP_CLOSED,
    MSG_RESTORE_FOCUS_AREA_TAKEN,
    MSG_RESTORE_KEY_TAKEN,
    MSG_RESTORE_PARENT_FIRST,
    history_restore,
)

__all__ = [
    "MSG_COMMENT_REQUIRED",
    "MSG_CONFLICT",
    "MSG_DELETE_CONFLICT",
    "MSG_DELETE_ONLY_DRAFTS",
    "MSG_FOCUS_AREA_ELSEWHERE",
    "MSG_FOCUS_AREA_SHARED",
    "MSG_FOLLOW_UP_CLOSED",
    "MSG_FOUR_EYES",
    "MSG_NOT_ALLOWED",
    "MSG_PLAN_LOCKED",
    "MSG_RESPONSIBLE_OUTSIDE",
    "MSG_RESTORE_FOCUS_AREA_TAKEN",
    "MSG_RESTORE_KEY_TAKEN",
    "MSG_RESTORE_PARENT_FIRST",
    "criterion_create",
    "criterion_delete",
    "criterion_update",
    "follow_up_create",
    "follow_up_delete",
    "follow_up_round_finish",
    "follow_up_round_start",
    "follow_up_update",
    "goal_assess",
    "goal_create",
    "goal_delete",
    "goal_update",
    "goals_move_to_unit",
    "history_restore",
    "plan_copy_to_next_period",
    "plan_create",
    "plan_delete",
    "plan_focus_area_add",
    "plan_focus_area_update",
    "plan_start_revision",
    "plan_transition",
    "plan_update",
    "row_delete",
    "row_move",
    "section_create",
    "section_update",
]
