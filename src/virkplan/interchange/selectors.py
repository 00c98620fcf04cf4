"""Exporting plans as a `virkplan/1` interchange document."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.plans.models import Criterion, FollowUp, Goal, Plan
from virkplan.plans.selectors import plan_detail, plans_visible_to

from .validation import FORMAT


def json_number(value: Decimal | None) -> int | float | None:
    """A stored decimal as the plainest JSON number: 9187, not 9187.0000."""
    if value is None:
        return None
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return float(normalized)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _unit_data(unit: Unit) -> dict[str, Any]:
    return {
        "key": unit.key,
        "name": unit.name,
        "short_name": unit.short_name,
        "formal_name": unit.formal_name,
        "kind": unit.kind,
        "parent": unit.parent.key if unit.parent else None,
        "valid_from": _iso(unit.valid_from),
        "valid_to": _iso(unit.valid_to),
        "successors": [s.key for s in unit.successors.all()],
        "facts": [
            {"label": f.label, "value": json_number(f.value), "unit": f.unit_of_measure}
            for f in unit.facts.all()
        ],
        "contact": {
            "address": unit.address,
            "web": unit.web,
            "email": unit.email,
            "phone": unit.phone,
            "fax": unit.fax,
        },
    }


def _target_data(criterion: Criterion) -> dict[str, Any] | None:
    if not criterion.comparison:
        return None
    return {
        "comparison": criterion.comparison,
        "value": json_number(criterion.value),
        "value_max": json_number(criterion.value_max),
        "unit": criterion.unit_of_measure,
        "baseline_value": json_number(criterion.baseline_value),
        "baseline_year": criterion.baseline_year,
        "target_year": criterion.target_year,
        "target_date": _iso(criterion.target_date),
    }


def _follow_up_data(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "date": _iso(follow_up.date),
        "status": follow_up.status,
        "text": follow_up.text,
        "criteria": follow_up.criterion_indexes,
    }


def _goal_data(goal: Goal) -> dict[str, Any]:
    status = goal.current_status
    return {
        "key": goal.key,
        "ref": goal.ref,
        "statement": goal.statement,
        "responsible_unit": goal.responsible_unit.key if goal.responsible_unit else None,
        "continues": goal.continues.key if goal.continues else None,
        "criteria": [{"text": c.text, "target": _target_data(c)} for c in goal.criteria.all()],
        "follow_ups": [_follow_up_data(f) for f in goal.follow_ups.all()],
        **(
            {
                "status": {
                    "status": status.status,
                    "date": _iso(status.date),
                    "progress": status.progress,
                }
            }
            if status.followed_up
            else {}
        ),
        "goals": [_goal_data(sub) for sub in goal.subgoal_list],
    }


def plan_data(plan: Plan) -> dict[str, Any]:
    """One plan loaded by `plan_detail`, as interchange data."""
    return {
        "key": plan.key,
        "kind": plan.kind,
        "title": plan.title,
        "unit": plan.unit.key,
        "period": {"start": plan.start_year, "end": plan.end_year},
        "status": plan.status,
        "sections": [
            {
                "title": s.title,
                "body": s.body,
                "highlights": list(s.highlights),
                "organisation_chart": s.organisation_chart,
            }
            for s in plan.sections.all()
        ],
        "focus_area_intro": plan.focus_area_intro,
        "follow_up_intro": plan.follow_up_intro,
        "focus_areas": [
            {
                "key": pfa.focus_area.key,
                "title": pfa.focus_area.title,
                "tagline": pfa.focus_area.tagline,
                "group": pfa.focus_area.group,
                "set_by": pfa.focus_area.set_by.key if pfa.focus_area.set_by else None,
                "body": pfa.focus_area.body,
                "unit_text": pfa.unit_text,
                "goals": [_goal_data(goal) for goal in pfa.top_goals],
            }
            for pfa in plan.plan_focus_areas.all()
        ],
    }


def _referenced_unit_ids(plans: Iterable[Plan]) -> set[int]:
    ids: set[int] = set()
    for plan in plans:
        ids.add(plan.unit_id)
        for pfa in plan.plan_focus_areas.all():
            if pfa.focus_area.set_by_id:
                ids.add(pfa.focus_area.set_by_id)
            for goal in pfa.goals.all():
                if goal.responsible_unit_id:
                    ids.add(goal.responsible_unit_id)
    return ids


def _with_relatives(units: list[Unit], wanted: set[int]) -> set[int]:
    """The wanted units plus their ancestors and successors, until nothing more is added."""
    by_id = {u.pk: u for u in units}
    result = set(wanted)
    frontier = list(wanted)
    while frontier:
        unit = by_id[frontier.pop()]
        for related in [unit.parent_id, *(s.pk for s in unit.successors.all())]:
            if related is not None and related not in result:
                result.add(related)
                frontier.append(related)
    return result


def document_export(*, user: Actor | None, plan_keys: list[str] | None = None) -> dict[str, Any]:
    """The interchange document for the given plans (all the user may see when None).

    With all plans, every unit is included; with some, the units they refer
    to and those units' ancestors and successors, so the document stands alone.
    """
    visible = plans_visible_to(user=user)
    keys = plan_keys if plan_keys is not None else list(visible.values_list("key", flat=True))
    plans = [plan_detail(user=user, key=key) for key in keys]
    return plans_document(plans, all_units=plan_keys is None)


def plans_document(plans: list[Plan], *, all_units: bool = False) -> dict[str, Any]:
    """The interchange document of plans loaded by `plan_detail` or `plans_detail`.

    With `all_units` every unit is included; otherwise the units the plans refer to and
    those units' ancestors and successors, so the document stands alone.
    """
    units = list(Unit.objects.select_related("parent").prefetch_related("successors", "facts"))
    if not all_units:
        keep = _with_relatives(units, _referenced_unit_ids(plans))
        units = [u for u in units if u.pk in keep]
    return {
        "format": FORMAT,
        "units": [_unit_data(u) for u in units],
        "plans": [plan_data(p) for p in plans],
    }
