"""Importing a `virkplan/1` interchange document: check everything, then write it at once."""

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError
from virkplan.organisation.models import Unit, UnitFact
from virkplan.plans.models import (
    MAX_PERIOD_YEARS,
    Criterion,
    FocusArea,
    FollowUp,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
    new_key,
)

from .validation import UnsafeDocument, json_path, loads, schema_errors


class ImportRefused(DomainError):
    """The document was refused; `errors` lists every problem found, and nothing was written."""


@dataclass
class ImportResult:
    """What an import wrote."""

    units: int = 0
    plans: list[Plan] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    focus_areas: int = 0
    goals: int = 0
    criteria: int = 0
    follow_ups: int = 0
    warnings: list[str] = field(default_factory=list)


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


def _at(path: tuple, problem: str) -> str:
    """A problem found at a place in the document, named by its JSON path."""
    return _("%(path)s: %(problem)s") % {"path": json_path(path), "problem": problem}


def walk_goals(
    goals: list[dict[str, Any]], path: tuple = ()
) -> Iterator[tuple[dict[str, Any], tuple]]:
    """Yield (goal, JSON path) for interchange goals and their sub-goals, depth first."""
    for index, goal in enumerate(goals):
        goal_path = (*path, index)
        yield goal, goal_path
        yield from walk_goals(goal.get("goals", []), (*goal_path, "goals"))


class _Checker:
    """The document-level rules the schema cannot express."""

    def __init__(self, document: dict[str, Any], *, replace: bool) -> None:
        self.document = document
        self.replace = replace
        self.errors: list[str] = []
        self.file_units = {u["key"]: (i, u) for i, u in enumerate(document["units"])}
        self.db_units = set(Unit.objects.values_list("key", flat=True))

    def error(self, path: tuple, message: str, **params: Any) -> None:
        self.errors.append(_at(path, message % params if params else message))

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
        start, end = plan["period"]["start"], plan["period"]["end"]
        if end < start:
            self.error(
                (*path, "period"),
                _("the period ends (%(end)s) before it starts (%(start)s)."),
                start=start,
                end=end,
            )
        elif end - start >= MAX_PERIOD_YEARS:
            self.error(
                (*path, "period"),
                _("a plan covers at most %(years)s years."),
                years=MAX_PERIOD_YEARS,
            )
        key = plan.get("key")
        if key:
            if key in plan_keys:
                self.error(
                    (*path, "key"),
                    _("the key “%(key)s” is used by another plan in the file."),
                    key=key,
                )
            plan_keys.add(key)
        existing = existing_plan(plan)
        if existing is not None and not self.replace:
            self.error(
                path,
                _(
                    "the plan “%(title)s” (%(key)s) is already in virkplan; "
                    "import with --replace to replace it."
                ),
                title=plan["title"],
                key=existing.key,
            )
        in_plan: dict[Any, tuple] = {}
        for n, fa in enumerate(plan["focus_areas"]):
            fa_path = (*path, "focus_areas", n)
            if not self.unit_known(fa.get("set_by")):
                self.error(
                    (*fa_path, "set_by"), _("no unit has the key “%(key)s”."), key=fa["set_by"]
                )
            self.check_focus_area_once(fa, fa_path, in_plan)
            self.check_focus_area_consistent(fa, fa_path, focus_areas)
            for goal, goal_path in walk_goals(fa["goals"], (*fa_path, "goals")):
                self.check_goal(goal, goal_path, goal_keys, replacing=existing)

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

    def check_goal(self, goal, path, goal_keys, *, replacing: Plan | None) -> None:
        key = goal.get("key")
        if key:
            if key in goal_keys:
                self.error(
                    (*path, "key"),
                    _("the key “%(key)s” is used by another goal in the file."),
                    key=key,
                )
            goal_keys[key] = path
            clash = (
                Goal.objects.filter(key=key)
                .exclude(plan_focus_area__plan=replacing)
                .select_related("plan_focus_area__plan")
                .first()
            )
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
            for name in ("value", "value_max", "baseline_value") if target else ():
                self.check_number((*path, "criteria", n, "target", name), target.get(name))
            if (
                target
                and target["comparison"] == "range"
                and (target.get("value_max") is None or target["value_max"] < target["value"])
            ):
                self.error(
                    (*path, "criteria", n, "target", "value_max"),
                    _("a range needs an upper value at least as large as the lower value."),
                )
            if target and target.get("target_date"):
                try:
                    date.fromisoformat(target["target_date"])
                except ValueError:
                    self.error(
                        (*path, "criteria", n, "target", "target_date"),
                        _("“%(value)s” is not a real date."),
                        value=target["target_date"],
                    )
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
            if follow_up.get("date"):
                try:
                    date.fromisoformat(follow_up["date"])
                except ValueError:
                    self.error(
                        (*path, "follow_ups", n, "date"),
                        _("“%(value)s” is not a real date."),
                        value=follow_up["date"],
                    )

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


def existing_plan(plan: dict[str, Any], *, exclude: Iterable[int] = ()) -> Plan | None:
    """The stored plan this plan data describes: same key, or same unit, title and period.

    Plans whose ids are in `exclude` (those an import has just written) do not count.
    """
    stored = Plan.objects.exclude(pk__in=list(exclude))
    if plan.get("key"):
        found = stored.filter(key=plan["key"]).first()
        if found is not None:
            return found
    return stored.filter(
        unit__key=plan["unit"],
        title=plan["title"],
        start_year=plan["period"]["start"],
        end_year=plan["period"]["end"],
    ).first()


def _decimal(value: int | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Writer:
    """Writes a checked document; runs inside one transaction."""

    def __init__(self, document: dict[str, Any], *, replace: bool) -> None:
        self.document = document
        self.replace = replace
        self.result = ImportResult()
        self.units: dict[str, Unit] = {}
        self.goals: dict[str, Goal] = {}
        self.pending_continues: list[tuple[Goal, str, tuple]] = []
        self.relink: dict[str, list[int]] = {}
        self.written_plans: list[int] = []

    def unit(self, key: str) -> Unit:
        if key not in self.units:
            self.units[key] = Unit.objects.get(key=key)
        return self.units[key]

    def optional_unit(self, key: str | None) -> Unit | None:
        return None if key is None else self.unit(key)

    def write(self) -> ImportResult:
        self.write_units()
        for index, plan in enumerate(self.document["plans"]):
            self.write_plan(plan, ("plans", index))
        self.link_continues()
        return self.result

    def link_continues(self) -> None:
        """Link goals to the earlier goals they carry on; warn about links that cannot be made."""
        for goal, target, path in self.pending_continues:
            goal.continues = self.goals.get(target) or Goal.objects.filter(key=target).first()
            if goal.continues is None:
                self.result.warnings.append(
                    _at(
                        (*path, "continues"),
                        _(
                            "no goal has the key “%(key)s”, neither in the file nor in virkplan; "
                            "the goal was imported without the link."
                        )
                        % {"key": target},
                    )
                )
                continue
            goal.save(update_fields=["continues"])
        for key, follower_ids in self.relink.items():
            followers = Goal.objects.filter(pk__in=follower_ids)
            if key in self.goals:
                followers.update(continues=self.goals[key])
                continue
            for follower in followers.select_related("plan_focus_area__plan"):
                self.result.warnings.append(
                    _(
                        "The goal “%(goal)s” in the plan “%(plan)s” carried on the goal "
                        "“%(key)s”, which the new version of its plan no longer has; "
                        "the link was removed."
                    )
                    % {
                        "goal": follower.key,
                        "plan": follower.plan_focus_area.plan.title,
                        "key": key,
                    }
                )

    def write_units(self) -> None:
        for position, data in enumerate(self.document["units"]):
            contact = data.get("contact", {})
            unit, _created = Unit.objects.update_or_create(
                key=data["key"],
                defaults={
                    "name": data["name"],
                    "short_name": data.get("short_name", ""),
                    "kind": data["kind"],
                    "position": position,
                    "valid_from": _date(data.get("valid_from")),
                    "valid_to": _date(data.get("valid_to")),
                    **{
                        name: contact.get(name, "")
                        for name in ("address", "web", "email", "phone", "fax")
                    },
                },
            )
            self.units[unit.key] = unit
            unit.facts.all().delete()
            UnitFact.objects.bulk_create(
                UnitFact(
                    unit=unit,
                    label=f["label"],
                    value=Decimal(str(f["value"])),
                    unit_of_measure=f.get("unit", ""),
                    position=n,
                )
                for n, f in enumerate(data.get("facts", []))
            )
            self.result.units += 1
        for data in self.document["units"]:
            unit = self.units[data["key"]]
            unit.parent = self.optional_unit(data.get("parent"))
            unit.save(update_fields=["parent"])
            unit.successors.set([self.unit(k) for k in data.get("successors", [])])

    def write_plan(self, data: dict[str, Any], path: tuple) -> None:
        # A plan written earlier in this import is not replaced by a later one that
        # shares its unit, title and period: both stay.
        existing = existing_plan(data, exclude=self.written_plans)
        key = data.get("key") or new_key()
        if existing is not None:
            key = data.get("key") or existing.key
            self.remember_followers(existing)
            self.result.replaced.append(existing.key)
            existing.delete()
        plan = Plan.objects.create(
            key=key,
            kind=data.get("kind", "department_plan"),
            title=data["title"],
            unit=self.unit(data["unit"]),
            start_year=data["period"]["start"],
            end_year=data["period"]["end"],
            status=data.get("status", PlanStatus.DRAFT),
            focus_area_intro=data.get("focus_area_intro", ""),
            follow_up_intro=data.get("follow_up_intro", ""),
        )
        for position, section in enumerate(data.get("sections", [])):
            Section.objects.create(
                plan=plan,
                position=position,
                title=section["title"],
                body=section["body"],
                highlights=section.get("highlights", []),
            )
        for position, fa in enumerate(data["focus_areas"]):
            plan_focus_area = PlanFocusArea.objects.create(
                plan=plan,
                focus_area=self.focus_area(fa, plan),
                position=position,
                unit_text=fa.get("unit_text", ""),
            )
            self.result.focus_areas += 1
            for goal_position, goal in enumerate(fa["goals"]):
                goal_path = (*path, "focus_areas", position, "goals", goal_position)
                self.write_goal(goal, plan_focus_area, None, goal_position, goal_path)
        self.written_plans.append(plan.pk)
        self.result.plans.append(plan)

    def remember_followers(self, plan: Plan) -> None:
        """Goals in other plans that continue this plan's goals, to link again after replacing."""
        for key, follower in (
            Goal.objects.filter(continues__plan_focus_area__plan=plan)
            .exclude(plan_focus_area__plan=plan)
            .values_list("continues__key", "pk")
        ):
            self.relink.setdefault(key, []).append(follower)

    def focus_area(self, data: dict[str, Any], plan: Plan) -> FocusArea:
        fields = {
            "title": data["title"],
            "tagline": data.get("tagline", ""),
            "group": data.get("group", ""),
            "set_by": self.optional_unit(data.get("set_by")),
            "body": data.get("body", ""),
        }
        if data.get("key"):
            focus_area, created = FocusArea.objects.get_or_create(
                key=data["key"],
                defaults={**fields, "start_year": plan.start_year, "end_year": plan.end_year},
            )
        else:
            focus_area, created = FocusArea.objects.get_or_create(
                **fields, start_year=plan.start_year, end_year=plan.end_year
            )
        if not created:
            for name, value in fields.items():
                setattr(focus_area, name, value)
            focus_area.start_year = min(focus_area.start_year, plan.start_year)
            focus_area.end_year = max(focus_area.end_year, plan.end_year)
            focus_area.save()
        return focus_area

    def write_goal(
        self,
        data: dict[str, Any],
        plan_focus_area: PlanFocusArea,
        parent: Goal | None,
        position: int,
        path: tuple,
    ) -> None:
        goal = Goal.objects.create(
            key=data.get("key") or new_key(),
            plan_focus_area=plan_focus_area,
            parent=parent,
            position=position,
            ref=data.get("ref", ""),
            statement=data["statement"],
            responsible_unit=self.optional_unit(data.get("responsible_unit")),
        )
        self.goals[goal.key] = goal
        self.result.goals += 1
        if data.get("continues"):
            self.pending_continues.append((goal, data["continues"], path))
        criteria = []
        for n, c in enumerate(data.get("criteria", [])):
            target = c.get("target") or {}
            criteria.append(
                Criterion.objects.create(
                    goal=goal,
                    position=n,
                    text=c["text"],
                    comparison=target.get("comparison", ""),
                    value=_decimal(target.get("value")),
                    value_max=_decimal(target.get("value_max")),
                    unit_of_measure=target.get("unit", ""),
                    baseline_value=_decimal(target.get("baseline_value")),
                    baseline_year=target.get("baseline_year"),
                    target_year=target.get("target_year"),
                    target_date=_date(target.get("target_date")),
                )
            )
        self.result.criteria += len(criteria)
        for n, f in enumerate(data.get("follow_ups", [])):
            follow_up = FollowUp.objects.create(
                goal=goal, position=n, date=_date(f.get("date")), status=f["status"], text=f["text"]
            )
            follow_up.criteria.set([criteria[i] for i in f.get("criteria", [])])
            self.result.follow_ups += 1
        for n, sub in enumerate(data.get("goals", [])):
            self.write_goal(sub, plan_focus_area, goal, n, (*path, "goals", n))


def document_import(*, document: Any, replace: bool = False) -> ImportResult:
    """Import a whole interchange document, or refuse it with every problem listed.

    The document is checked against the schema and the model's rules first;
    if anything is wrong, ImportRefused lists it all (by JSON path) and
    nothing is written. A plan already stored (same key, or same unit, title
    and period) is refused unless `replace` is true, in which case it is
    replaced and goals in later plans that continued its goals stay linked.
    A goal that `continues` a goal found neither in the file nor in virkplan
    is imported without the link, and `warnings` says so.
    """
    errors = schema_errors(document)
    if errors:
        raise ImportRefused(_("The file does not follow the virkplan/1 format."), errors=errors)
    with transaction.atomic():
        errors = _Checker(document, replace=replace).check()
        if errors:
            raise ImportRefused(_("The file cannot be imported as it is."), errors=errors)
        return _Writer(document, replace=replace).write()
