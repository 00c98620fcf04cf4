"""The red thread (den røde tråd): one focus area followed through every plan that includes it.

A thread is every focus area with the same title set by the same unit (or by none). The
executive board may set "Bo i Albertslund" once for several years (one row, its first to its
last year), or again for each period as a row of its own, with a text of its own; either way
the departments answer one subject year after year, and the thread holds every row. A row of
the same title set by another unit is another thread.

The reader sees only what the plans they may read hold: a row belongs to the thread they see
when a plan they may read includes it (selectors.focus_areas_visible_to), so the text of a
focus area written for drafts stays with the drafts, and a thread with no such row is not
found. Every function here loads what it returns in a fixed number of queries, however many
plans, goals and years the thread has.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor

from .goal_status import GOAL_STATUS_ORDER, NOT_YET, StatusCount, current_statuses
from .models import FocusArea, FocusAreaGroup, Goal, Plan, PlanFocusArea
from .selectors import attach_goal_tree, focus_areas_visible_to, plans_visible_to


def _period_label(start_year: int, end_year: int) -> str:
    return str(start_year) if start_year == end_year else f"{start_year}–{end_year}"


def _thread_of(area: FocusArea) -> tuple[str, int | None]:
    """What the rows of one thread share."""
    return area.title, area.set_by_id


def _newest_first(area: FocusArea) -> tuple[int, int, int]:
    return -area.end_year, -area.start_year, -area.pk


@dataclass
class ThreadUnit:
    """A unit's answers in one period: each plan's text about the focus area and its goals.

    Usually one plan; two when a draft revision of the unit's plan includes it too. Each
    answer's `top_goals` are in the plan's order, each goal with its `subgoal_list` and its
    `current_status`.
    """

    unit: Unit
    answers: list[PlanFocusArea] = field(default_factory=list)


@dataclass
class SharedText:
    """A row's shared text, with the years it was set for."""

    period_label: str
    body: str


@dataclass
class ThreadYear:
    """The plans of one period (a year, or several) that include the focus area, by unit."""

    start_year: int
    end_year: int
    units: list[ThreadUnit]
    shared: list[SharedText]
    """The texts of the rows these plans include, when the thread's texts differ from period
    to period; empty when the whole thread has one text (FocusAreaThread.body)."""

    @property
    def period_label(self) -> str:
        return _period_label(self.start_year, self.end_year)

    @property
    def goals(self) -> list[Goal]:
        """Every goal of the period's plans under the focus area, sub-goals too."""
        return [
            goal for unit in self.units for answer in unit.answers for goal in answer.goals.all()
        ]

    @property
    def statuses(self) -> list[StatusCount]:
        """How many of the period's goals are in each status, in the order of done to not
        begun; statuses no goal is in are left out."""
        counts: dict[str, int] = defaultdict(int)
        for goal in self.goals:
            counts[goal.current_status.status] += 1
        return [StatusCount(s, counts[s]) for s in GOAL_STATUS_ORDER if counts[s]]


@dataclass
class FocusAreaThread:
    """A focus area across the municipality: its rows, and the plans that answer it by year."""

    focus_area: FocusArea
    """The newest row: its title, tagline, origin and setter head the page."""
    rows: list[FocusArea]
    """Every row of the thread the reader may see, newest first."""
    years: list[ThreadYear]
    """Newest first; within a period, units by name."""
    body: str
    """The shared text when every row has the same one (or only one has a text), else ""."""

    @property
    def start_year(self) -> int:
        return min(row.start_year for row in self.rows)

    @property
    def end_year(self) -> int:
        return max(row.end_year for row in self.rows)

    @property
    def period_label(self) -> str:
        return _period_label(self.start_year, self.end_year)

    @property
    def answers(self) -> list[PlanFocusArea]:
        return [answer for year in self.years for unit in year.units for answer in unit.answers]

    @property
    def unit_count(self) -> int:
        return len({unit.unit.pk for year in self.years for unit in year.units})


def focus_area_thread(*, user: Actor | None, key: str) -> FocusAreaThread:
    """The thread of the focus area with the key, as far as the user may see it.

    Five queries however long the thread: the row, the thread's rows, the plans' texts about
    them (with plan and unit), their goals, and the goals' statuses. Raises
    FocusArea.DoesNotExist when no plan the user may read includes the row.
    """
    visible = focus_areas_visible_to(user=user)
    asked = visible.get(key=key)
    title, set_by_id = _thread_of(asked)
    same_setter = Q(set_by__isnull=True) if set_by_id is None else Q(set_by_id=set_by_id)
    rows = sorted(visible.filter(same_setter, title=title), key=_newest_first)
    answers = _answers(user=user, rows=rows)
    bodies = {row.body for row in rows if row.body.strip()}
    return FocusAreaThread(
        focus_area=rows[0],
        rows=rows,
        years=_by_year(answers, rows={row.pk: row for row in rows}, one_text=len(bodies) <= 1),
        body=bodies.pop() if len(bodies) == 1 else "",
    )


def _answers(*, user: Actor | None, rows: list[FocusArea]) -> list[PlanFocusArea]:
    """The texts of the plans the user may read about the rows, with their goals and statuses."""
    answers = list(
        PlanFocusArea.objects.filter(
            focus_area__in=[row.pk for row in rows], plan__in=plans_visible_to(user=user)
        )
        .select_related("plan__unit")
        # The plans' introductions are long and not shown here.
        .defer("plan__focus_area_intro", "plan__follow_up_intro")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("responsible_unit").order_by("position", "id"),
            )
        )
        .order_by()
    )
    goals = [goal for answer in answers for goal in answer.goals.all()]
    statuses = current_statuses(goal.pk for goal in goals)
    for goal in goals:
        goal.current_status = statuses.get(goal.pk, NOT_YET)
    for answer in answers:
        answer.top_goals = attach_goal_tree(answer.goals.all())
    return answers


def _by_year(
    answers: list[PlanFocusArea], *, rows: dict[int, FocusArea], one_text: bool
) -> list[ThreadYear]:
    periods: dict[tuple[int, int], dict[int, ThreadUnit]] = defaultdict(dict)
    included: dict[tuple[int, int], dict[int, FocusArea]] = defaultdict(dict)
    for answer in answers:
        plan: Plan = answer.plan
        period = (plan.start_year, plan.end_year)
        units = periods[period]
        units.setdefault(plan.unit_id, ThreadUnit(unit=plan.unit)).answers.append(answer)
        included[period][answer.focus_area_id] = rows[answer.focus_area_id]
    years = []
    for (start, end), units in sorted(periods.items(), key=lambda item: (-item[0][0], -item[0][1])):
        for unit in units.values():
            unit.answers.sort(key=lambda answer: (answer.plan.title, answer.plan.pk))
        shared = [] if one_text else sorted(included[start, end].values(), key=_newest_first)
        years.append(
            ThreadYear(
                start_year=start,
                end_year=end,
                units=sorted(units.values(), key=lambda u: (u.unit.name.casefold(), u.unit.pk)),
                shared=[
                    SharedText(_period_label(row.start_year, row.end_year), row.body)
                    for row in shared
                    if row.body.strip()
                ],
            )
        )
    return years


# The list of threads ---------------------------------------------------------------------


@dataclass
class ThreadSummary:
    """A thread in the list of focus areas: its newest row, its years, how many plans."""

    focus_area: FocusArea
    start_year: int
    end_year: int
    plans: int

    @property
    def period_label(self) -> str:
        return _period_label(self.start_year, self.end_year)


@dataclass
class ThreadGroup:
    """The threads of one origin, such as those the executive board set."""

    origin: str
    threads: list[ThreadSummary]


THREAD_ORIGINS = (FocusAreaGroup.EXECUTIVE_BOARD, FocusAreaGroup.POLITICAL, FocusAreaGroup.OTHER)
"""The origins the list shows, in its order. A unit's own focus areas are on its plans' pages:
at a large municipality's size they are thousands, each in one unit's plans."""


def focus_area_threads(*, user: Actor | None) -> list[ThreadGroup]:
    """The threads of shared focus areas the user may see, by origin; a focus area without
    an origin counts as "other". Newest first, then by title.

    One query: the rows with how many plans the user may read include each.
    """
    rows = (
        focus_areas_visible_to(user=user)
        .exclude(group=FocusAreaGroup.UNIT)
        .annotate(
            plan_count=Count(
                "plan_focus_areas",
                filter=Q(plan_focus_areas__plan__in=plans_visible_to(user=user)),
            )
        )
    )
    threads: dict[tuple[str, int | None], list[FocusArea]] = defaultdict(list)
    plan_counts: dict[int, int] = {}
    for row in rows:
        threads[_thread_of(row)].append(row)
        plan_counts[row.pk] = row.plan_count
    by_origin: dict[str, list[ThreadSummary]] = defaultdict(list)
    for members in threads.values():
        newest = min(members, key=_newest_first)
        origin = newest.group if newest.group in THREAD_ORIGINS else FocusAreaGroup.OTHER
        by_origin[origin].append(
            ThreadSummary(
                focus_area=newest,
                start_year=min(row.start_year for row in members),
                end_year=max(row.end_year for row in members),
                plans=sum(plan_counts[row.pk] for row in members),
            )
        )
    return [
        ThreadGroup(
            origin=origin,
            threads=sorted(
                by_origin[origin],
                key=lambda t: (-t.end_year, -t.start_year, t.focus_area.title.casefold()),
            ),
        )
        for origin in THREAD_ORIGINS
        if by_origin[origin]
    ]
