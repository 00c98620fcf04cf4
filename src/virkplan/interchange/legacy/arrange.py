"""Corrections of the plan's shape on the review page: order, place and kind of its headings,
a follow-up's status, and where running text goes.

The blocks are flat (see `blocks.py`); a heading owns the blocks after it up to the next
heading at its depth or above, as the review page shows them nested. Moving a goal or a
focus area moves it with everything it owns. Each correction takes the list of blocks and
returns a new list with the new index of the block it was asked about (the list given is
never changed), or refuses with a DomainError naming the block (numbered from 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.errors import DomainError
from virkplan.plans.models import FollowUpStatus

from .blocks import KINDS, Block
from .labels import FOLLOW_UP_PART, split_heading
from .review import _block, _checked

DEPTH = {"plan": 0, "part": 1, "section": 2, "focus_area": 2, "goal": 3}
"""How deep each kind of heading sits; the other kinds sit under the heading before them."""

REORDERABLE = ("goal", "focus_area", "section")
"""Kinds that can be moved up and down among the headings beside them."""

MAKE_GOAL_FROM = ("part", "section", "focus_area", "criterion", "follow_up", "text")
MAKE_FOCUS_AREA_FROM = ("part", "section", "goal", "criterion", "follow_up", "text")

DEFAULT_SECTION_TITLE = gettext_lazy("Other text")
"""The title of the section made for text sent to the plan's sections."""

Moved = tuple[list[Block], int]
"""The new list of blocks, and the new index of the block the correction was asked about."""


def depth(block: Block) -> int | None:
    """The block's depth as a heading (a sub-goal under its goal), or None for the rest."""
    value = DEPTH.get(block.kind)
    if value is not None and block.kind == "goal" and block.level > 1:
        return value + 1
    return value


def span_end(blocks: list[Block], i: int) -> int:
    """The index after the last block that block i owns (itself if it is no heading)."""
    own = depth(blocks[i])
    if own is None:
        return i + 1
    end = i + 1
    while end < len(blocks):
        other = depth(blocks[end])
        if other is not None and other <= own:
            break
        end += 1
    return end


def _kind(block: Block) -> str:
    return str(KINDS.get(block.kind, block.kind)).lower()


def _reorderable(blocks: list[Block], i: int) -> Block:
    block = _block(blocks, i)
    if block.kind not in REORDERABLE:
        raise DomainError(
            _(
                "Block %(number)s (%(kind)s) cannot be moved up or down; only goals, focus "
                "areas and sections can."
            )
            % {"number": i + 1, "kind": _kind(block)}
        )
    return block


def sibling_before(blocks: list[Block], i: int) -> int | None:
    """The heading before block i at its depth under the same heading, if any."""
    own = depth(blocks[i])
    for j in range(i - 1, -1, -1):
        other = depth(blocks[j])
        if other is not None and other <= (own if own is not None else -1):
            return j if other == own else None
    return None


def sibling_after(blocks: list[Block], i: int) -> int | None:
    """The heading after block i (and what it owns) at its depth, if any."""
    end = span_end(blocks, i)
    if end < len(blocks) and depth(blocks[end]) == depth(blocks[i]) is not None:
        return end
    return None


def move_up(blocks: list[Block], i: int) -> Moved:
    """Swap block i, with what it owns, and the heading before it at its depth."""
    block = _reorderable(blocks, i)
    j = sibling_before(blocks, i)
    if j is None:
        raise DomainError(
            _("Block %(number)s is already the first %(kind)s here; it cannot move further up.")
            % {"number": i + 1, "kind": _kind(block)}
        )
    end = span_end(blocks, i)
    moved = [_checked(block), *blocks[i + 1 : end]]
    return [*blocks[:j], *moved, *blocks[j:i], *blocks[end:]], j


def move_down(blocks: list[Block], i: int) -> Moved:
    """Swap block i, with what it owns, and the heading after it at its depth."""
    block = _reorderable(blocks, i)
    k = sibling_after(blocks, i)
    if k is None:
        raise DomainError(
            _("Block %(number)s is already the last %(kind)s here; it cannot move further down.")
            % {"number": i + 1, "kind": _kind(block)}
        )
    after = span_end(blocks, k)
    moved = [_checked(block), *blocks[i + 1 : k]]
    return [*blocks[:i], *blocks[k:after], *moved, *blocks[after:]], i + after - k


def place_targets(block: Block) -> tuple[str, ...]:
    """The kinds of block that block can be moved into with `place`."""
    if block.kind == "goal":
        return ("focus_area", "goal")
    if block.kind in ("focus_area", "section"):
        return ("plan", "part")
    return ()


def place(blocks: list[Block], i: int, target: int) -> Moved:
    """Move block i, with what it owns, to the end of block `target`.

    A goal goes into a focus area (as a goal) or under a goal (as its sub-goal; its own
    sub-goals go one level down with it). A focus area or section goes into a plan (before
    the plan's parts, if it has any) or into a part.
    """
    block = _block(blocks, i)
    kinds = place_targets(block)
    if not kinds:
        raise DomainError(
            _(
                "Block %(number)s (%(kind)s) cannot be moved this way; only goals, focus areas "
                "and sections can."
            )
            % {"number": i + 1, "kind": _kind(block)}
        )
    end = span_end(blocks, i)
    if i <= target < end:
        raise DomainError(
            _("Block %(number)s cannot be moved into itself or into a block under it.")
            % {"number": i + 1}
        )
    if not 0 <= target < len(blocks) or blocks[target].kind not in kinds:
        raise DomainError(
            _("Block %(number)s: the chosen place is not in the plan any more. Choose another.")
            % {"number": i + 1}
        )
    owned = blocks[i:end]
    if block.kind == "goal":
        level = blocks[target].level + 1 if blocks[target].kind == "goal" else 1
        owned = _relevel(owned, level - block.level)
    owned[0] = _checked(owned[0])
    rest = [*blocks[:i], *blocks[end:]]
    at = target - len(owned) if target > i else target
    position = _end_of_plan(rest, at) if rest[at].kind == "plan" else span_end(rest, at)
    return [*rest[:position], *owned, *rest[position:]], position


def _relevel(owned: list[Block], change: int) -> list[Block]:
    """The blocks with each goal's level changed by `change` (never below 1)."""
    if not change:
        return list(owned)
    return [
        Block.from_dict({**b.to_dict(), "level": max(1, b.level + change)})
        if b.kind == "goal"
        else b
        for b in owned
    ]


def _end_of_plan(blocks: list[Block], plan: int) -> int:
    """Where a plan's own focus areas end: at its first part, or at the plan's end."""
    end = plan + 1
    while end < len(blocks) and blocks[end].kind not in ("part", "plan"):
        end += 1
    return end


def make_goal(blocks: list[Block], i: int) -> Moved:
    """Make block i a goal, of the focus area it stands in."""
    block = _block(blocks, i)
    if block.kind not in MAKE_GOAL_FROM:
        raise DomainError(
            _("Block %(number)s (%(kind)s) cannot be made a goal.")
            % {"number": i + 1, "kind": _kind(block)}
        )
    text = " – ".join(part for part in (block.text, block.tagline) if part)
    goal = _checked(block, kind="goal", text=text, tagline="", level=1, answers=[])
    return [*blocks[:i], goal, *blocks[i + 1 :]], i


def make_focus_area(blocks: list[Block], i: int) -> Moved:
    """Make block i a focus area.

    "Title – tagline" is split in two. A goal's sub-goals become the focus area's goals,
    and its documentation and follow-ups (which no goal would then hold) its text.
    """
    block = _block(blocks, i)
    if block.kind not in MAKE_FOCUS_AREA_FROM:
        raise DomainError(
            _("Block %(number)s (%(kind)s) cannot be made a focus area.")
            % {"number": i + 1, "kind": _kind(block)}
        )
    title, tagline = (block.text, block.tagline) if block.tagline else split_heading(block.text)
    area = _checked(block, kind="focus_area", text=title, tagline=tagline, level=1, answers=[])
    end = span_end(blocks, i) if block.kind == "goal" else i + 1
    while end < len(blocks) and depth(blocks[end]) is None:
        end += 1  # what stands under the new focus area before its first heading
    owned = _relevel(blocks[i + 1 : end], -1) if block.kind == "goal" else blocks[i + 1 : end]
    for n, other in enumerate(owned):
        if depth(other) is not None:
            break
        if other.kind in ("criterion", "follow_up"):
            owned[n] = Block.from_dict({**other.to_dict(), "kind": "text", "answers": []})
    return [*blocks[:i], area, *owned, *blocks[end:]], i


def set_status(blocks: list[Block], i: int, status: str) -> Moved:
    """Give follow-up block i a status (met, partly met, ...)."""
    block = _block(blocks, i)
    if block.kind != "follow_up":
        raise DomainError(
            _("Block %(number)s is not a follow-up; only a follow-up has a status.")
            % {"number": i + 1}
        )
    if status not in FollowUpStatus.values:
        raise DomainError(
            _("Block %(number)s: “%(status)s” is not a status. Choose one from the list.")
            % {"number": i + 1, "status": status}
        )
    return [*blocks[:i], _checked(block, status=status), *blocks[i + 1 :]], i


_REF = re.compile(r"^[0-9A-Za-zÆØÅæøå]{1,5}(?:\.[0-9A-Za-zÆØÅæøå]{1,5}){0,3}$")
"""A goal's number as plans write them: "2", "2.1", "B.3"."""


def set_ref(blocks: list[Block], i: int, ref: str) -> Moved:
    """Give goal block i its number ("2.1"), or none; a number written at the start of
    its statement ("2.1 Alle beboere …") is taken off it."""
    block = _block(blocks, i)
    if block.kind != "goal":
        raise DomainError(
            _("Block %(number)s is not a goal; only a goal has a number.") % {"number": i + 1}
        )
    ref = ref.strip().rstrip(".")
    if ref and not _REF.match(ref):
        raise DomainError(
            _(
                "Block %(number)s: “%(ref)s” is not a goal number. Write it as the plan does, "
                "for example 2 or 2.1, or leave it empty."
            )
            % {"number": i + 1, "ref": ref[:40]}
        )
    text = block.text
    if ref and text.startswith(ref) and text[len(ref) :][:1] in (" ", ".", ":"):
        text = text[len(ref) :].lstrip(" .:") or text
    return [*blocks[:i], _checked(block, ref=ref, text=text), *blocks[i + 1 :]], i


# --- where running text goes ---------------------------------------------------------------


@dataclass(frozen=True)
class Landing:
    """Where a text block is put when the plans are stored (as `assemble` puts it).

    `kind` is "goal" (as the goal's documentation), "section" (the section's body),
    "focus_area" (the focus area's own text), "intro" (the plan's introduction to its focus
    areas) or "follow_up_intro" (its introduction to the follow-up); `index` is the
    goal's, section's, focus area's or plan's block, or None for a plan still to be made.
    """

    kind: str
    index: int | None


def landings(blocks: list[Block]) -> dict[int, Landing]:
    """For each text block (by index), where it will land; in one pass over the blocks."""
    result: dict[int, Landing] = {}
    plan: int | None = None
    target: Landing | None = None
    goal: int | None = None
    refs: set[str] = set()
    for index, block in enumerate(blocks):
        kind = block.kind
        if kind == "plan":
            plan, goal, refs = index, None, set()
            target = Landing("follow_up_intro" if block.follow_up_plan else "intro", index)
        elif kind == "part":
            goal = None
            field = "follow_up_intro" if FOLLOW_UP_PART.match(block.text) else "intro"
            target = Landing(field, plan)
        elif kind in ("section", "focus_area"):
            goal, target = None, Landing(kind, index)
        elif kind == "goal":
            goal, target = index, None
            if block.ref:
                refs.add(block.ref)
        elif kind == "criterion" or (kind == "follow_up" and not set(block.answers) & refs):
            if goal is None:  # the block is made a goal of its own
                goal, target = index, None
        elif kind == "text":
            if target is None and goal is not None:
                result[index] = Landing("goal", goal)
                continue
            target = target or Landing("intro", plan)
            result[index] = target
    return result


def _plan_of(blocks: list[Block], i: int) -> int | None:
    """The plan block at or before index i, if any."""
    return next((j for j in range(i, -1, -1) if blocks[j].kind == "plan"), None)


def to_sections(blocks: list[Block], i: int, *, title: str = "") -> Moved:
    """Send text block i to the plan's sections: to the end of the section `title`
    (the default title when not given), made at the end of the plan if it has none."""
    block = _block(blocks, i)
    if block.kind != "text":
        raise DomainError(
            _("Block %(number)s is not text; only text can be sent to the plan's sections.")
            % {"number": i + 1}
        )
    title = " ".join(title.split())[:200] or str(DEFAULT_SECTION_TITLE)
    rest = [*blocks[:i], *blocks[i + 1 :]]
    plan = _plan_of(rest, i - 1)
    if plan is None:
        raise DomainError(
            _("Block %(number)s comes before the first plan; give a block the kind “Plan” first.")
            % {"number": i + 1}
        )
    end = plan + 1
    while end < len(rest) and rest[end].kind != "plan":
        end += 1
    section = next(
        (j for j in range(plan + 1, end) if rest[j].kind == "section" and rest[j].text == title),
        None,
    )
    moved = _checked(block)
    if section is None:
        heading = Block(kind="section", text=title, page=block.page, level=1)
        return [*rest[:end], heading, moved, *rest[end:]], end + 1
    position = section + 1
    while position < len(rest) and rest[position].kind in ("text", "ignored"):
        position += 1
    return [*rest[:position], moved, *rest[position:]], position
