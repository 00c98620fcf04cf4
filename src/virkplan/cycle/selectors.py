"""A unit's cycle (its own activities and its parents'), each year's occurrences, whether
the plans show them done, and the deadlines that wait for a user."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import Actor, role_holders, user_roles
from virkplan.plans.models import FollowUpRound, Plan, PlanStatus

from .models import Activity, ActivityKind, CalendarFeedToken, calendar_address_hash

# A follow-up round counts for the occurrence whose deadline is this near its date.
FOLLOW_UP_WINDOW = timedelta(days=90)

# The statuses that show each kind done, on the unit's plan for the year.
DONE_STATUSES = {
    ActivityKind.DRAFT_PLAN: {
        PlanStatus.DRAFT,
        PlanStatus.SUBMITTED,
        PlanStatus.APPROVED,
        PlanStatus.PUBLISHED,
    },
    ActivityKind.SUBMIT: {PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED},
    ActivityKind.APPROVE: {PlanStatus.APPROVED, PlanStatus.PUBLISHED},
    ActivityKind.PUBLISH: {PlanStatus.PUBLISHED},
}


class DeadlineState:
    DONE = "done"
    OVERDUE = "overdue"
    DUE = "due"
    LATER = "later"


@dataclass(frozen=True)
class Occurrence:
    """One year's occurrence of an activity on one unit."""

    activity: Activity
    unit: Unit
    year: int
    start: date
    deadline: date
    done: bool
    plan: Plan | None

    @property
    def plan_year(self) -> int:
        return self.year + self.activity.plan_year_offset

    def state(self, on: date, due_within: int | None = None) -> str:
        days = settings.VIRKPLAN_REMINDER_DAYS_BEFORE if due_within is None else due_within
        if self.done:
            return DeadlineState.DONE
        if on > self.deadline:
            return DeadlineState.OVERDUE
        if on >= self.deadline - timedelta(days=days):
            return DeadlineState.DUE
        return DeadlineState.LATER

    @property
    def path(self) -> str:
        """The page where the work is done: the round, the plan, or the unit when no plan of
        its own or above it is there for the year."""
        if self.plan is None:
            return reverse("web:unit", args=[self.unit.key])
        if self.activity.kind == ActivityKind.FOLLOW_UP:
            return reverse("web:follow-up-round", args=[self.plan.key])
        if self.activity.kind in (ActivityKind.APPROVE, ActivityKind.SUBMIT, ActivityKind.PUBLISH):
            return reverse("web:plan", args=[self.plan.key]) + "#workflow"
        return reverse("web:plan", args=[self.plan.key])

    @property
    def key(self) -> str:
        return f"{self.activity.pk}:{self.unit.pk}:{self.year}:{self.deadline.isoformat()}"


def ancestors_and_self(unit_id: int) -> list[int]:
    """The unit and the units above it, nearest first (one query)."""
    return _chain(unit_id, dict(Unit.objects.values_list("pk", "parent_id")))


def activities_of(*, unit_id: int) -> list[Activity]:
    """The unit's cycle: its own activities and those of every unit above it, by date."""
    return list(
        Activity.objects.filter(unit_id__in=ancestors_and_self(unit_id)).select_related("unit")
    )


def _best_plan(plans: list[Plan]) -> Plan | None:
    """Of a unit's plans for a year, the one furthest along, the newest among equals."""
    rank = {status: index for index, status in enumerate(PlanStatus.values)}
    best = sorted(plans, key=lambda p: (rank[p.status], p.created_at), reverse=True)
    return best[0] if best else None


def occurrence(activity: Activity, unit: Unit, year: int) -> Occurrence:
    """One year's occurrence of the activity on the unit, done or not by the plan it concerns
    (`_occurrence_from`)."""
    chain = ancestors_and_self(unit.pk)
    return _occurrence_from(activity, unit, year, _plans_and_rounds(unit_ids=chain), chain)


@dataclass(frozen=True)
class _PlansAndRounds:
    """The units' plans (archived ones aside) and their finished rounds (the plan's years and
    the round's date), by unit."""

    plans: dict[int, list[Plan]]
    rounds: dict[int, list[tuple[int, int, date]]]


def _plans_and_rounds(*, unit_ids: Iterable[int]) -> _PlansAndRounds:
    """The units' plans and finished rounds (two queries)."""
    ids = list(unit_ids)
    plans: dict[int, list[Plan]] = {}
    for plan in Plan.objects.filter(unit_id__in=ids).exclude(status=PlanStatus.ARCHIVED):
        plans.setdefault(plan.unit_id, []).append(plan)
    rounds: dict[int, list[tuple[int, int, date]]] = {}
    finished = FollowUpRound.objects.filter(plan__unit_id__in=ids, finished_at__isnull=False)
    for unit_id, start, end, when in finished.values_list(
        "plan__unit_id", "plan__start_year", "plan__end_year", "date"
    ):
        rounds.setdefault(unit_id, []).append((start, end, when))
    return _PlansAndRounds(plans=plans, rounds=rounds)


def unit_occurrences(*, unit: Unit, year: int) -> list[Occurrence]:
    """The year's occurrences of the unit's cycle, by deadline."""
    found = [occurrence(activity, unit, year) for activity in activities_of(unit_id=unit.pk)]
    return sorted(found, key=lambda o: (o.deadline, o.activity.title))


def deadlines_for(*, user: Actor, on: date, years: Iterable[int] | None = None) -> list[Occurrence]:
    """The deadlines that are the user's: the occurrences of each activity on the units where
    the user's role is the activity's role, in the year of `on`, by deadline. The role is
    the permissions' (`user_roles`): granted on the unit or on a unit above it, the highest
    where several hold; grants only (a superuser may do everything but is not thereby
    everybody's approver). The reminders reach the same users (`holders_of_activity`).

    A fixed number of queries however many units and activities: the user's roles (the
    unit tree and the grants, none when the user's roles are already read); then, when
    any, the activities of those units and the units above them; then, when any activity
    is the user's, the units, their plans and their finished rounds."""
    roles = user_roles(user)
    held = roles.by_unit
    if not held:
        return []
    chains = {unit_id: _chain(unit_id, roles.parents) for unit_id in held}
    activities = list(
        Activity.objects.filter(
            unit_id__in={u for chain in chains.values() for u in chain},
            role__in={str(role) for role in held.values()},
        ).select_related("unit")
    )
    by_unit: dict[int, list[Activity]] = {}
    for activity in activities:
        by_unit.setdefault(activity.unit_id, []).append(activity)
    wanted = [
        (unit_id, activity)
        for unit_id, role in held.items()
        for owner in chains[unit_id]
        for activity in by_unit.get(owner, [])
        if activity.role == role
    ]
    if not wanted:
        return []
    chosen_years = list(years) if years is not None else [on.year]
    units = Unit.objects.in_bulk({unit_id for unit_id, _activity in wanted})
    read = _plans_and_rounds(unit_ids={u for unit_id in units for u in chains[unit_id]})
    found = [
        _occurrence_from(activity, units[unit_id], year, read, chains[unit_id])
        for unit_id, activity in wanted
        for year in chosen_years
    ]
    return sorted(found, key=lambda o: (o.deadline, o.unit.name, o.activity.title))


def _chain(unit_id: int, parents: Mapping[int, int | None]) -> list[int]:
    """The unit and the units above it, nearest first, from the tree's parent links."""
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def _plan_concerned(read: _PlansAndRounds, chain: Iterable[int], plan_year: int) -> Plan | None:
    """The plan an occurrence concerns: the unit's own plan for the year, else that of the
    nearest unit above it with one. A unit without a plan of its own (Forsyning, say) has
    its goals in its department's plan, and drafts and follows them up there."""
    for unit_id in chain:
        plan = _best_plan(
            [p for p in read.plans.get(unit_id, []) if p.start_year <= plan_year <= p.end_year]
        )
        if plan is not None:
            return plan
    return None


def _occurrence_from(
    activity: Activity,
    unit: Unit,
    year: int,
    read: _PlansAndRounds,
    chain: Iterable[int],
) -> Occurrence:
    """The occurrence, done or not, from the plans and finished rounds already read of the
    unit and the units above it (`chain`, nearest first): the one rule for both `occurrence`
    and `deadlines_for`. A free activity is never done."""
    deadline = activity.deadline_in(year)
    plan_year = year + activity.plan_year_offset
    plan = _plan_concerned(read, chain, plan_year)
    kind = ActivityKind(activity.kind)
    if plan is None or kind == ActivityKind.FREE:
        done = False
    elif kind == ActivityKind.FOLLOW_UP:
        done = any(
            start <= plan_year <= end
            and deadline - FOLLOW_UP_WINDOW <= when <= deadline + FOLLOW_UP_WINDOW
            for start, end, when in read.rounds.get(plan.unit_id, [])
        )
    else:
        done = plan.status in DONE_STATUSES[kind]
    return Occurrence(
        activity=activity,
        unit=unit,
        year=year,
        start=activity.start_in(year),
        deadline=deadline,
        done=done,
        plan=plan,
    )


@dataclass(frozen=True)
class Deadline:
    """An occurrence as a user's deadline on a day: its state, for the lists and the mails."""

    occurrence: Occurrence
    state: str

    @property
    def is_due(self) -> bool:
        return self.state == DeadlineState.DUE

    @property
    def is_overdue(self) -> bool:
        return self.state == DeadlineState.OVERDUE

    @property
    def is_done(self) -> bool:
        return self.state == DeadlineState.DONE


def deadline_list(*, user: Actor, on: date) -> list[Deadline]:
    """The user's deadlines this year, each with its state on the day."""
    return [Deadline(o, o.state(on)) for o in deadlines_for(user=user, on=on)]


def waiting_deadlines(*, user: Actor, on: date) -> list[Deadline]:
    """The user's deadlines due soon or passed and not done: last year's late ones too."""
    return [
        Deadline(o, o.state(on))
        for o in deadlines_for(user=user, on=on, years=[on.year - 1, on.year, on.year + 1])
        if o.state(on) in (DeadlineState.DUE, DeadlineState.OVERDUE)
        and o.deadline >= on - timedelta(days=OVERDUE_SHOWN_FOR)
    ]


# A deadline passed longer ago than this no longer waits in the digest or gets a reminder.
OVERDUE_SHOWN_FOR = 60


def holders_of_activity(*, activity: Activity, unit_id: int) -> list[User]:
    """The active users whose deadline the activity is on the unit: their role there, granted
    on it or on a unit above it, is the activity's (the rule of `deadlines_for`)."""
    return role_holders(role=Role(activity.role), unit_id=unit_id)


def units_under(unit_id: int) -> list[int]:
    """The unit and every unit under it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def calendar_address_of(*, user: Actor) -> CalendarFeedToken | None:
    """The user's working calendar address (its hash and date), or None."""
    return CalendarFeedToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()


def calendar_address_owner(*, secret: str) -> User | None:
    """The active user whose working calendar address has this secret; None for anything
    else (a wrong, revoked or empty one)."""
    if not secret:
        return None
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(hashed=calendar_address_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user
