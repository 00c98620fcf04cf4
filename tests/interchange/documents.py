"""Interchange documents for the tests, and the helpers that compare and count them."""

import copy
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext

from virkplan.indicators.models import Indicator
from virkplan.interchange.selectors import document_export
from virkplan.organisation.models import Unit
from virkplan.plans.models import FocusArea, Plan
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.projects.models import Project

# The exporter only asks whether the user is staff; staff see every plan.


def export_all() -> dict[str, Any]:
    """Every unit and plan in the database, as the exporter writes them."""
    return document_export(user=SYSTEM_ACTOR)


def small_document() -> dict[str, Any]:
    """A small valid document: two units and one plan with goals, targets and follow-ups."""
    return {
        "format": "virkplan/1",
        "units": [
            {"key": "kommune", "name": "Eksempel Kommune", "kind": "municipality"},
            {
                "key": "teknik",
                "name": "Teknik & Miljø",
                "kind": "department",
                "parent": "kommune",
                "valid_from": "2013-08-01",
                "facts": [{"label": "Medarbejdere", "value": 63}],
            },
        ],
        "plans": [
            {
                "key": "tm-2014",
                "title": "Virksomhedsplan 2014",
                "unit": "teknik",
                "period": {"start": 2014, "end": 2014},
                "status": "published",
                "focus_areas": [
                    {
                        "key": "fa-bo",
                        "title": "Bo i kommunen",
                        "tagline": "Den attraktive kommune",
                        "goals": [
                            {
                                "key": "tm-2014-g1",
                                "statement": "Vi vil spare på energien.",
                                "criteria": [
                                    {
                                        "text": "Der er sparet 9.187 MWh.",
                                        "target": {
                                            "comparison": "exact",
                                            "value": 9187,
                                            "unit": "MWh",
                                        },
                                    },
                                    {
                                        "text": "Besparelsen svarer til 3,79 % af varmesalget.",
                                        "target": {
                                            "comparison": "at_least",
                                            "value": 3.79,
                                            "unit": "%",
                                        },
                                    },
                                    {"text": "Der er lavet en handleplan."},
                                ],
                                "follow_ups": [
                                    {
                                        "status": "not_met",
                                        "text": "Sparemålet blev ikke nået.",
                                        "criteria": [0],
                                    }
                                ],
                            },
                            {"key": "tm-2014-g2", "statement": "Vi vil cykle mere."},
                        ],
                    }
                ],
            }
        ],
    }


_UNIT_DEFAULTS = {
    "short_name": "",
    "formal_name": "",
    "parent": None,
    "valid_from": None,
    "valid_to": None,
    "successors": [],
    "facts": [],
}
_CONTACT_FIELDS = ("address", "web", "email", "phone", "fax")
_PLAN_DEFAULTS = {
    "kind": "department_plan",
    "status": "draft",
    "sections": [],
    "focus_area_intro": "",
    "follow_up_intro": "",
}
_FOCUS_AREA_DEFAULTS = {"tagline": "", "group": "", "set_by": None, "body": "", "unit_text": ""}
_GOAL_DEFAULTS = {
    "ref": "",
    "responsible_unit": None,
    "continues": None,
    "criteria": [],
    "follow_ups": [],
    "goals": [],
}
_TARGET_DEFAULTS = {
    "value_max": None,
    "unit": "",
    "baseline_value": None,
    "baseline_year": None,
    "target_year": None,
    "target_date": None,
}


def _with_defaults(data: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {**copy.deepcopy(defaults), **data}


def _normalise_goal(goal: dict[str, Any], end_year: int) -> dict[str, Any]:
    goal = _with_defaults(goal, _GOAL_DEFAULTS)
    if goal["follow_ups"] or goal.get("status"):
        # The format's defaults: without a status, a goal followed up gets the one its
        # follow-ups agree on (or "not assessed"); dated by its latest follow-up, else the
        # plan's last day.
        assessed = {f["status"] for f in goal["follow_ups"]} - {"not_assessed"}
        dates = [f["date"] for f in goal["follow_ups"] if f.get("date")]
        status = goal.get("status") or {
            "status": assessed.pop() if len(assessed) == 1 else "not_assessed"
        }
        goal["status"] = {
            "status": status["status"],
            "date": status.get("date") or (max(dates) if dates else f"{end_year}-12-31"),
            "progress": status.get("progress"),
        }
    goal["criteria"] = [
        {
            "text": c["text"],
            "target": _with_defaults(c["target"], _TARGET_DEFAULTS) if c.get("target") else None,
        }
        for c in goal["criteria"]
    ]
    goal["follow_ups"] = [
        {
            "date": f.get("date"),
            "status": f["status"],
            "text": f["text"],
            # The criteria a follow-up speaks about are a set.
            "criteria": sorted(f.get("criteria", [])),
        }
        for f in goal["follow_ups"]
    ]
    goal["goals"] = [_normalise_goal(sub, end_year) for sub in goal["goals"]]
    return goal


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every optional field filled in with its default, as the exporter writes it.

    Sets are put in a fixed order, because the format gives their order no
    meaning: a unit's successors (in the order of the units list), a
    follow-up's criteria, and the plans (by key).
    """
    units = []
    position = {u["key"]: n for n, u in enumerate(document["units"])}
    for unit in document["units"]:
        unit = _with_defaults(unit, _UNIT_DEFAULTS)
        unit["facts"] = [
            {"label": f["label"], "value": f["value"], "unit": f.get("unit", "")}
            for f in unit["facts"]
        ]
        unit["contact"] = {name: unit.get("contact", {}).get(name, "") for name in _CONTACT_FIELDS}
        unit["successors"] = sorted(unit["successors"], key=lambda key: position.get(key, -1))
        units.append(unit)
    plans = []
    for plan in document["plans"]:
        plan = _with_defaults(plan, _PLAN_DEFAULTS)
        plan["sections"] = [
            {
                "title": s["title"],
                "body": s["body"],
                "highlights": s.get("highlights", []),
                "organisation_chart": s.get("organisation_chart", False),
            }
            for s in plan["sections"]
        ]
        plan["focus_areas"] = [
            {
                **_with_defaults(fa, _FOCUS_AREA_DEFAULTS),
                "goals": [_normalise_goal(g, plan["period"]["end"]) for g in fa["goals"]],
            }
            for fa in plan["focus_areas"]
        ]
        plans.append(plan)
    plans.sort(key=lambda plan: plan["key"])
    return {"format": document["format"], "units": units, "plans": plans}


def row_counts() -> dict[str, int]:
    """The number of rows of every model, history and users included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def empty_database() -> None:
    """Delete every plan, focus area and unit (and the units' indicators and projects, which
    the format does not carry), leaving the database as before any import."""
    Indicator.objects.all().delete()
    Project.objects.all().delete()
    Plan.objects.all().delete()
    FocusArea.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()


def danish(msgid: str, **params: Any) -> str:
    """A message as the Danish catalogue renders it (the English source while untranslated)."""
    with translation.override("da"):
        text = gettext(msgid)
    return text % params if params else text


def has_danish(msgid: str) -> bool:
    """Whether the Danish catalogue translates the message yet."""
    return danish(msgid) != msgid


def problem(path: str, msgid: str, **params: Any) -> str:
    """A document problem as the importer reports it: the JSON path, then the problem."""
    return danish("%(path)s: %(problem)s", path=path, problem=danish(msgid, **params))
