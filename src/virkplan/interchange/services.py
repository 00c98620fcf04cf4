"""Importing a `virkplan/1` interchange document: check everything, then write it at once."""

import json
import math
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from virkplan.core.data_version import data_changed
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.organisation.services import unit_import_refusal
from virkplan.plans import rules
from virkplan.plans.importing import plan_import_refusal, plan_stored
from virkplan.plans.models import Criterion, Goal, Plan

from .importing import ImportRefused, ImportResult, at, document_write, plan_data, unit_data
from .validation import UnsafeDocument, json_path, loads, schema_errors, walk_goals

__all__ = ["ImportRefused", "ImportResult", "document_check", "document_import", "parse_json"]


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text, or refuse it: a syntax error by line and column, unsafe JSON by path.

    Unsafe is JSON nested too deep, with a field given twice in one object,
    or with numbers or texts too long to store (see `validation.loads`).
    """
    try:
        if isinstance(text, bytes):
            # As json.loads reads bytes: UTF-8, -16 or -32, lone surrogates kept for the checks.
            text = text.decode(json.detect_encoding(text), "surrogatepass")
        return loads(text)
    except UnsafeDocument as exc:
        raise ImportRefused(
            _("The file does not follow the virkplan/1 format."), errors=exc.errors
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            _("The file is not UTF-8 text."), errors=[_("The file is not UTF-8 text.")]
        ) from exc
    except json.JSONDecodeError as exc:
        message = _(
            "The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s."
        ) % {
            "problem": exc.msg,
            "line": exc.lineno,
            "column": exc.colno,
        }
        raise ImportRefused(message, errors=[message]) from exc


class _Checker:
    """The document-level rules the schema cannot express."""

    def __init__(
        self, document: dict[str, Any], *, user: Actor, replace: bool, update_units: bool
    ) -> None:
        self.document = document
        self.user = user
        self.replace = replace
        self.update_units = update_units
        self._units: dict[str, tuple[str | None, str]] | None = None
        self.errors: list[str] = []
        self.problems: list[tuple[tuple, str]] = []
        self.already_stored: list[str] = []
        self.units_stored_otherwise: list[str] = []
        self.file_units = {u["key"]: (i, u) for i, u in enumerate(document["units"])}
        self.db_units = set(Unit.objects.values_list("key", flat=True))

    def error(self, path: tuple, message: str, **params: Any) -> None:
        text = message % params if params else message
        self.errors.append(at(path, text))
        self.problems.append((path, text))

    def check_target(self, path: tuple, target: dict[str, Any]) -> None:
        """A criterion's target: numbers that fit, a real date, and the target rules
        (plans.rules) that the forms and services apply too."""
        before = len(self.errors)
        for name in ("value", "value_max", "baseline_value"):
            self.check_number((*path, name), target.get(name))
        target_date = None
        if target.get("target_date"):
            try:
                target_date = date.fromisoformat(target["target_date"])
            except ValueError:
                self.error(
                    (*path, "target_date"),
                    _("“%(value)s” is not a real date."),
                    value=target["target_date"],
                )
        if len(self.errors) > before:
            return
        for problem in rules.target_problems(
            comparison=target["comparison"],
            value=target.get("value"),
            value_max=target.get("value_max"),
            baseline_value=target.get("baseline_value"),
            baseline_year=target.get("baseline_year"),
            target_year=target.get("target_year"),
            target_date=target_date,
        ):
            self.error((*path, problem.field), problem.message)

    def unit_known(self, key: str | None) -> bool:
        return key is None or key in self.file_units or key in self.db_units

    def check(self) -> list[str]:
        self.check_texts(self.document, ())
        if self.errors:
            # The other checks look the document's texts up in the database.
            return self.errors
        self.check_units()
        plan_keys: set[str] = set()
        goal_keys: dict[str, tuple] = {}
        focus_areas: dict[str, tuple[tuple, dict[str, Any]]] = {}
        for index, plan in enumerate(self.document["plans"]):
            self.check_plan(plan, ("plans", index), plan_keys, goal_keys, focus_areas)
        self.check_goal_references()
        return self.errors

    def check_texts(self, value: Any, path: tuple) -> None:
        """Texts must not hold characters no database can store (NUL, lone surrogates)."""
        if isinstance(value, dict):
            for name, item in value.items():
                self.check_texts(item, (*path, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_texts(item, (*path, index))
        elif isinstance(value, str):
            bad = next((c for c in value if c == "\x00" or "\ud800" <= c <= "\udfff"), None)
            if bad is not None:
                self.error(
                    path,
                    _("the text contains a character that cannot be stored (U+%(code)s)."),
                    code=f"{ord(bad):04X}",
                )

    def check_number(self, path: tuple, value: float | None) -> None:
        """A number must fit, exactly, the decimal column it is stored in."""
        if value is None:
            return
        column = Criterion._meta.get_field("value")  # UnitFact.value has the same size
        places = column.decimal_places  # type: ignore[union-attr]
        whole_digits = column.max_digits - places  # type: ignore[union-attr]
        if not math.isfinite(value):
            self.error(path, _("%(value)s is not a number."), value=value)
        elif abs(value) >= 10**whole_digits:
            self.error(
                path,
                _(
                    "%(value)s is too large; a number has at most %(digits)s digits "
                    "before the point."
                ),
                value=value,
                digits=whole_digits,
            )
        elif Decimal(str(value)).as_tuple().exponent < -places:  # type: ignore[operator]
            self.error(
                path,
                _("%(value)s has more than %(places)s decimals."),
                value=value,
                places=places,
            )

    def check_units(self) -> None:
        seen: set[str] = set()
        for index, unit in enumerate(self.document["units"]):
            path = ("units", index)
            if unit["key"] in seen:
                self.error(
                    (*path, "key"),
                    _("the key “%(key)s” is used by another unit in the file."),
                    key=unit["key"],
                )
            seen.add(unit["key"])
            if not self.unit_known(unit.get("parent")):
                self.error(
                    (*path, "parent"), _("no unit has the key “%(key)s”."), key=unit["parent"]
                )
            for n, successor in enumerate(unit.get("successors", [])):
                if not self.unit_known(successor):
                    self.error(
                        (*path, "successors", n), _("no unit has the key “%(key)s”."), key=successor
                    )
            self.check_dates(unit, path)
            self.check_unit_import(unit, path)
            for n, fact in enumerate(unit.get("facts", [])):
                self.check_number((*path, "facts", n, "value"), fact["value"])
            email = unit.get("contact", {}).get("email", "")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.error(
                        (*path, "contact", "email"),
                        _("“%(value)s” is not an e-mail address."),
                        value=email,
                    )
        self.check_unit_cycles()

    def check_unit_import(self, unit: dict[str, Any], path: tuple) -> None:
        """May the user add or change this unit? (Moves and renames only when asked to.)"""
        try:
            data = unit_data(unit)
        except ValueError:
            return  # a date that is not one: reported by check_dates
        parents: dict[str, str | None] = dict(Unit.objects.values_list("key", "parent__key"))
        parents.update({key: u.get("parent") for key, (_i, u) in self.file_units.items()})
        stored = Unit.objects.filter(key=unit["key"]).first()
        refusal = unit_import_refusal(
            user=self.user, data=data, stored=stored, parents=parents, update=self.update_units
        )
        if refusal:
            self.error(path, "%(refusal)s", refusal=refusal)
            if stored is not None and not self.update_units:
                self.units_stored_otherwise.append(stored.key)

    def check_dates(self, unit: dict[str, Any], path: tuple) -> None:
        parsed = {}
        for name in ("valid_from", "valid_to"):
            value = unit.get(name)
            if value:
                try:
                    parsed[name] = date.fromisoformat(value)
                except ValueError:
                    self.error((*path, name), _("“%(value)s” is not a real date."), value=value)
        if (
            "valid_from" in parsed
            and "valid_to" in parsed
            and parsed["valid_to"] < parsed["valid_from"]
        ):
            self.error((*path, "valid_to"), _("the unit ends before it begins."))

    def check_unit_cycles(self) -> None:
        # Stored units count too: a file could hang a stored unit below its own descendant.
        parents: dict[str, str | None] = dict(Unit.objects.values_list("key", "parent__key"))
        parents.update({key: u.get("parent") for key, (_i, u) in self.file_units.items()})
        for key, (index, _unit) in self.file_units.items():
            seen = {key}
            current = parents.get(key)
            while current is not None and current in parents:
                if current in seen:
                    self.error(
                        ("units", index, "parent"), _("the units' parents go round in a circle.")
                    )
                    break
                seen.add(current)
                current = parents.get(current)

    def check_plan(self, plan, path, plan_keys, goal_keys, focus_areas) -> None:
        if not self.unit_known(plan["unit"]):
            self.error((*path, "unit"), _("no unit has the key “%(key)s”."), key=plan["unit"])
        period = plan["period"]
        for problem in rules.period_problems(period["start"], period["end"]):
            self.error((*path, "period"), problem.message)
        key = plan.get("key")
        if key:
            if key in plan_keys:
                self.error(
                    (*path, "key"),
                    _("the key “%(key)s” is used by another plan in the file."),
                    key=key,
                )
            plan_keys.add(key)
        existing = self.check_plan_import(plan, path)
        stored_goals = self.stored_goals(plan, replacing=existing)
        in_plan: dict[Any, tuple] = {}
        for n, fa in enumerate(plan["focus_areas"]):
            fa_path = (*path, "focus_areas", n)
            if not self.unit_known(fa.get("set_by")):
                self.error(
                    (*fa_path, "set_by"), _("no unit has the key “%(key)s”."), key=fa["set_by"]
                )
            elif fa.get("set_by") and fa["set_by"] not in self.authority(plan["unit"]):
                self.error(
                    (*fa_path, "set_by"),
                    _(
                        "a plan can only include focus areas set by its own unit, a unit above "
                        "it or their boards; “%(key)s” is none of them."
                    ),
                    key=fa["set_by"],
                )
            self.check_focus_area_once(fa, fa_path, in_plan)
            self.check_focus_area_consistent(fa, fa_path, focus_areas)
            for goal, goal_path in walk_goals(fa["goals"], (*fa_path, "goals")):
                self.check_goal(goal, goal_path, goal_keys, stored_goals=stored_goals)

    def stored_goals(self, plan: dict[str, Any], *, replacing: Plan | None) -> dict[str, Goal]:
        """The stored goals, outside the plan being replaced, that have the plan's goal keys."""
        keys = [
            goal["key"]
            for fa in plan["focus_areas"]
            for goal, _path in walk_goals(fa["goals"])
            if goal.get("key")
        ]
        found = (
            Goal.objects.filter(key__in=keys)
            .exclude(plan_focus_area__plan=replacing)
            .select_related("plan_focus_area__plan")
        )
        return {goal.key: goal for goal in found}

    def authority(self, unit_key: str) -> set[str]:
        """The units whose focus areas a plan of the unit may include, from the file and virkplan.

        As organisation.selectors.unit_authority_ids: the unit, those above it, their boards.
        """
        units = self._units
        if units is None:
            units = {
                key: (parent, kind)
                for key, parent, kind in Unit.objects.values_list("key", "parent__key", "kind")
            }
            units.update(
                {key: (u.get("parent"), u["kind"]) for key, (_i, u) in self.file_units.items()}
            )
            self._units = units
        chain: list[str] = []
        current: str | None = unit_key
        while current is not None and current not in chain:
            chain.append(current)
            current = units.get(current, (None, ""))[0]
        boards = {k for k, (parent, kind) in units.items() if kind == "board" and parent in chain}
        return set(chain) | boards

    def check_plan_import(self, plan: dict[str, Any], path: tuple) -> Plan | None:
        """May the user import this plan (new, over a draft, or as a revision)? The stored plan."""
        try:
            data = plan_data(plan)
        except (Unit.DoesNotExist, ValueError):
            # A unit the file adds (the plan is checked again as it is written), or a date
            # that is not one (reported by the goal's checks).
            return None
        stored = plan_stored(data)
        refusal = plan_import_refusal(
            user=self.user, data=data, stored=stored, replace=self.replace
        )
        if refusal:
            self.error(path, "%(refusal)s", refusal=refusal)
        if stored is not None and not self.replace:
            self.already_stored.append(stored.key)
        return stored

    def check_focus_area_once(self, fa, path, in_plan: dict[Any, tuple]) -> None:
        """A plan includes a focus area once: by key, or, without a key, by its texts."""
        texts = tuple(fa.get(k, "") for k in ("title", "tagline", "group", "body"))
        texts += (fa.get("set_by"),)
        identity = ("key", fa["key"]) if fa.get("key") else ("texts", texts)
        if identity in in_plan:
            self.error(
                path,
                _("the focus area “%(title)s” is already in this plan, at %(other)s."),
                title=fa["title"],
                other=json_path(in_plan[identity]),
            )
        in_plan.setdefault(identity, path)
        in_plan.setdefault(("texts", texts), path)

    def check_focus_area_consistent(self, fa, path, focus_areas) -> None:
        key = fa.get("key")
        if not key:
            return
        shared = {k: fa.get(k, "") for k in ("title", "tagline", "group", "body")}
        shared["set_by"] = fa.get("set_by")
        if key in focus_areas and focus_areas[key][1] != shared:
            self.error(
                path,
                _(
                    "the focus area “%(key)s” is also at %(other)s with other texts; "
                    "a shared focus area must read the same everywhere."
                ),
                key=key,
                other=json_path(focus_areas[key][0]),
            )
        focus_areas.setdefault(key, (path, shared))

    def check_goal(self, goal, path, goal_keys, *, stored_goals: dict[str, Goal]) -> None:
        key = goal.get("key")
        if key:
            if key in goal_keys:
                self.error(
                    (*path, "key"),
                    _("the key “%(key)s” is used by another goal in the file."),
                    key=key,
                )
            goal_keys[key] = path
            clash = stored_goals.get(key)
            if clash is not None:
                self.error(
                    (*path, "key"),
                    _(
                        "the key “%(key)s” belongs to a goal in the plan “%(plan)s” "
                        "already in virkplan."
                    ),
                    key=key,
                    plan=clash.plan_focus_area.plan.title,
                )
        if not self.unit_known(goal.get("responsible_unit")):
            self.error(
                (*path, "responsible_unit"),
                _("no unit has the key “%(key)s”."),
                key=goal["responsible_unit"],
            )
        count = len(goal.get("criteria", []))
        for n, criterion in enumerate(goal.get("criteria", [])):
            target = criterion.get("target")
            if target:
                self.check_target((*path, "criteria", n, "target"), target)
        for n, follow_up in enumerate(goal.get("follow_ups", [])):
            for m, index in enumerate(follow_up.get("criteria", [])):
                if index >= count:
                    self.error(
                        (*path, "follow_ups", n, "criteria", m),
                        _(
                            "the goal has no criterion number %(index)s "
                            "(it has %(count)s, counted from 0)."
                        ),
                        index=index,
                        count=count,
                    )
            self.check_date((*path, "follow_ups", n, "date"), follow_up.get("date"))
        self.check_date((*path, "status", "date"), (goal.get("status") or {}).get("date"))

    def check_date(self, path: tuple, value: str | None) -> None:
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                self.error(path, _("“%(value)s” is not a real date."), value=value)

    def check_goal_references(self) -> None:
        # A `continues` key found neither in the file nor in virkplan is not an error:
        # a plan exported on its own still names the earlier goals it carries on.
        # The writer imports such a goal without the link and warns.
        for index, plan in enumerate(self.document["plans"]):
            for n, fa in enumerate(plan["focus_areas"]):
                for goal, path in walk_goals(
                    fa["goals"], ("plans", index, "focus_areas", n, "goals")
                ):
                    target = goal.get("continues")
                    if target is None:
                        continue
                    if target == goal.get("key"):
                        self.error((*path, "continues"), _("a goal cannot continue itself."))


def document_check(
    *, user: Actor, document: Any, replace: bool = False, update_units: bool = False
) -> None:
    """Check a whole interchange document as `document_import` would, writing nothing.

    Raises ImportRefused listing every problem (by JSON path).
    """
    errors = schema_errors(document)
    if errors:
        raise ImportRefused(_("The file does not follow the virkplan/1 format."), errors=errors)
    checker = _Checker(document, user=user, replace=replace, update_units=update_units)
    errors = checker.check()
    if errors:
        raise ImportRefused(
            _("The file cannot be imported as it is."),
            errors=errors,
            problems=checker.problems,
            already_stored=checker.already_stored,
            units_stored_otherwise=checker.units_stored_otherwise,
        )


def document_import(
    *, user: Actor, document: Any, replace: bool = False, update_units: bool = False
) -> ImportResult:
    """Import a whole interchange document as `user`, or refuse it with every problem listed.

    The document is checked against the schema, the model's rules and the
    user's roles first; if anything is wrong, ImportRefused lists it all (by
    JSON path) and nothing is written. Units and plans are written through
    their services (organisation.services.units_import,
    plans.importing.plan_import), which decide what an import may do:
    stored units change only with `update_units`; a stored plan is refused
    unless `replace`, and then a draft is replaced in place while an approved
    or published plan gets a new draft revision. A goal that `continues` a
    goal found neither in the file nor in virkplan is imported without the
    link, and `warnings` says so.
    """
    with transaction.atomic():
        data_changed()
        document_check(user=user, document=document, replace=replace, update_units=update_units)
        return document_write(
            user=user, document=document, replace=replace, update_units=update_units
        )
