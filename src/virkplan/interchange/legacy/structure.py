"""The second pass: what each heading is, and which plan each part belongs to.

A heading followed by goals is a focus area; a heading followed by focus
areas is a part ("Indsatsområder", "Opfølgning"); any other heading is a
section. A follow-up part that speaks of an earlier period ("MTF
virksomhedsplan 2012 – 2013 havde …") is that earlier plan, followed up
in this document, so it becomes a plan of its own.
"""

from __future__ import annotations

import re
from datetime import date

from .blocks import Block
from .labels import FOCUS_AREA_PART, FOLLOW_UP_PART, PLAN_MENTION, split_heading

_STRUCTURAL = ("plan", "part", "section", "focus_area")


def _span(blocks: list[Block], start: int, level: int | None) -> range:
    """From after `start` to the next heading (of at most `level`, or any) or plan."""
    end = start + 1
    while end < len(blocks):
        block = blocks[end]
        if block.kind == "plan":
            break
        if block.kind in ("section", "part", "focus_area") and (
            level is None or block.level <= level
        ):
            break
        end += 1
    return range(start + 1, end)


def _classify_headings(blocks: list[Block]) -> None:
    for index, block in enumerate(blocks):
        if block.kind == "section" and any(
            blocks[i].kind == "goal" for i in _span(blocks, index, None)
        ):
            block.kind = "focus_area"
            block.text, block.tagline = split_heading(block.text)
    for index, block in enumerate(blocks):
        if block.kind == "section" and _introduces_focus_areas(blocks, index):
            block.kind = "part"


def _introduces_focus_areas(blocks: list[Block], index: int) -> bool:
    """A heading is a part when focus areas follow it before any other heading, and
    it either says so ("Indsatsområder", "Opfølgning") or ranks above them."""
    heading = blocks[index]
    for block in blocks[index + 1 :]:
        if block.kind in ("plan", "section", "part"):
            return False
        if block.kind == "focus_area":
            named = FOCUS_AREA_PART.match(heading.text) or FOLLOW_UP_PART.match(heading.text)
            return bool(named) or heading.level < block.level
    return False


def _governing_plan(blocks: list[Block], index: int) -> Block | None:
    for block in reversed(blocks[:index]):
        if block.kind == "plan":
            return block
    return None


def _follow_up_plan(blocks: list[Block], index: int) -> Block | None:
    """The earlier plan a follow-up part describes, or None when it follows up its own plan."""
    part = blocks[index]
    plan = _governing_plan(blocks, index)
    mention = None
    for block in blocks[index + 1 :]:
        if block.kind != "text":
            break
        mention = PLAN_MENTION.search(block.text)
        if mention:
            break
    if mention:
        start = int(mention["start"])
        end = int(mention["end"] or start)
        if plan is not None and (plan.period_start, plan.period_end) == (start, end):
            return None
        kind = mention["kind"].capitalize()
        reason, confidence = "period_from_text", 0.85
    elif (
        plan is not None
        and plan.period_start
        and _has_follow_ups(blocks, index)
        and _has_goals_before(blocks, plan, index)
    ):
        start = end = plan.period_start - 1
        kind = re.split(r"\s", plan.text, maxsplit=1)[0] or "Plan"
        reason, confidence = "period_guessed", 0.6
    else:
        return None
    title = f"{kind} {start}–{end}" if end != start else f"{kind} {start}"
    new = Block(
        kind="plan",
        text=title,
        page=part.page,
        line=part.line,
        end_line=part.line,
        period_start=start,
        period_end=end,
        follow_up_plan=True,
    )
    new.doubt(reason, confidence)
    return new


def _has_goals_before(blocks: list[Block], plan: Block, index: int) -> bool:
    """Whether the plan has goals of its own before the follow-up part: only then is the
    part about another (earlier) plan, when it does not say which."""
    start = next(i for i, block in enumerate(blocks) if block is plan)
    return any(block.kind == "goal" for block in blocks[start:index])


def _has_follow_ups(blocks: list[Block], index: int) -> bool:
    return any(blocks[i].kind == "follow_up" for i in _span(blocks, index, blocks[index].level))


def _follow_up_plans(blocks: list[Block]) -> list[Block]:
    result: list[Block] = []
    for index, block in enumerate(blocks):
        if block.kind == "part" and FOLLOW_UP_PART.match(block.text):
            plan = _follow_up_plan(blocks, index)
            if plan is not None:
                result.append(plan)
        result.append(block)
    return result


def _ensure_plan(blocks: list[Block]) -> list[Block]:
    if any(block.kind == "plan" for block in blocks):
        return blocks
    year = None
    for block in blocks[:80]:
        found = re.search(r"\b((?:19|20)\d{2})\b", block.text)
        if found:
            year = int(found[1])
            break
    year = year or date.today().year
    plan = Block(kind="plan", text=f"Plan {year}", period_start=year, period_end=year)
    plan.doubt("period_guessed", 0.5)
    return [plan, *blocks]


def _cover(blocks: list[Block]) -> None:
    """What comes before the first plan's title, and between a title and the table of
    contents (or, without one, the first heading) is the front page: shown, not imported."""
    first_plan = next((i for i, b in enumerate(blocks) if b.kind == "plan"), 0)
    for block in blocks[:first_plan]:
        _ignore(block, "outside_plan")
    in_cover = False
    for index, block in enumerate(blocks):
        if block.kind == "plan" and not block.follow_up_plan:
            in_cover = True
            contents_follow = _contents_ahead(blocks, index)
        elif "contents" in block.reasons or (
            in_cover and not contents_follow and block.kind in _HEADINGS
        ):
            in_cover = False
        elif in_cover and block.kind != "ignored":
            _ignore(block, "cover")


_HEADINGS = ("part", "section", "focus_area", "goal")


def _contents_ahead(blocks: list[Block], index: int) -> bool:
    for block in blocks[index + 1 :]:
        if "contents" in block.reasons:
            return True
        if block.kind in ("plan", "focus_area", "goal"):
            return False
    return False


def _ignore(block: Block, reason: str) -> None:
    if block.kind != "ignored":
        block.kind = "ignored"
        block.doubt(reason, 0.7)


def _units(blocks: list[Block], unit: str) -> None:
    for block in blocks:
        if block.kind == "plan":
            block.unit = block.unit or unit
            if block.follow_up_plan:
                block.doubt("unit_guessed", 0.7)


def _goals_without_criteria(blocks: list[Block]) -> None:
    for index, block in enumerate(blocks):
        if block.kind != "goal":
            continue
        following = blocks[index + 1 :]
        owned = []
        for other in following:
            if other.kind in (*_STRUCTURAL, "goal"):
                break
            owned.append(other.kind)
        if "criterion" not in owned and not any(
            b.kind == "goal" and b.level > block.level for b in following[:1]
        ):
            block.doubt("goal_without_criteria", 0.75)


def structure(blocks: list[Block], *, unit: str) -> list[Block]:
    blocks = _ensure_plan(blocks)
    _classify_headings(blocks)
    blocks = _follow_up_plans(blocks)
    _cover(blocks)
    _units(blocks, unit)
    _goals_without_criteria(blocks)
    return blocks
