"""Keeping the search index in step with the plans.

A plan's rows are made again, all of them, whenever the plan is written: that
is a handful of queries for a plan of any size, cheaper and surer than
working out which rows a change touched. The plan services mark the plans
they write (`search_mark`, from the lock every service takes) and, inside
their transaction, `search_reindexing` writes the marked plans' rows at the
end, so the index commits or rolls back with the change. Imports index each
plan they write (plans.content). `search_index_rebuild` makes every row again
(the `rebuild_search_index` command).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import count

from django.db import connection, transaction

from virkplan.core.bulk import rows_create

from ..models import Criterion, FollowUp, Goal, Plan, PlanFocusArea, Section
from . import text
from .models import SearchDocument, SearchKind

# Plans indexed in one go by a rebuild: their rows are held in memory together.
BATCH = 200
FIELDS = (
    "plan_id",
    "kind",
    "object_id",
    "goal_key",
    "position",
    "title",
    "body",
    "variants",
    "title_stems",
    "body_stems",
)

_PENDING: ContextVar[set[int] | None] = ContextVar("virkplan_search_pending", default=None)
_DEFERRED: ContextVar[set[int] | None] = ContextVar("virkplan_search_deferred", default=None)

# The full-text index on PostgreSQL, as migration 0004 makes it; a bulk load builds it anew.
_POSTGRESQL_INDEX = "plans_searchdocument_vector"
_POSTGRESQL_INDEX_SQL = (
    f"CREATE INDEX {_POSTGRESQL_INDEX} ON plans_searchdocument USING gin (vector) "
    "WITH (gin_pending_list_limit = 512)"
)


def search_mark(plan_id: int) -> None:
    """Say that the write running (under `search_reindexing`) changes the plan's content."""
    pending = _PENDING.get()
    if pending is not None:
        pending.add(plan_id)


@contextmanager
def _collecting(plans: ContextVar[set[int] | None]) -> Iterator[set[int] | None]:
    """The set the block's writes put plan ids in; None inside an outer block of the same
    kind, which collects them instead."""
    if plans.get() is not None:
        yield None
        return
    collected: set[int] = set()
    token = plans.set(collected)
    try:
        yield collected
    finally:
        plans.reset(token)


@contextmanager
def search_reindexing() -> Iterator[None]:
    """Index again, when the block ends without an error, the plans marked inside it.

    Inside another such block, the outer one indexes them.
    """
    with _collecting(_PENDING) as pending:
        yield
    if pending is not None:
        search_index_plans(pending)


@contextmanager
def search_deferred() -> Iterator[None]:
    """For a bulk load into a database without plans (`load_scale_demo`): the plans written
    inside the block are indexed together when it ends, and on PostgreSQL the full-text
    index is built once over all their rows instead of taking them one plan at a time (a
    third of the load's time at Copenhagen's size). A plan that several plans share a focus
    area with is indexed once, not once for each of them.
    """
    with _collecting(_DEFERRED) as deferred:
        yield
    if deferred is None:
        return
    ids = sorted(deferred)
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {_POSTGRESQL_INDEX}")
        for at in range(0, len(ids), BATCH):
            search_index_plans(ids[at : at + BATCH])
        if postgresql:
            # PostgreSQL builds no index over a table whose rows' deferred foreign-key
            # checks are still waiting: they are made now.
            connection.check_constraints()
            with connection.cursor() as cursor:
                cursor.execute(_POSTGRESQL_INDEX_SQL)


def search_index_plans(plan_ids: Iterable[int]) -> int:
    """Make the search rows of the plans again (none for a plan that is gone); how many.

    Inside `search_deferred`, only note the plans for its end."""
    ids = sorted(set(plan_ids))
    deferred = _DEFERRED.get()
    if deferred is not None:
        deferred.update(ids)
        return 0
    if not ids:
        return 0
    SearchDocument.objects.filter(plan_id__in=ids).delete()
    rows = list(_documents(ids))
    rows_create(SearchDocument, FIELDS, rows)
    return len(rows)


def search_index_rebuild() -> int:
    """Make every search row again, a batch of plans at a time; how many rows there are."""
    SearchDocument.objects.all().delete()
    ids = list(Plan.objects.order_by("pk").values_list("pk", flat=True))
    return sum(search_index_plans(ids[at : at + BATCH]) for at in range(0, len(ids), BATCH))


def _documents(plan_ids: list[int]) -> Iterator[tuple]:
    position = count()
    sections: dict[int, list[str]] = {}
    for plan_id, title, body in (
        Section.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "position", "pk")
        .values_list("plan_id", "title", "body")
    ):
        sections.setdefault(plan_id, []).extend((title, body))
    for plan_id, title, focus_intro, follow_up_intro in Plan.objects.filter(
        pk__in=plan_ids
    ).values_list("pk", "title", "focus_area_intro", "follow_up_intro"):
        body = _join(focus_intro, follow_up_intro, *sections.get(plan_id, []))
        yield _row(plan_id, SearchKind.PLAN, plan_id, "", next(position), title, body)
    for area_id, plan_id, title, tagline, shared, own in (
        PlanFocusArea.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "position", "pk")
        .values_list(
            "pk",
            "plan_id",
            "focus_area__title",
            "focus_area__tagline",
            "focus_area__body",
            "unit_text",
        )
    ):
        yield _row(
            plan_id,
            SearchKind.FOCUS_AREA,
            area_id,
            "",
            next(position),
            _join(title, tagline),
            _join(shared, own),
        )
    goal_rows = Goal.objects.filter(plan_focus_area__plan_id__in=plan_ids).order_by(
        "plan_focus_area__position", "position", "pk"
    )
    for goal_id, plan_id, key, statement in goal_rows.values_list(
        "pk", "plan_focus_area__plan_id", "key", "statement"
    ):
        yield _row(plan_id, SearchKind.GOAL, goal_id, key, next(position), statement, "")
    in_plans = {"goal__plan_focus_area__plan_id__in": plan_ids}
    for kind, model in ((SearchKind.CRITERION, Criterion), (SearchKind.FOLLOW_UP, FollowUp)):
        for row_id, plan_id, key, body in (
            model._default_manager.filter(**in_plans)
            .order_by("goal_id", "position", "pk")
            .values_list("pk", "goal__plan_focus_area__plan_id", "goal__key", "text")
        ):
            yield _row(plan_id, kind, row_id, key, next(position), "", body)


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _row(
    plan_id: int, kind: str, object_id: int, goal_key: str, position: int, title: str, body: str
) -> tuple:
    variants = text.variants(_join(title, body))
    title_stems = body_stems = ""
    if connection.vendor == "sqlite":
        title_stems = text.stems(_join(title, text.variants(title)))
        body_stems = text.stems(_join(body, text.variants(body)))
    return (
        plan_id,
        kind,
        object_id,
        goal_key,
        position,
        title,
        body,
        variants,
        title_stems,
        body_stems,
    )
