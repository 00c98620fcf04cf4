"""The second pass: what each heading is, and which plan each part belongs to.

A heading followed by goals is a focus area; a heading followed by focus
areas is a part ("Indsatsområder", "Opfølgning"); any other heading is a
section. A follow-up part that speaks of an earlier period ("MTF
virksomhedsplan 2012 – 2013 havde …") is that earlier plan, followed up
in this document, so it becomes a plan of its own.

Each step is one or two passes over the blocks, never a scan of the rest of
the document for each block, so a document of any length is read in time
linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .blocks import Block
from .labels import FOCUS_AREA_PART, FOLLOW_UP_PART, PLAN_MENTION, split_heading

_STRUCTURAL = ("plan", "part", "section", "focus_area")


def _after(blocks: list[Block], index: int) -> Iterator[Block]:
    """The blocks after `index`, without copying the rest of the list."""
    for position in range(index + 1, len(blocks)):
        yield blocks[position]


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
    """A section with goals before the next heading is a focus area; then a section
    that introduces focus areas is a part. Both passes run from the end, carrying
    what lies ahead."""
    goal_ahead = False
    for block in reversed(blocks):
        if block.kind == "section" and goal_ahead:
            block.kind = "focus_area"
            block.text, block.tagline = split_heading(block.text)
        if block.kind in _STRUCTURAL:
            goal_ahead = False
        elif block.kind == "goal":
            goal_ahead = True
    heading_ahead: Block | None = None
    for block in reversed(blocks):
        if block.kind == "section" and _introduces_focus_areas(block, heading_ahead):
            block.kind = "part"
        if block.kind in _STRUCTURAL:
            heading_ahead = block


def _introduces_focus_areas(heading: Block, following: Block | None) -> bool:
    """A heading is a part when a focus area is the next heading (`following`), and
    it either says so ("Indsatsområder", "Opfølgning") or ranks above it."""
    if following is None or following.kind != "focus_area":
        return False
    named = FOCUS_AREA_PART.match(heading.text) or FOLLOW_UP_PART.match(heading.text)
    return bool(named) or heading.level < following.level


def _follow_up_plan(
    blocks: list[Block], index: int, plan: Block | None, *, goals_before: bool
) -> Block | None:
    """The earlier plan a follow-up part describes, or None when it follows up its own plan.

    `plan` is the plan the part stands in, and `goals_before` whether that plan has
    goals of its own before the part: only then is a part that does not say which plan
    it follows up about another (earlier) one."""
    part = blocks[index]
    mention = None
    for block in _after(blocks, index):
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
    elif plan is not None and plan.period_start and goals_before and _has_follow_ups(blocks, index):
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


def _has_follow_ups(blocks: list[Block], index: int) -> bool:
    """Whether follow-ups come before the next heading of the part's level or above.

    Parts of one level do not overlap, and there are three levels, so these scans
    together cover each block at most three times."""
    return any(blocks[i].kind == "follow_up" for i in _span(blocks, index, blocks[index].level))


def _follow_up_plans(blocks: list[Block]) -> list[Block]:
    result: list[Block] = []
    plan: Block | None = None
    goals_before = False
    for index, block in enumerate(blocks):
        if block.kind == "plan":
            plan, goals_before = block, False
        elif block.kind == "goal":
            goals_before = True
        elif block.kind == "part" and FOLLOW_UP_PART.match(block.text):
            earlier = _follow_up_plan(blocks, index, plan, goals_before=goals_before)
            if earlier is not None:
                result.append(earlier)
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
    for block in _after(blocks, index):
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
        owned = []
        for other in _after(blocks, index):
            if other.kind in (*_STRUCTURAL, "goal"):
                break
            owned.append(other.kind)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        sub_goal_next = (
            following is not None and following.kind == "goal" and following.level > block.level
        )
        if "criterion" not in owned and not sub_goal_next:
            block.doubt("goal_without_criteria", 0.75)


def structure(blocks: list[Block], *, unit: str) -> list[Block]:
    blocks = _ensure_plan(blocks)
    _classify_headings(blocks)
    blocks = _follow_up_plans(blocks)
    _cover(blocks)
    _units(blocks, unit)
    _goals_without_criteria(blocks)
    return blocks
