"""The scale data set: a Copenhagen-size organisation with ten years of plans, for measuring.

At full size: 216 units (the municipality, seven administrations, their
centres and the units under them), about 2,000 plans over 2016–2025 with
about 20 goals each, 5 success criteria a goal and 4 follow-ups a criterion;
goals carried on year to year, focus areas set by the municipality and the
administrations and shared by many plans, plans in every workflow status, and
two reorganisations (two units merged into one in 2020, a centre renamed in
2022). A smaller `fraction` makes a smaller organisation with plans of the
same shape. Everything is written through the services, as the server.
"""

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, reset_queries, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.errors import DomainError
from virkplan.organisation.models import Unit, UnitKind
from virkplan.organisation.services import UnitData, units_import
from virkplan.plans.importing import goals_link_continued, plan_import
from virkplan.plans.models import Plan, PlanStatus
from virkplan.plans.search.indexing import search_deferred
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.plans.services import (
    follow_up_round_finish,
    follow_up_round_start,
    plan_transition,
)

from . import scale_words as words
from .scale_plans import FIRST_YEAR, LAST_YEAR, PlanMaker, PlannedPlan, ScaleUnit, periods, slug

FULL_UNITS = 216
SIZES = {"full": 1.0, "medium": 0.25, "small": 0.05, "tiny": 0.02}
"""Named sizes: the fraction of the full data set's units each loads."""
MIN_UNITS = 5
MERGED_IN, RENAMED_IN = 2020, 2022

MSG_NOT_EMPTY = gettext_lazy(
    "The database already has %(plans)s plans; the scale data set is loaded only into a "
    "database without plans. Empty it with `virkplan flush` (which deletes everything), or "
    "point DATABASE_URL at a new database."
)
MSG_BAD_SIZE = gettext_lazy(
    "“%(size)s” is not a size; give a fraction above 0 and at most 1 (such as 0.05) or one of "
    "%(names)s."
)


def size_fraction(text: str) -> float:
    """The fraction a `--size` names: a number in (0, 1], or full, medium, small or tiny."""
    if text in SIZES:
        return SIZES[text]
    try:
        fraction = float(text)
    except ValueError:
        fraction = 0.0
    if not 0 < fraction <= 1:
        raise DomainError(str(MSG_BAD_SIZE) % {"size": text, "names": ", ".join(SIZES)})
    return fraction


@dataclass
class ScaleLoaded:
    """What `scale_load` wrote, and how long it took."""

    units: int = 0
    plans: int = 0
    focus_areas: int = 0
    goals: int = 0
    criteria: int = 0
    follow_ups: int = 0
    rounds: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def organisation(fraction: float) -> list[ScaleUnit]:
    """The units for the fraction: municipality, administrations, centres, units, reorganised."""
    total = max(MIN_UNITS, round(FULL_UNITS * fraction))
    n_admin = min(len(words.ADMINISTRATIONS), max(1, round(7 * fraction)))
    rest = total - 1 - n_admin
    # Two centres at least when there is room, so even a small set has both reorganisations.
    n_centres = max(n_admin + (1 if rest >= 5 else 0), round(rest * 35 / 208))
    n_units = max(0, rest - n_centres)
    top = ScaleUnit(words.MUNICIPALITY[0], words.MUNICIPALITY[1], UnitKind.MUNICIPALITY, -1)
    units = [top]
    admins = []
    for a in range(n_admin):
        name = words.ADMINISTRATIONS[a][0]
        admins.append(ScaleUnit(slug(name), name, UnitKind.DIRECTORATE, a, top.key))
    units += admins
    centres: list[ScaleUnit] = []
    renamed = n_centres >= 2
    for c in range(n_centres - (1 if renamed else 0)):
        admin = admins[c % n_admin]
        names = words.ADMINISTRATIONS[admin.administration][2]
        number = c // n_admin
        name = names[number % len(names)] + (
            f" {number // len(names) + 1}" if number >= len(names) else ""
        )
        centres.append(
            ScaleUnit(slug(name), name, UnitKind.DEPARTMENT, admin.administration, admin.key)
        )
    units += centres
    merged = n_units >= 3
    members: dict[str, list[ScaleUnit]] = {c.key: [] for c in centres}
    for u in range(n_units - (1 if merged else 0)):
        centre = centres[u % len(centres)]
        number = u // len(centres)
        patterns = words.ADMINISTRATIONS[centre.administration][3]
        kind_index = centres.index(centre) // n_admin
        district = words.DISTRICTS[
            (number + 6 * (kind_index // len(patterns))) % len(words.DISTRICTS)
        ]
        name = patterns[kind_index % len(patterns)].format(district=district)
        unit = ScaleUnit(slug(name), name, UnitKind.UNIT, centre.administration, centre.key)
        members[centre.key].append(unit)
        units.append(unit)
    if merged:
        _merge(units, members[centres[0].key])
    if renamed:
        _rename(units, centres[-1])
    _make_keys_unique(units)
    rng = random.Random(len(units))  # noqa: S311 - made-up data, not a secret
    for unit in units:
        unit.two_year_plans = unit.kind == UnitKind.UNIT and rng.random() < 0.12
        if unit.parent_key:
            next(u for u in units if u.key == unit.parent_key).children.append(unit.key)
    return units


def _merge(units: list[ScaleUnit], members: list[ScaleUnit]) -> None:
    """Two units merged into a new one from MERGED_IN."""
    first, second = members[0], members[1]
    name = f"{first.name} og {second.name.split(' ', 1)[-1]}"
    merged = ScaleUnit(slug(name), name, UnitKind.UNIT, first.administration, first.parent_key)
    merged.first_year, merged.predecessors = MERGED_IN, [first.key, second.key]
    for old in (first, second):
        old.last_year = MERGED_IN - 1
    units.append(merged)


def _rename(units: list[ScaleUnit], old: ScaleUnit) -> None:
    """A centre renamed from RENAMED_IN: a new unit that takes over its units and work."""
    name = f"{old.name} og Udvikling"
    new = ScaleUnit(slug(name), name, UnitKind.DEPARTMENT, old.administration, old.parent_key)
    new.first_year, new.predecessors = RENAMED_IN, [old.key]
    old.last_year = RENAMED_IN - 1
    for unit in units:
        if unit.parent_key == old.key:
            unit.parent_key = new.key
    units.append(new)


def _make_keys_unique(units: list[ScaleUnit]) -> None:
    seen: Counter = Counter()
    for unit in units:
        seen[unit.key] += 1
        if seen[unit.key] > 1:
            unit.key = f"{unit.key}-{seen[unit.key]}"
            unit.name = f"{unit.name} {seen[unit.key]}"


def unit_data(unit: ScaleUnit, by_key: dict[str, ScaleUnit]) -> UnitData:
    successors = [u.key for u in by_key.values() if unit.key in u.predecessors]
    contact = {"address": words.MUNICIPALITY[3] + ", 1599 København V"}
    if unit.kind == UnitKind.MUNICIPALITY:
        contact["web"] = words.MUNICIPALITY[2]
    return UnitData(
        key=unit.key,
        name=unit.name,
        kind=unit.kind,
        short_name=words.ADMINISTRATIONS[unit.administration][1]
        if unit.kind == UnitKind.DIRECTORATE
        else "",
        parent_key=unit.parent_key,
        valid_from=date(unit.first_year, 1, 1) if unit.first_year > FIRST_YEAR else None,
        valid_to=date(unit.last_year, 12, 31) if unit.last_year < LAST_YEAR else None,
        contact=contact,
        successor_keys=successors,
    )


def scale_load(
    *,
    fraction: float = 1.0,
    seed: int = 1,
    years: int = LAST_YEAR - FIRST_YEAR + 1,
    on_plan: Callable[[], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ScaleLoaded:
    """Load the data set into a database without plans; one transaction per year of plans.

    Refuses with DomainError when the database has plans. `on_total` hears how
    many plans will be loaded, `on_plan` each plan as it is written.
    """
    started = time.perf_counter()
    stored = Plan.objects.count()
    if stored:
        raise DomainError(str(MSG_NOT_EMPTY) % {"plans": stored})
    units = organisation(fraction)
    by_key = {unit.key: unit for unit in units}
    loaded = ScaleLoaded()
    loaded.units = units_import(user=SYSTEM_ACTOR, units=[unit_data(u, by_key) for u in units])
    stored_units = {u.key: u for u in Unit.objects.filter(key__in=by_key)}
    for unit in units:
        unit.pk = stored_units[unit.key].pk
    rng = random.Random(seed)  # noqa: S311 - made-up data, not a secret
    maker = PlanMaker(rng=rng, units=by_key, municipality_pk=units[0].pk)
    first_year = LAST_YEAR - years + 1
    schedule: dict[int, list[tuple[ScaleUnit, int, int]]] = {}
    for unit in units[1:]:
        for start, end in periods(unit, first_year):
            schedule.setdefault(start, []).append((unit, start, end))
    if on_total:
        on_total(sum(len(plans) for plans in schedule.values()))
    with search_deferred():
        for year in sorted(schedule):
            with transaction.atomic():
                _load_year(maker, schedule[year], stored_units, loaded, on_plan)
            reset_queries()
    # Statistics for the query planner, which would otherwise plan the pages' queries on
    # empty tables until autovacuum comes round (seconds instead of milliseconds).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    loaded.seconds = time.perf_counter() - started
    return loaded


def _load_year(
    maker: PlanMaker,
    plans: list[tuple[ScaleUnit, int, int]],
    stored_units: dict[str, Unit],
    loaded: ScaleLoaded,
    on_plan: Callable[[], None] | None,
) -> None:
    links = []
    for unit, start, end in plans:
        planned = maker.plan(unit, start, end, stored=stored_units[unit.key])
        if planned.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED, PlanStatus.ARCHIVED):
            planned.data.status = (
                PlanStatus.PUBLISHED if planned.status == PlanStatus.ARCHIVED else planned.status
            )
        written = plan_import(user=SYSTEM_ACTOR, data=planned.data)
        links.extend(written.continues)
        loaded.plans += 1
        loaded.focus_areas += written.focus_areas
        loaded.goals += written.goals
        loaded.criteria += written.criteria
        loaded.follow_ups += written.follow_ups
        loaded.rounds += _workflow(written.plan, planned)
        loaded.statuses[planned.status] += 1
        if on_plan:
            on_plan()
    goals_link_continued(links=links, goals_by_key={})


def _workflow(plan: Plan, planned: PlannedPlan) -> int:
    """The plan's follow-up rounds and its workflow after the import; returns the rounds held."""
    rounds = 0
    for on in planned.round_dates:
        held = follow_up_round_start(user=SYSTEM_ACTOR, plan=plan, on=on)
        follow_up_round_finish(user=SYSTEM_ACTOR, round=held)
        rounds += 1
    if planned.open_round:
        follow_up_round_start(user=SYSTEM_ACTOR, plan=plan, on=date(LAST_YEAR, 9, 30))
        rounds += 1
    if planned.status == PlanStatus.ARCHIVED:
        plan_transition(user=SYSTEM_ACTOR, plan=plan, to_status=PlanStatus.ARCHIVED)
    if planned.status == PlanStatus.SUBMITTED or planned.returned:
        plan_transition(user=SYSTEM_ACTOR, plan=plan, to_status=PlanStatus.SUBMITTED)
    if planned.returned:
        comment = words.RETURN_COMMENTS[plan.pk % len(words.RETURN_COMMENTS)]
        plan_transition(user=SYSTEM_ACTOR, plan=plan, to_status=PlanStatus.DRAFT, comment=comment)
    return rounds


def scale_summary(loaded: ScaleLoaded) -> str:
    """What was loaded, in a sentence."""
    statuses = ", ".join(
        f"{PlanStatus(status).label} {count}" for status, count in sorted(loaded.statuses.items())
    )
    return _(
        "Loaded %(units)s units, %(plans)s plans (%(statuses)s), %(focus_areas)s focus areas "
        "in plans, %(goals)s goals, %(criteria)s success criteria, %(follow_ups)s follow-ups "
        "and %(rounds)s follow-up rounds in %(seconds).1f seconds."
    ) % {**vars(loaded), "statuses": statuses}
