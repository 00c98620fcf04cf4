"""Writing a checked `virkplan/1` document through the organisation and plan services.

The document's JSON becomes the services' data (`UnitData`, `PlanData`);
the services decide what a plan import may do (see plans.importing) and
write every row with its history. A refusal of a service names the place
in the document where it applies.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.organisation.services import UnitData, units_import
from virkplan.plans.importing import (
    AssessmentData,
    CriterionData,
    FocusAreaData,
    FollowUpData,
    GoalData,
    ImportAction,
    PlanData,
    SectionData,
    goals_link_continued,
    plan_import,
)
from virkplan.plans.models import Goal, Plan, PlanStatus

from .validation import json_path


class ImportRefused(DomainError):
    """The document was refused; `errors` lists every problem found, and nothing was written.

    `problems` holds the same problems as (JSON path, text), for a page that
    names the place in its own words; `already_stored` the keys of the stored
    plans the document would replace if asked to, so each interface can say
    how to ask (a tick box on the page, `--replace` on the command line);
    `units_stored_otherwise` the keys of stored units it would change if asked
    to (`--update-units` on the command line).
    """

    def __init__(
        self,
        message: str,
        *,
        errors: list[str] | None = None,
        problems: list[tuple[tuple, str]] | None = None,
        already_stored: list[str] | None = None,
        units_stored_otherwise: list[str] | None = None,
    ) -> None:
        super().__init__(message, errors=errors)
        self.problems = problems or []
        self.already_stored = already_stored or []
        self.units_stored_otherwise = units_stored_otherwise or []


def refused_at(path: tuple, message: str) -> ImportRefused:
    """A refusal of one thing at one place in the document."""
    return ImportRefused(message, errors=[at(path, message)], problems=[(path, message)])


@dataclass
class ImportResult:
    """What an import wrote."""

    units: int = 0
    plans: list[Plan] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    """Keys of drafts whose content the import replaced."""
    revised: list[tuple[str, str]] = field(default_factory=list)
    """(key of an approved or published plan, key of the new draft revision the import made)."""
    focus_areas: int = 0
    goals: int = 0
    criteria: int = 0
    follow_ups: int = 0
    warnings: list[str] = field(default_factory=list)


def at(path: tuple, problem: str) -> str:
    """A problem found at a place in the document, named by its JSON path."""
    return _("%(path)s: %(problem)s") % {"path": json_path(path), "problem": problem}


def decimal_or_none(value: int | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def unit_data(data: dict[str, Any]) -> UnitData:
    return UnitData(
        key=data["key"],
        name=data["name"],
        kind=data["kind"],
        short_name=data.get("short_name", ""),
        formal_name=data.get("formal_name", ""),
        parent_key=data.get("parent"),
        valid_from=date_or_none(data.get("valid_from")),
        valid_to=date_or_none(data.get("valid_to")),
        contact={name: value for name, value in data.get("contact", {}).items() if value},
        facts=[
            (f["label"], Decimal(str(f["value"])), f.get("unit", "")) for f in data.get("facts", [])
        ],
        successor_keys=list(data.get("successors", [])),
    )


class _Plans:
    """Builds the plan services' data from the document's plans, with units looked up once."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}

    def unit(self, key: str) -> Unit:
        if key not in self.units:
            self.units[key] = Unit.objects.get(key=key)
        return self.units[key]

    def unit_id(self, key: str | None) -> int | None:
        return None if key is None else self.unit(key).pk

    def plan(self, data: dict[str, Any], path: tuple = ()) -> PlanData:
        return PlanData(
            key=data.get("key", ""),
            kind=data.get("kind", ""),
            title=data["title"],
            unit=self.unit(data["unit"]),
            start_year=data["period"]["start"],
            end_year=data["period"]["end"],
            status=data.get("status", PlanStatus.DRAFT),
            focus_area_intro=data.get("focus_area_intro", ""),
            follow_up_intro=data.get("follow_up_intro", ""),
            sections=[
                SectionData(
                    s["title"],
                    s["body"],
                    list(s.get("highlights", [])),
                    organisation_chart=s.get("organisation_chart", False),
                )
                for s in data.get("sections", [])
            ],
            focus_areas=[
                self.focus_area(fa, (*path, "focus_areas", n))
                for n, fa in enumerate(data["focus_areas"])
            ],
        )

    def focus_area(self, data: dict[str, Any], path: tuple) -> FocusAreaData:
        return FocusAreaData(
            key=data.get("key", ""),
            title=data["title"],
            tagline=data.get("tagline", ""),
            group=data.get("group", ""),
            set_by_id=self.unit_id(data.get("set_by")),
            body=data.get("body", ""),
            unit_text=data.get("unit_text", ""),
            goals=[self.goal(goal, (*path, "goals", n)) for n, goal in enumerate(data["goals"])],
        )

    def goal(self, data: dict[str, Any], path: tuple) -> GoalData:
        return GoalData(
            origin=path,
            key=data.get("key", ""),
            ref=data.get("ref", ""),
            statement=data["statement"],
            responsible_unit_id=self.unit_id(data.get("responsible_unit")),
            continues_key=data.get("continues") or "",
            criteria=[_criterion(c) for c in data.get("criteria", [])],
            follow_ups=[
                FollowUpData(
                    status=f["status"],
                    text=f["text"],
                    date=date_or_none(f.get("date")),
                    criteria=list(f.get("criteria", [])),
                )
                for f in data.get("follow_ups", [])
            ],
            assessment=_assessment(data.get("status")),
            goals=[
                self.goal(sub, (*path, "goals", n)) for n, sub in enumerate(data.get("goals", []))
            ],
        )


def _assessment(data: dict[str, Any] | None) -> AssessmentData | None:
    if not data:
        return None
    return AssessmentData(
        status=data["status"],
        date=date_or_none(data.get("date")),
        progress=data.get("progress"),
    )


def _criterion(data: dict[str, Any]) -> CriterionData:
    target = data.get("target") or {}
    return CriterionData(
        text=data["text"],
        comparison=target.get("comparison", ""),
        value=decimal_or_none(target.get("value")),
        value_max=decimal_or_none(target.get("value_max")),
        unit_of_measure=target.get("unit", ""),
        baseline_value=decimal_or_none(target.get("baseline_value")),
        baseline_year=target.get("baseline_year"),
        target_year=target.get("target_year"),
        target_date=date_or_none(target.get("target_date")),
    )


def plan_data(data: dict[str, Any]) -> PlanData:
    """The plan services' description of one plan of a document (its units must be stored)."""
    return _Plans().plan(data)


def document_write(
    *, user: Actor, document: dict[str, Any], replace: bool, update_units: bool
) -> ImportResult:
    """Write a checked document through the services; call inside a transaction.

    Raises ImportRefused (naming the place) when a service refuses a unit or a plan.
    """
    result = ImportResult()
    try:
        result.units = units_import(
            user=user, units=[unit_data(u) for u in document["units"]], update=update_units
        )
    except DomainError as exc:
        raise refused_at(("units",), exc.message) from exc
    plans = _Plans()
    written: list[int] = []
    goals_by_key: dict[str, Goal] = {}
    links: list[tuple[Goal, str, Any]] = []
    for index, data in enumerate(document["plans"]):
        path = ("plans", index)
        try:
            outcome = plan_import(
                user=user, data=plans.plan(data, path), replace=replace, exclude=written
            )
        except DomainError as exc:
            raise refused_at(path, exc.message) from exc
        written.append(outcome.plan.pk)
        result.plans.append(outcome.plan)
        if outcome.action == ImportAction.REPLACED and outcome.stored is not None:
            result.replaced.append(outcome.stored.key)
        if outcome.action == ImportAction.REVISED and outcome.stored is not None:
            result.revised.append((outcome.stored.key, outcome.plan.key))
        for name in ("focus_areas", "goals", "criteria", "follow_ups"):
            setattr(result, name, getattr(result, name) + getattr(outcome, name))
        goals_by_key.update(outcome.goals_by_key)
        links.extend(outcome.continues)
        result.warnings.extend(_lost_link(goal, key) for goal, key in outcome.lost_links)
    for _goal, key, goal_path in goals_link_continued(links=links, goals_by_key=goals_by_key):
        result.warnings.append(
            at(
                (*goal_path, "continues"),
                _(
                    "no goal has the key “%(key)s”, neither in the file nor in virkplan; "
                    "the goal was imported without the link."
                )
                % {"key": key},
            )
        )
    return result


def _lost_link(goal: Goal, key: str) -> str:
    return _(
        "The goal “%(goal)s” in the plan “%(plan)s” carried on the goal “%(key)s”, which the "
        "new version of its plan no longer has; the link was removed."
    ) % {"goal": goal.key, "plan": goal.plan_focus_area.plan.title, "key": key}
