"""Blocks into a virkplan/1 document, with where each item came from.

The tree follows the order of the blocks (see `blocks.py`). Next to the
plans, the document carries `provenance`: for each item, by its JSON
pointer, the page and lines it was read from and how sure the importer is.
Importing ignores it; the report and the review page show it.

The builder keeps what it needs at hand (the current plan's and focus area's
positions, the next free number for each key, the texts gathered for each
field) so that blocks are assembled in time linear in their number.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .blocks import Block
from .labels import FOLLOW_UP_PART

EMPTY_STATEMENT = _("(goal without a statement)")
"""Stands in for a goal label with no text after it, so the person sees and fixes it."""

FALLBACK_FOCUS_AREA = "Mål"
"""Title of the focus area made for goals that come before any focus-area heading."""


def _key(*parts: object) -> str:
    return slugify("-".join(str(p) for p in parts if p not in (None, "")))[:100] or "plan"


class _Builder:
    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.plans: list[dict[str, Any]] = []
        self.provenance: dict[str, dict[str, Any]] = {}
        self.plan: dict[str, Any] | None = None
        self.area: dict[str, Any] | None = None
        self.goal: dict[str, Any] | None = None
        self.goals_by_ref: dict[str, dict[str, Any]] = {}
        self.plan_goals: list[dict[str, Any]] = []
        """The plan's goals (not sub-goals) in order, for 'Ad. 2' where none is numbered."""
        self.goals_by_statement: dict[str, dict[str, Any]] = {}
        """The plan's goals by their statement: a goal named again (in an overview, then
        with its criteria; or in a status table) is the same goal."""
        self.text_target: tuple[dict[str, Any], str] | None = None
        self.keys: set[str] = set()
        self.numbers: dict[str, int] = {}
        """For each key asked for, the number to try next for it."""
        self.texts: dict[tuple[int, str], tuple[dict[str, Any], str, list[str]]] = {}
        """The texts gathered for a field, by the target's identity; joined in `build`."""

    def _unique(self, key: str) -> str:
        """The key, or the key numbered with the first free number from 2 on; a long key
        is cut to leave room for its number, so every candidate is a new key."""
        candidate, n = key, self.numbers.get(key, 2)
        while candidate in self.keys:
            suffix = f"-{n}"
            candidate = key[: 100 - len(suffix)] + suffix
            n += 1
        self.numbers[key] = n
        self.keys.add(candidate)
        return candidate

    def _note(self, pointer: str, block: Block) -> None:
        self.provenance[pointer] = {
            "kind": block.kind,
            "page": block.page,
            "line": block.line,
            "end_line": block.end_line,
            "confidence": round(block.confidence, 2),
            "reasons": list(block.reasons),
        }

    # -- one method per kind ------------------------------------------------

    def plan_block(self, block: Block) -> None:
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", block.text)]
        start = block.period_start or (years[0] if years else date.today().year)
        end = block.period_end or (years[1] if len(years) > 1 else start)
        unit = block.unit or self.unit
        self.plan = {
            "key": self._unique(_key(unit, start, end if end != start else "")),
            "kind": "department_plan",
            "title": block.text[:200],
            "unit": unit,
            "period": {"start": start, "end": end},
            "status": "published",
            "sections": [],
            "focus_area_intro": "",
            "follow_up_intro": "",
            "focus_areas": [],
        }
        self.plans.append(self.plan)
        self.area = self.goal = None
        self.goals_by_ref = {}
        self.goals_by_statement = {}
        self.plan_goals = []
        intro = "follow_up_intro" if block.follow_up_plan else "focus_area_intro"
        self.text_target = (self.plan, intro)
        self._note(f"/plans/{len(self.plans) - 1}", block)

    def _require_plan(self, block: Block) -> dict[str, Any]:
        if self.plan is None:
            self.plan_block(Block(kind="plan", text="Plan", page=block.page, line=block.line))
        assert self.plan is not None
        return self.plan

    def part_block(self, block: Block) -> None:
        plan = self._require_plan(block)
        self.area = self.goal = None
        field = "follow_up_intro" if FOLLOW_UP_PART.match(block.text) else "focus_area_intro"
        self.text_target = (plan, field)

    def section_block(self, block: Block) -> None:
        plan = self._require_plan(block)
        section = {"title": block.text[:200], "body": ""}
        plan["sections"].append(section)
        self.area = self.goal = None
        self.text_target = (section, "body")
        index = len(plan["sections"]) - 1
        self._note(f"/plans/{len(self.plans) - 1}/sections/{index}", block)

    def focus_area_block(self, block: Block) -> None:
        plan = self._require_plan(block)
        self.area = {
            "key": self._unique(_key(plan["key"], "fa", block.text)),
            "title": block.text[:200],
            "tagline": block.tagline[:200],
            "group": "",
            "set_by": None,
            "body": "",
            "unit_text": "",
            "goals": [],
        }
        plan["focus_areas"].append(self.area)
        self.goal = None
        self.text_target = (self.area, "unit_text")
        index = len(plan["focus_areas"]) - 1
        self._note(f"/plans/{len(self.plans) - 1}/focus_areas/{index}", block)

    def _require_area(self, block: Block) -> dict[str, Any]:
        if self.area is None:
            self.focus_area_block(
                Block(kind="focus_area", text=FALLBACK_FOCUS_AREA, page=block.page, line=block.line)
            )
        assert self.area is not None
        return self.area

    def goal_block(self, block: Block) -> None:
        same = self.goals_by_statement.get(_statement_key(block.text)) if block.text else None
        if same is not None and (not block.ref or block.ref == same["ref"]):
            self.goal = same
            self.text_target = None
            if block.ref:
                self.goals_by_ref[block.ref] = same
            return
        area = self._require_area(block)
        plan = self._require_plan(block)
        goal: dict[str, Any] = {
            "key": self._unique(_key(plan["key"], "g", block.ref or len(self.keys))),
            "ref": block.ref[:20],
            "statement": block.text or str(EMPTY_STATEMENT),
            "criteria": [],
            "follow_ups": [],
            "goals": [],
        }
        if block.status != "not_assessed":  # read from the heading of virkplan's own print
            goal["status"] = {"status": block.status}
        parent = self.goal if block.level > 1 and self.goal is not None else None
        while parent is not None and parent.get("_level", 1) >= block.level:
            parent = parent.get("_parent")
        if parent is not None:
            goal["_parent"] = parent
            goal["_level"] = block.level
            parent["goals"].append(goal)
            pointer = f"{parent['_pointer']}/goals/{len(parent['goals']) - 1}"
        else:
            goal["_level"] = 1
            area["goals"].append(goal)
            self.plan_goals.append(goal)
            # The current focus area is the current plan's last, and that plan the last one.
            pointer = (
                f"/plans/{len(self.plans) - 1}/focus_areas/"
                f"{len(plan['focus_areas']) - 1}/goals/{len(area['goals']) - 1}"
            )
        goal["_pointer"] = pointer
        if block.ref:
            self.goals_by_ref[block.ref] = goal
        if block.text:
            self.goals_by_statement.setdefault(_statement_key(block.text), goal)
        self.goal = goal
        self.text_target = None
        self._note(pointer, block)

    def _require_goal(self, block: Block) -> dict[str, Any]:
        if self.goal is None:
            self.goal_block(Block(kind="goal", text=block.text, page=block.page, line=block.line))
        assert self.goal is not None
        return self.goal

    def criterion_block(self, block: Block) -> None:
        goal = self._require_goal(block)
        criterion: dict[str, Any] = {"text": block.text}
        if block.target:
            criterion["target"] = block.target
        goal["criteria"].append(criterion)
        self._note(f"{goal['_pointer']}/criteria/{len(goal['criteria']) - 1}", block)

    def follow_up_block(self, block: Block) -> None:
        answered = [self._answered(ref) for ref in block.answers]
        targets = [goal for goal in answered if goal is not None]
        if block.answers and len(targets) < len(block.answers):
            block.doubt("answers_unknown", 0.6)
        if len(targets) > 1:
            block.doubt("answers_several", 0.85)
        for goal in targets or [self._require_goal(block)]:
            goal["follow_ups"].append({"status": block.status, "text": block.text, "criteria": []})
            self._note(f"{goal['_pointer']}/follow_ups/{len(goal['follow_ups']) - 1}", block)

    def _answered(self, ref: str) -> dict[str, Any] | None:
        """The goal 'Ad. 2' names: the goal numbered 2, or, in a plan that numbers none
        of its goals (a numbered list whose numbers the reader does not see), its
        second goal."""
        if ref in self.goals_by_ref:
            return self.goals_by_ref[ref]
        if self.goals_by_ref or not ref.isdigit() or self.plan is None:
            return None
        number = int(ref)
        return self.plan_goals[number - 1] if 0 < number <= len(self.plan_goals) else None

    def text_block(self, block: Block) -> None:
        if self.text_target is None:
            if self.goal is not None:
                self.criterion_block(block)
                return
            self.text_target = (self._require_plan(block), "focus_area_intro")
        target, field = self.text_target
        first = [target[field]] if target[field] else []
        self.texts.setdefault((id(target), field), (target, field, first))[2].append(block.text)

    def build(self) -> dict[str, Any]:
        for target, field, texts in self.texts.values():
            # Paragraphs joined by a blank line; empty ones count only after the first text.
            start = next((index for index, text in enumerate(texts) if text), len(texts))
            target[field] = "\n\n".join(texts[start:])
        for plan in self.plans:
            for area in plan["focus_areas"]:
                for goal in area["goals"]:
                    _finish_goal(goal)
        return {
            "format": "virkplan/1",
            "units": [],
            "plans": self.plans,
            "provenance": self.provenance,
        }


def _statement_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _finish_goal(goal: dict[str, Any]) -> None:
    """Drop the builder's bookkeeping; pair follow-ups with criteria row by row when
    the counts match (the two-column layout puts each answer beside its criterion)."""
    for name in ("_parent", "_level", "_pointer"):
        goal.pop(name, None)
    if goal["criteria"] and len(goal["criteria"]) == len(goal["follow_ups"]):
        for index, follow_up in enumerate(goal["follow_ups"]):
            follow_up["criteria"] = [index]
    for child in goal["goals"]:
        _finish_goal(child)


def assemble(blocks: list[Block], *, unit: str) -> dict[str, Any]:
    """The virkplan/1 document for `blocks`, with `provenance` beside the plans."""
    builder = _Builder(unit)
    for block in blocks:
        if block.kind == "ignored":
            continue
        getattr(builder, f"{block.kind}_block")(block)
    return builder.build()
