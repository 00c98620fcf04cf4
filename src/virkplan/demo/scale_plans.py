"""The plans of the scale data set, as the plan services' data (`PlanData`), made from word lists.

One `PlanMaker` per load draws every text and number from one seeded random
generator, in a fixed order, so the same seed makes the same plans.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from virkplan.organisation.models import Unit
from virkplan.plans.content import (
    CriterionData,
    FocusAreaData,
    FollowUpData,
    GoalData,
    PlanData,
    SectionData,
)
from virkplan.plans.models import FollowUpStatus, PlanKind, PlanStatus

from . import scale_words as words

FIRST_YEAR, LAST_YEAR = 2016, 2025
"""The data set's ten years; the last is the current year, with plans still being written."""

FINAL_OUTCOMES = (
    (FollowUpStatus.MET, 55),
    (FollowUpStatus.PARTLY_MET, 25),
    (FollowUpStatus.NOT_MET, 10),
    (FollowUpStatus.POSTPONED, 5),
    (FollowUpStatus.DROPPED, 5),
)
EARLY_OUTCOMES = (
    (FollowUpStatus.IN_PROGRESS, 80),
    (FollowUpStatus.PARTLY_MET, 10),
    (FollowUpStatus.MET, 5),
    (FollowUpStatus.POSTPONED, 5),
)
CURRENT_STATUSES = (
    (PlanStatus.DRAFT, 35),
    (PlanStatus.SUBMITTED, 25),
    (PlanStatus.APPROVED, 15),
    (PlanStatus.PUBLISHED, 25),
)
CURRENT_ROUNDS = 2
"""Follow-up rounds already held this year in a current plan that is approved or published."""


@dataclass
class ScaleUnit:
    """A unit of the data set: where it sits, which years it has plans for, whom it carries on."""

    key: str
    name: str
    kind: str
    administration: int
    """Index into scale_words.ADMINISTRATIONS (-1 for the municipality)."""
    parent_key: str | None = None
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR
    two_year_plans: bool = False
    predecessors: list[str] = field(default_factory=list)
    """Units merged or renamed into this one: its first plan carries their goals on."""
    children: list[str] = field(default_factory=list)
    pk: int = 0


@dataclass
class PlannedPlan:
    """One plan to load: its data, the status it ends in, and the dates of its follow-ups."""

    data: PlanData
    status: str
    returned: bool = False
    """A draft sent for approval and sent back with a comment."""
    round_dates: list[date] = field(default_factory=list)
    """Follow-up rounds held through the services: the current year's only (earlier follow-ups
    came in with the plans, as from the documents of the years before rounds were run)."""
    open_round: bool = False


def weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def slug(text: str) -> str:
    """A key from a Danish name: lower case, æøå spelled out, words joined by hyphens."""
    text = text.lower().translate(SPELLED_OUT)
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def periods(unit: ScaleUnit, first_year: int) -> list[tuple[int, int]]:
    """The unit's plan periods: one year each, or two years each from its first year."""
    start, last = max(unit.first_year, first_year), unit.last_year
    step = 2 if unit.two_year_plans else 1
    return [(year, min(year + step - 1, last)) for year in range(start, last + 1, step)]


class PlanMaker:
    """Makes each unit's plans; remembers each unit's last goals for its next plan to carry on."""

    def __init__(self, *, rng: random.Random, units: dict[str, ScaleUnit], municipality_pk: int):
        self.rng = rng
        self.units = units
        self.municipality_pk = municipality_pk
        self.last_goals: dict[str, list[tuple[str, str]]] = {}
        """Per unit: (key, statement) of the top goals of its latest plan."""
        self.partner_reasons = [
            reason.format(partner=partner)
            for reason in words.FOLLOW_UP_REASONS
            for partner in (words.PARTNERS if "{partner}" in reason else words.PARTNERS[:1])
        ]

    def plan(self, unit: ScaleUnit, start: int, end: int, *, stored: Unit) -> PlannedPlan:
        """The unit's plan for the period; `stored` is the unit's row, which the plan is for."""
        rng = self.rng
        key = f"{unit.key}-{start}" if start == end else f"{unit.key}-{start}-{end}"
        period = str(start) if start == end else f"{start}–{end}"
        is_unit = unit.kind == "unit"
        status, returned = self.status(end)
        topics = words.ADMINISTRATIONS[unit.administration][4]
        previous = self.carried_on(unit)
        focus_areas = self.focus_areas(unit, key, start, topics)
        top_goals: list[GoalData] = []
        for area in focus_areas:
            for _n in range(rng.randint(2, 4)):
                goal = self.goal(unit, topics, previous, len(top_goals), key, start)
                area.goals.append(goal)
                top_goals.append(goal)
        self.last_goals[unit.key] = [(g.key, g.statement) for g in top_goals]
        dates = self.follow_up_dates(start, end, status)
        for goal in top_goals:
            for sub in [goal, *goal.goals]:
                self.follow_ups(sub, dates)
        data = PlanData(
            key=key,
            kind=PlanKind.UNIT_PLAN if is_unit else PlanKind.DEPARTMENT_PLAN,
            title=f"{'Årsplan' if is_unit else 'Virksomhedsplan'} {period}",
            unit=stored,
            start_year=start,
            end_year=end,
            status=PlanStatus.DRAFT,
            focus_area_intro=self.sentences(words.SECTION_SENTENCES, 2, topics),
            follow_up_intro=self.sentences(words.SECTION_SENTENCES, 1, topics) if dates else "",
            sections=self.sections(topics),
            focus_areas=focus_areas,
        )
        current = end == LAST_YEAR
        open_round = current and status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED)
        return PlannedPlan(data, status, returned, dates if current else [], open_round)

    def status(self, end: int) -> tuple[str, bool]:
        """The status a plan ends in: mostly published in past years, all kinds this year."""
        rng = self.rng
        if end < LAST_YEAR:
            if rng.random() < 0.03:
                return PlanStatus.APPROVED, False
            archived = rng.random() < (0.25 if end <= FIRST_YEAR + 3 else 0.05)
            return (PlanStatus.ARCHIVED if archived else PlanStatus.PUBLISHED), False
        status = weighted(rng, CURRENT_STATUSES)
        return status, status == PlanStatus.DRAFT and rng.random() < 0.3

    def carried_on(self, unit: ScaleUnit) -> list[tuple[str, str]]:
        """The top goals of the unit's previous plan, or of the units it took over."""
        if unit.key in self.last_goals:
            return self.last_goals[unit.key]
        merged: list[tuple[str, str]] = []
        for key in unit.predecessors:
            merged.extend(self.last_goals.get(key, []))
        return merged

    def focus_areas(
        self, unit: ScaleUnit, plan_key: str, start: int, topics: tuple[str, ...]
    ) -> list[FocusAreaData]:
        rng = self.rng
        areas = []
        term = FIRST_YEAR + (start - FIRST_YEAR) // 4 * 4
        offered = [words.MUNICIPAL_FOCUS_AREAS[(term // 4 + n) % 7] for n in range(3)]
        for title, tagline, body in rng.sample(offered, rng.randint(1, 2)):
            areas.append(
                FocusAreaData(
                    key=f"kk-{term}-{slug(title)}",
                    title=title,
                    tagline=tagline,
                    group="political",
                    set_by_id=self.municipality_pk,
                    body=body,
                )
            )
        administration = self.administration_of(unit)
        if administration is not None:
            half = FIRST_YEAR + (start - FIRST_YEAR) // 2 * 2
            titles = words.ADMINISTRATION_FOCUS_TITLES
            offered_titles = [
                titles[(half + unit.administration + n) % len(titles)] for n in (0, 1)
            ]
            for title in rng.sample(offered_titles, rng.randint(1, 2)):
                areas.append(
                    FocusAreaData(
                        key=f"{administration.key}-{half}-{slug(title)}",
                        title=title,
                        tagline=words.TAGLINES[(half + len(title)) % len(words.TAGLINES)],
                        group="executive_board",
                        set_by_id=administration.pk,
                        body=f"{administration.name} har valgt „{title}“ som fælles "
                        f"indsatsområde for {half}–{half + 1}.",
                    )
                )
        for n, title in enumerate(rng.sample(words.OWN_FOCUS_TITLES, rng.randint(1, 2))):
            areas.append(
                FocusAreaData(
                    key=f"{plan_key}-ia{n + 1}",
                    title=title,
                    tagline=rng.choice(words.TAGLINES),
                    group="unit",
                    set_by_id=unit.pk,
                    body=self.sentences(words.SECTION_SENTENCES, 2, topics),
                )
            )
        for area in areas:
            area.unit_text = rng.choice(words.FOCUS_UNIT_TEXTS).format(object=rng.choice(topics))
        return areas

    def administration_of(self, unit: ScaleUnit) -> ScaleUnit | None:
        current: ScaleUnit | None = unit
        while current is not None and current.kind != "directorate":
            current = self.units.get(current.parent_key) if current.parent_key else None
        return current

    def goal(
        self,
        unit: ScaleUnit,
        topics: tuple[str, ...],
        previous: list[tuple[str, str]],
        index: int,
        plan_key: str,
        year: int,
    ) -> GoalData:
        rng = self.rng
        continues, statement = "", ""
        if index < len(previous) and (index < 3 or rng.random() < 0.6):
            continues, statement = previous[index]
        if not statement:
            subject = rng.choice(topics) if rng.random() < 0.7 else rng.choice(words.GOAL_OBJECTS)
            verb, purpose = rng.choice(words.GOAL_VERBS), rng.choice(words.GOAL_PURPOSES)
            statement = f"Vi vil {verb} {subject}, {purpose}."
        ref = str(index + 1)
        goal = GoalData(
            key=f"{plan_key}-m{ref}",
            ref=ref,
            statement=statement,
            continues_key=continues,
            responsible_unit_id=self.responsible(unit, year),
            criteria=self.criteria(topics),
        )
        if rng.random() < 0.3:
            for n in range(rng.randint(1, 3)):
                prefix = rng.choice(words.SUBGOAL_PREFIXES).format(
                    partner=rng.choice(words.PARTNERS)
                )
                goal.goals.append(
                    GoalData(
                        key=f"{goal.key}-{n + 1}",
                        ref=f"{ref}.{n + 1}",
                        statement=f"{prefix} {rng.choice(words.SUBGOAL_ACTIONS)}.",
                        criteria=self.criteria(topics),
                    )
                )
        return goal

    def responsible(self, unit: ScaleUnit, year: int) -> int | None:
        """A unit below the plan's unit that answers for the goal, for a quarter of the goals."""
        children = [
            child
            for child in (self.units[key] for key in unit.children)
            if child.first_year <= year <= child.last_year
        ]
        if not children or self.rng.random() >= 0.25:
            return None
        return self.rng.choice(children).pk

    def criteria(self, topics: tuple[str, ...]) -> list[CriterionData]:
        rng = self.rng
        criteria = []
        for _n in range(rng.randint(3, 7)):
            partner, subject = rng.choice(words.PARTNERS), rng.choice(topics)
            if rng.random() < 0.4:
                text = rng.choice(words.PLAIN_CRITERIA).format(object=subject, partner=partner)
                criteria.append(CriterionData(text=f"{text}."))
                continue
            template, comparison, measure, (low, high) = rng.choice(words.MEASURED_CRITERIA)
            value = rng.randint(low, high)
            text = template.format(n=value, object=subject, partner=partner)
            criterion = CriterionData(
                text=f"{text}.",
                comparison=comparison,
                value=Decimal(value),
                unit_of_measure=measure,
            )
            if rng.random() < 0.5:
                criterion.baseline_value = Decimal(max(1, value * rng.randint(70, 95) // 100))
            criteria.append(criterion)
        return criteria

    def follow_up_dates(self, start: int, end: int, status: str) -> list[date]:
        """Quarterly follow-ups in a one-year plan, half-yearly in a two-year plan; this year's
        plans have had the first rounds, drafts and plans waiting for approval none."""
        if status not in (PlanStatus.APPROVED, PlanStatus.PUBLISHED, PlanStatus.ARCHIVED):
            return []
        if start == end:
            dates = [
                date(start, month, day) for month, day in ((3, 31), (6, 30), (9, 30), (12, 15))
            ]
        else:
            dates = [
                date(year, month, day)
                for year in (start, end)
                for month, day in ((6, 30), (12, 15))
            ]
        return dates[:CURRENT_ROUNDS] if end == LAST_YEAR else dates

    def follow_ups(self, goal: GoalData, dates: list[date]) -> None:
        rng = self.rng
        for round_number, on in enumerate(dates):
            final = round_number == len(dates) - 1 and on.year < LAST_YEAR
            for index in range(len(goal.criteria)):
                status = weighted(rng, FINAL_OUTCOMES if final else EARLY_OUTCOMES)
                opening = rng.choice(words.FOLLOW_UP_OPENINGS[status])
                text = f"{opening} {rng.choice(self.partner_reasons)}"
                goal.follow_ups.append(
                    FollowUpData(status=status, text=text, date=on, criteria=[index])
                )

    def sections(self, topics: tuple[str, ...]) -> list[SectionData]:
        rng = self.rng
        titles = list(words.SECTION_TITLES[:2])
        if rng.random() < 0.5:
            titles.append(rng.choice(words.SECTION_TITLES[2:]))
        return [
            SectionData(
                title=title,
                body="\n\n".join(
                    self.sentences(words.SECTION_SENTENCES, rng.randint(2, 3), topics)
                    for _p in range(rng.randint(1, 3))
                ),
            )
            for title in titles
        ]

    def sentences(self, pool: tuple[str, ...], count: int, topics: tuple[str, ...]) -> str:
        rng = self.rng
        return " ".join(
            sentence.format(n=rng.randint(12, 140), object=rng.choice(topics))
            for sentence in rng.sample(pool, count)
        )
