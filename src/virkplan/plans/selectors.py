"""Read queries about plans that pages, exports and the API share.

Every function here loads what it returns in a fixed number of queries,
however large the plan is, and applies who may see what in one place.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR as SYSTEM_ACTOR
from virkplan.organisation.permissions import Actor
from virkplan.organisation.selectors import unit_authority_ids

from .goal_status import latest_assessments, status_of
from .models import (
    Criterion,
    FocusArea,
    FollowUp,
    FollowUpRound,
    Goal,
    Plan,
    PlanFocusArea,
)
from .permissions import (
    PUBLIC_STATUSES,
    visible_unit_ids,
)


def plans_visible_to(*, user: Actor | None) -> QuerySet[Plan]:
    """Plans the user may read: published and archived ones, and those of units they have a role in.

    See plans.permissions.visible_unit_ids for which units that is.
    """
    plans = Plan.objects.select_related("unit")
    units = visible_unit_ids(user)
    if units is None:
        return plans
    return plans.filter(Q(status__in=PUBLIC_STATUSES) | Q(unit_id__in=units))


@dataclass
class CurrentPlans:
    """What the front page shows of each unit: its current plans, and how many older ones."""

    by_unit: dict[int, list[Plan]]
    older: dict[int, int]


def current_plans(*, user: Actor | None) -> CurrentPlans:
    """Each unit's current plans the user may read: the newest and the one before it.

    A unit's plans are current when their period reaches the year before its
    newest plan's first year, so the plan being followed up stays beside the
    one being written. One query, however many years are stored: each plan is
    compared with its unit's newest by a window over the unit's plans (not a
    subquery for each plan), which also counts them; only the columns the front
    page shows are read.
    """
    by_unit_id = F("unit_id")
    current = (
        plans_visible_to(user=user)
        .select_related(None)
        .only("key", "title", "unit_id", "start_year", "end_year", "status")
        .annotate(
            newest=Window(Max("start_year"), partition_by=by_unit_id),
            total=Window(Count("pk"), partition_by=by_unit_id),
        )
        .filter(end_year__gte=F("newest") - 1)
        .order_by("unit_id", "-start_year", "title")
    )
    by_unit: dict[int, list[Plan]] = defaultdict(list)
    older: dict[int, int] = {}
    for plan in current:
        by_unit[plan.unit_id].append(plan)
        older[plan.unit_id] = plan.total - len(by_unit[plan.unit_id])
    return CurrentPlans(by_unit=dict(by_unit), older={k: n for k, n in older.items() if n})


def goals_visible_to(*, user: Actor | None) -> QuerySet[Goal]:
    """Goals in plans the user may read, with their plan, focus area and units joined."""
    return Goal.objects.filter(
        plan_focus_area__plan__in=plans_visible_to(user=user)
    ).select_related(
        "plan_focus_area__plan",
        "plan_focus_area__focus_area",
        "parent",
        "responsible_unit",
        "continues",
    )


def criteria_visible_to(*, user: Actor | None) -> QuerySet[Criterion]:
    """Success criteria of goals in plans the user may read, with their goal joined."""
    return Criterion.objects.filter(
        goal__plan_focus_area__plan__in=plans_visible_to(user=user)
    ).select_related("goal")


def follow_ups_visible_to(*, user: Actor | None) -> QuerySet[FollowUp]:
    """Follow-ups of goals in plans the user may read, with goal and plan joined and the
    criteria each speaks about prefetched."""
    return (
        FollowUp.objects.filter(goal__plan_focus_area__plan__in=plans_visible_to(user=user))
        .select_related("goal__plan_focus_area__plan")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.only("id", "goal_id")))
    )


def focus_areas_visible_to(*, user: Actor | None) -> QuerySet[FocusArea]:
    """Focus areas included in at least one plan the user may read."""
    included = PlanFocusArea.objects.filter(
        focus_area=OuterRef("pk"), plan__in=plans_visible_to(user=user)
    )
    return FocusArea.objects.filter(Exists(included)).select_related("set_by")


def focus_areas_attachable(*, user: Actor | None, unit: Unit) -> QuerySet[FocusArea]:
    """Focus areas a plan of `unit` may include, as far as `user` may know them.

    Those set by the unit, a unit above it or one of their boards (or by no
    unit; see organisation.selectors.unit_authority_ids), that are in a plan
    the user may see or in no plan at all: another unit's focus areas, and
    the texts of plans the user may not read, are never offered.
    """
    included = PlanFocusArea.objects.filter(focus_area=OuterRef("pk"))
    return FocusArea.objects.filter(
        Q(set_by__isnull=True) | Q(set_by_id__in=unit_authority_ids(unit_id=unit.pk))
    ).filter(Exists(included.filter(plan__in=plans_visible_to(user=user))) | ~Exists(included))


def focus_area_attachable(*, user: Actor | None, unit: Unit, focus_area: FocusArea) -> bool:
    return focus_areas_attachable(user=user, unit=unit).filter(pk=focus_area.pk).exists()


TIMESTAMPS = ("created_at", "updated_at")


def _goal_queryset(*, timestamps: bool) -> QuerySet[Goal]:
    """Goals with their criteria and follow-ups; `_annotate_follow_ups` adds which criteria
    each follow-up speaks about (one query of id pairs for all of them, not a related
    manager and criterion objects for each of a plan's hundreds of follow-ups).

    Without `timestamps` the rows' created and updated times are not read: only the API shows
    them, and reading two dates for each of a large plan's thousand rows is a quarter of its
    loading."""
    goals = Goal.objects.select_related("responsible_unit", "continues")
    criteria = Criterion.objects.order_by("position", "id")
    follow_ups = FollowUp.objects.order_by("position", "id")
    if not timestamps:
        goals, criteria, follow_ups = (
            goals.defer(*TIMESTAMPS),
            criteria.defer(*TIMESTAMPS),
            follow_ups.defer(*TIMESTAMPS),
        )
    return goals.prefetch_related(
        Prefetch("criteria", queryset=criteria),
        Prefetch("follow_ups", queryset=follow_ups),
        Prefetch("assessments", queryset=latest_assessments()),
    )


def attach_goal_tree(goals: Iterable[Goal]) -> list[Goal]:
    """Give each goal a `subgoal_list` and return the top-level goals, all in order."""
    goals = list(goals)
    children: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals:
        if goal.parent_id is not None:
            children[goal.parent_id].append(goal)
    for goal in goals:
        goal.subgoal_list = children.get(goal.pk, [])
    return [goal for goal in goals if goal.parent_id is None]


@dataclass
class FollowUpRow:
    """Criteria and the follow-ups that speak about them, printed side by side."""

    criteria: list[Criterion]
    follow_ups: list[FollowUp]


def follow_up_rows(goal: Goal) -> list[FollowUpRow]:
    """Pair a goal's criteria with its follow-ups for the two-column layout.

    Criteria that share a follow-up end up in one row, with every follow-up
    that speaks about any of them; rows follow the criteria's order. Criteria
    nobody followed up get a row of their own, and follow-ups about the goal
    as a whole come last.
    """
    criteria = list(goal.criteria.all())
    group = list(range(len(criteria)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    follow_ups = list(goal.follow_ups.all())
    for follow_up in follow_ups:
        indexes = follow_up.criterion_indexes
        for other in indexes[1:]:
            group[root(other)] = root(indexes[0])
    rows: dict[int, FollowUpRow] = {}
    for index, criterion in enumerate(criteria):
        rows.setdefault(root(index), FollowUpRow([], [])).criteria.append(criterion)
    whole_goal = FollowUpRow([], [])
    for follow_up in follow_ups:
        if follow_up.criterion_indexes:
            rows[root(follow_up.criterion_indexes[0])].follow_ups.append(follow_up)
        else:
            whole_goal.follow_ups.append(follow_up)
    result = list(rows.values())
    if whole_goal.follow_ups:
        result.append(whole_goal)
    return result


def _annotate_follow_ups(goals: list[Goal]) -> None:
    """Give each follow-up the ids and 0-based indexes of its criteria, and each goal its rows
    and its current status.

    The goals come from `_goal_queryset`; which criteria each follow-up speaks about is read
    in one query for all of them.
    """
    follow_ups = [follow_up for goal in goals for follow_up in goal.follow_ups.all()]
    criterion_ids: dict[int, list[int]] = defaultdict(list)
    if follow_ups:
        pairs = FollowUp.criteria.through.objects.filter(
            followup__goal_id__in=[goal.pk for goal in goals]
        ).values_list("followup_id", "criterion_id")
        for follow_up_id, criterion_id in pairs:
            criterion_ids[follow_up_id].append(criterion_id)
    for goal in goals:
        index_of = {criterion.pk: index for index, criterion in enumerate(goal.criteria.all())}
        for follow_up in goal.follow_ups.all():
            follow_up.criterion_ids = sorted(criterion_ids.get(follow_up.pk, ()))
            follow_up.criterion_indexes = sorted(
                index_of[pk] for pk in follow_up.criterion_ids if pk in index_of
            )
        goal.followup_rows = follow_up_rows(goal)
        goal.current_status = status_of(next(iter(goal.assessments.all()), None))


def _detailed(plans: QuerySet[Plan], *, timestamps: bool) -> QuerySet[Plan]:
    """The plans with sections, focus areas, goals, criteria and follow-ups prefetched."""
    return plans.select_related("unit__parent").prefetch_related(
        "sections",
        Prefetch(
            "plan_focus_areas",
            queryset=PlanFocusArea.objects.select_related(
                "focus_area", "focus_area__set_by"
            ).prefetch_related(Prefetch("goals", queryset=_goal_queryset(timestamps=timestamps))),
        ),
    )


def _attach_details(plans: list[Plan]) -> None:
    areas = [pfa for plan in plans for pfa in plan.plan_focus_areas.all()]
    _annotate_follow_ups([goal for pfa in areas for goal in pfa.goals.all()])
    for plan_focus_area in areas:
        plan_focus_area.top_goals = attach_goal_tree(plan_focus_area.goals.all())


def plan_detail(*, user: Actor | None, key: str, timestamps: bool = False) -> Plan:
    """One plan with sections, focus areas, goals, criteria and follow-ups loaded.

    The goals', criteria's and follow-ups' created and updated times are read only with
    `timestamps` (the API shows them; pages and documents do not).

    Each plan focus area gets `top_goals`; each goal `subgoal_list`; each
    follow-up `criterion_ids` and `criterion_indexes`. Raises Plan.DoesNotExist when the user may
    not see the plan.
    """
    plan = _detailed(plans_visible_to(user=user), timestamps=timestamps).get(key=key)
    _attach_details([plan])
    return plan


def plans_detail(*, plans: QuerySet[Plan]) -> list[Plan]:
    """The given plans (narrowed by the caller from `plans_visible_to`), each loaded as
    `plan_detail` loads one, in the queryset's order: in the same number of queries
    however many plans there are."""
    loaded = list(_detailed(plans, timestamps=False))
    _attach_details(loaded)
    return loaded


def plan_goals(*, plan: Plan) -> list[Goal]:
    """Every goal of a loaded plan (from plan_detail), in document order, sub-goals included."""
    ordered: list[Goal] = []

    def walk(goals: list[Goal]) -> None:
        for goal in goals:
            ordered.append(goal)
            walk(goal.subgoal_list)

    for plan_focus_area in plan.plan_focus_areas.all():
        walk(plan_focus_area.top_goals)
    return ordered


def goal_detail(*, user: Actor | None, key: str, timestamps: bool = False) -> Goal:
    """One goal, with its plan, criteria, follow-ups and sub-goals loaded (their created and
    updated times with `timestamps`, as for plan_detail)."""
    visible = plans_visible_to(user=user)
    goal = (
        _goal_queryset(timestamps=timestamps)
        .select_related(
            "plan_focus_area__plan__unit",
            "plan_focus_area__focus_area",
            "parent",
        )
        .prefetch_related("subgoals")
        .filter(plan_focus_area__plan__in=visible)
        .get(key=key)
    )
    _annotate_follow_ups([goal])
    return goal


def goal_lineage(*, user: Actor | None, goal: Goal) -> list[Goal]:
    """The goal's history across plans, oldest first: what it continues and what continues it.

    Follows the `continues` links both ways; the links form chains (a goal can
    be carried on by several goals when a plan splits it), so the walk covers
    the connected set. Only goals in plans the user may see are returned.
    Three queries however long the history: the goals, their follow-ups, their statuses.
    """
    lineage = (
        Goal.objects.filter(
            pk__in=RawSQL(_LINEAGE_SQL, [goal.pk]),  # noqa: S611 - fixed SQL, the key a parameter
            plan_focus_area__plan__in=plans_visible_to(user=user),
        )
        .select_related("plan_focus_area__plan__unit", "plan_focus_area__focus_area")
        .prefetch_related(
            Prefetch("follow_ups", FollowUp.objects.order_by("goal_id", "position", "id")),
            Prefetch("assessments", queryset=latest_assessments()),
        )
        .order_by()
    )
    for found in lineage:
        found.current_status = status_of(next(iter(found.assessments.all()), None))
    return sorted(
        lineage,
        key=lambda g: (g.plan_focus_area.plan.start_year, g.plan_focus_area.plan.end_year, g.pk),
    )


# Every goal linked to the given one by `continues` links, either way, in one recursive query
# (on PostgreSQL and SQLite alike); UNION, not UNION ALL, so a goal is visited once. Each step
# looks up only the goals next to those found (an index on each side of the OR), never the
# whole table's links.
_LINEAGE_SQL = f"""
WITH RECURSIVE lineage(id) AS (
    SELECT CAST(%s AS BIGINT)
    UNION
    SELECT CASE WHEN goal.id = lineage.id THEN goal.continues_id ELSE goal.id END
    FROM lineage JOIN {Goal._meta.db_table} AS goal
        ON goal.continues_id = lineage.id
        OR (goal.id = lineage.id AND goal.continues_id IS NOT NULL)
)
SELECT id FROM lineage
"""  # noqa: S608 - the table's name is the model's, never input


# Follow-up rounds and reorganisations ------------------------------------------------------


def goals_responsible_to(*, unit_id: int) -> QuerySet[Goal]:
    """Goals a unit answers for: those naming it responsible, and unassigned goals in its plans.

    The two kinds are found apart and put together by id: asked for as one condition with OR
    across the join to plans, PostgreSQL read every goal of the municipality (25 ms at
    Copenhagen's size against 5 ms).
    """
    named = Goal.objects.filter(responsible_unit_id=unit_id).order_by().values("pk")
    unassigned = (
        Goal.objects.filter(responsible_unit__isnull=True, plan_focus_area__plan__unit_id=unit_id)
        .order_by()
        .values("pk")
    )
    return Goal.objects.filter(pk__in=named.union(unassigned))


def follow_up_rounds(*, plan: Plan) -> list[FollowUpRound]:
    """The plan's follow-up rounds, newest first (at most one is open), in one query."""
    return list(
        FollowUpRound.objects.filter(plan=plan)
        .select_related("started_by", "finished_by")
        .order_by("-created_at", "-id")
    )


def round_follow_ups(goal: Goal, round: FollowUpRound) -> list[FollowUp]:
    """A loaded goal's follow-ups written in the round: those dated on or after its date."""
    return [f for f in goal.follow_ups.all() if f.date is not None and f.date >= round.date]


def round_progress(*, plan: Plan, round: FollowUpRound) -> tuple[int, int]:
    """How many of the plan's goals have a follow-up in the round, and how many goals there are."""
    goals = Goal.objects.filter(plan_focus_area__plan=plan)
    done = goals.filter(
        Exists(FollowUp.objects.filter(goal=OuterRef("pk"), date__gte=round.date))
    ).count()
    return done, goals.count()


def round_goals_not_followed_up(*, plan: Plan, round: FollowUpRound) -> list[Goal]:
    """The plan's goals without a follow-up in the round, in the plan's order, with their areas."""
    followed_up = Exists(FollowUp.objects.filter(goal=OuterRef("pk"), date__gte=round.date))
    return list(
        Goal.objects.filter(plan_focus_area__plan=plan)
        .exclude(followed_up)
        .select_related("plan_focus_area__focus_area")
        .order_by("plan_focus_area__position", "plan_focus_area_id", "position", "id")
    )


def previous_plan(*, user: Actor | None, plan: Plan) -> Plan | None:
    """The plan this one follows on from, as far as the user may see it; None when there is none.

    Candidates are the plans the user may see whose period ends before this plan
    starts, and that are either the plan of a goal this plan's goals continue
    (Goal.continues) or a plan of the unit or of a unit it took over from
    (Unit.predecessors, through earlier reorganisations too). The one most of the
    goals continue from wins; among equals, the latest. Draft revisions of other
    plans are not candidates: they are not a plan of their own. One query.
    """
    goals = Goal.objects.filter(plan_focus_area__plan_id=plan.pk).order_by()
    continued_plans = goals.filter(continues__isnull=False).values(
        "continues__plan_focus_area__plan_id"
    )
    continuing = (
        goals.filter(continues__plan_focus_area__plan_id=OuterRef("pk"))
        .values("plan_focus_area__plan_id")
        .annotate(goals=Count("pk"))
        .values("goals")
    )
    forerunners = RawSQL(_FORERUNNERS_SQL, [plan.unit_id])  # noqa: S611 - fixed SQL
    # The candidates are found first (each side of the OR by an index); only they are counted.
    return (
        plans_visible_to(user=user)
        .filter(end_year__lt=plan.start_year, revision_of__isnull=True)
        .filter(Q(pk__in=continued_plans) | Q(unit_id__in=forerunners))
        .exclude(pk=plan.pk)
        .annotate(continuing=Coalesce(Subquery(continuing), 0))
        .order_by("-continuing", "-end_year", "-start_year", "-pk")
        .first()
    )


# The unit and every unit it took over from, through any number of reorganisations, in one
# recursive query; UNION, not UNION ALL, so a unit is visited once even if the links loop.
_FORERUNNERS_SQL = f"""
WITH RECURSIVE forerunners(id) AS (
    SELECT CAST(%s AS BIGINT)
    UNION
    SELECT link.from_unit_id
    FROM forerunners JOIN {Unit.successors.through._meta.db_table} AS link
        ON link.to_unit_id = forerunners.id
)
SELECT id FROM forerunners
"""  # noqa: S608 - the table's name is the model's, never input
