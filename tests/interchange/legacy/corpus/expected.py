"""The virkplan/1 document a corpus plan should be read as, built from what its pieces are.

Plans, focus areas and goals follow the document's order; a sub-goal goes
under its goal; criteria and follow-ups go to every goal they name, in the
order the document writes them. Text without a role (menus, links,
introductions, weights, overviews that only mention goals) is not part of the
result: the accuracy script does not measure it.
"""

from __future__ import annotations

from typing import Any

from .model import STATUSES, Plan, T


class SourceError(ValueError):
    """A corpus source contradicts itself (a goal named twice, a criterion of no goal)."""


def expected_document(plan: Plan) -> dict[str, Any]:
    plans: list[dict[str, Any]] = []
    goals: dict[str, dict[str, Any]] = {}
    area: dict[str, Any] | None = None
    for t in plan.texts():
        if t.role == "plan":
            plans.append(_plan(plan, t))
            area = None
        elif t.role == "focus_area":
            area = _area(plans, t, plan.name)
        elif t.role == "goal":
            _goal(goals, area, t, plan.name)
    for t in plan.texts():
        if t.role in ("criterion", "follow_up"):
            _attach(goals, t, plan.name)
    return {"format": "virkplan/1", "units": [], "plans": plans}


def _plan(plan: Plan, t: T) -> dict[str, Any]:
    if t.period is None:
        raise SourceError(f"{plan.name}: the plan title {t.text!r} has no period")
    return {
        "title": t.content,
        "unit": plan.unit,
        "period": {"start": t.period[0], "end": t.period[1]},
        "focus_areas": [],
    }


def _area(plans: list[dict[str, Any]], t: T, name: str) -> dict[str, Any]:
    if not plans:
        raise SourceError(f"{name}: focus area {t.text!r} comes before the plan's title")
    area = {"title": t.content, "tagline": t.tagline, "goals": []}
    plans[-1]["focus_areas"].append(area)
    return area


def _goal(goals: dict[str, dict[str, Any]], area: dict[str, Any] | None, t: T, name: str) -> None:
    if not t.id or t.id in goals:
        raise SourceError(f"{name}: goal {t.text!r} needs an id of its own, not {t.id!r}")
    goal: dict[str, Any] = {
        "ref": t.ref,
        "statement": t.content,
        "criteria": [],
        "follow_ups": [],
        "goals": [],
    }
    if t.parent:
        if t.parent not in goals:
            raise SourceError(f"{name}: sub-goal {t.id} names an unknown goal {t.parent!r}")
        goals[t.parent]["goals"].append(goal)
    elif area is None:
        raise SourceError(f"{name}: goal {t.id} comes before any focus area")
    else:
        area["goals"].append(goal)
    goals[t.id] = goal


def _attach(goals: dict[str, dict[str, Any]], t: T, name: str) -> None:
    if not t.of or any(of not in goals for of in t.of):
        raise SourceError(f"{name}: {t.role} {t.text[:40]!r} names unknown goals {t.of}")
    if not t.content:
        raise SourceError(f"{name}: an empty {t.role} of {t.of}")
    if t.role == "criterion":
        if t.status:
            raise SourceError(f"{name}: criterion {t.text[:40]!r} has a status")
        for of in t.of:
            goals[of]["criteria"].append({"text": t.content})
        return
    status = t.status or "not_assessed"
    if status not in STATUSES:
        raise SourceError(f"{name}: unknown status {status!r}")
    for of in t.of:
        goals[of]["follow_ups"].append({"status": status, "text": t.content})
