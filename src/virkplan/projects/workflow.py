"""A project's statuses and the moves between them: one table, one function that asks it."""

from .models import ProjectStatus

S = ProjectStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.IDEA: (S.APPROVED, S.CANCELLED),
    S.APPROVED: (S.IN_PROGRESS, S.PAUSED, S.CANCELLED),
    S.IN_PROGRESS: (S.PAUSED, S.DONE, S.CANCELLED),
    S.PAUSED: (S.IN_PROGRESS, S.CANCELLED),
    # A project done or cancelled can be taken up again.
    S.DONE: (S.IN_PROGRESS,),
    S.CANCELLED: (S.IDEA,),
}


def targets_from(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_allowed(source: str, target: str) -> bool:
    return target in targets_from(source)
