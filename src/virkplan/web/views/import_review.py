"""The review page's picture of a draft: the blocks as a tree, their counts, the source by page.

All of it is computed from the draft's JSON, so the page reads one row
whatever the size of the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from virkplan.interchange.legacy import arrange
from virkplan.interchange.legacy.arrange import Landing
from virkplan.interchange.legacy.blocks import KINDS, Block
from virkplan.interchange.legacy.review import MOVABLE_TO_GOAL

# A heading closes the open headings at its depth or deeper (arrange.depth); the kinds
# without a depth (documentation, follow-ups, text, ignored) sit under the open heading.
_depth = arrange.depth


@dataclass
class Node:
    """One block on the review page, with the blocks under it; or a run of ignored blocks."""

    index: int
    block: Block
    children: list[Node] = field(default_factory=list)
    ignored: list[Node] = field(default_factory=list)
    """For a run of ignored blocks: the blocks (the node itself stands for the run)."""
    up: bool = False
    """Whether the block can move up among the headings beside it (and `down`, down)."""
    down: bool = False
    landing: str = ""
    """For text: where it will land when the plans are stored."""
    under_goal: bool = False
    """For text: whether it lands under a goal (as documentation)."""

    @property
    def number(self) -> int:
        """The block's number as the page shows it (from 1)."""
        return self.index + 1

    @property
    def is_group(self) -> bool:
        return bool(self.ignored)

    def holds(self, number: object) -> bool:
        """Whether block `number` is this block or one of its run of ignored blocks."""
        if not isinstance(number, int):
            return False
        last = self.ignored[-1].number if self.ignored else self.number
        return self.number <= number <= last

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.block.kind, self.block.kind))

    @property
    def movable(self) -> bool:
        return self.block.kind in MOVABLE_TO_GOAL

    @property
    def reorderable(self) -> bool:
        return self.block.kind in arrange.REORDERABLE

    @property
    def can_be_goal(self) -> bool:
        return self.block.kind in arrange.MAKE_GOAL_FROM

    @property
    def can_be_focus_area(self) -> bool:
        return self.block.kind in arrange.MAKE_FOCUS_AREA_FROM

    @property
    def heading(self) -> bool:
        """A part or section heading, which may be a goal or a focus area read as a heading."""
        return self.block.kind in ("part", "section")


def block_tree(blocks: list[Block]) -> list[Node]:
    """The blocks nested as the plan reads: plans, focus areas, goals, their paragraphs.

    Runs of ignored blocks become one node each, so the page can fold them away
    where they are.
    """
    roots: list[Node] = []
    open_headings: list[tuple[int, Node]] = []
    landings = arrange.landings(blocks)
    for index, block in enumerate(blocks):
        node = Node(index=index, block=block)
        if block.kind in arrange.REORDERABLE:
            node.up = arrange.sibling_before(blocks, index) is not None
            node.down = arrange.sibling_after(blocks, index) is not None
        if index in landings:
            node.landing = landing_text(blocks, landings[index])
            node.under_goal = landings[index].kind == "goal"
        depth = _depth(block)
        if depth is not None:
            while open_headings and open_headings[-1][0] >= depth:
                open_headings.pop()
        siblings = open_headings[-1][1].children if open_headings else roots
        if block.kind == "ignored":
            _add_ignored(siblings, node)
            continue
        siblings.append(node)
        if depth is not None:
            open_headings.append((depth, node))
    return roots


def _add_ignored(siblings: list[Node], node: Node) -> None:
    last = siblings[-1] if siblings else None
    if last is not None and last.is_group:
        last.ignored.append(node)
    else:
        siblings.append(Node(index=node.index, block=node.block, ignored=[node]))


def landing_text(blocks: list[Block], landing: Landing) -> str:
    """Where a text block will land, in the page's words."""
    target = blocks[landing.index] if landing.index is not None else None
    name = _short(target.text, 10) if target else ""
    if landing.kind == "goal" and target:
        ref = f"{target.ref} " if target.ref else ""
        return _("Goes under the goal “%(goal)s” as documentation.") % {"goal": ref + name}
    if landing.kind == "section":
        return _("Goes into the section “%(section)s”.") % {"section": name}
    if landing.kind == "focus_area":
        return _("Goes into the focus area's own text: “%(area)s”.") % {"area": name}
    if landing.kind == "follow_up_intro":
        return _("Goes into the plan's introduction to its follow-up.")
    return _("Goes into the plan's introduction to its focus areas.")


@dataclass
class GoalGroup:
    """The goals of one focus area, for the "move to goal" choice."""

    label: str
    goals: list[tuple[int, str]] = field(default_factory=list)


def goal_choices(blocks: list[Block]) -> list[GoalGroup]:
    """Every goal (by block index) with a short label, grouped by focus area."""
    groups: list[GoalGroup] = []
    plan = ""
    for index, block in enumerate(blocks):
        if block.kind == "plan":
            plan = _short(block.text, 6)
            groups.append(GoalGroup(label=plan))
        elif block.kind == "focus_area":
            groups.append(
                GoalGroup(label=" · ".join(x for x in (plan, _short(block.text, 8)) if x))
            )
        elif block.kind == "goal" and not groups:
            groups.append(GoalGroup(label=_("Goals without a focus area")))
        if block.kind == "goal":
            ref = f"{block.ref} " if block.ref else ""
            groups[-1].goals.append((index, f"{ref}{_short(block.text, 12)}"))
    return [group for group in groups if group.goals]


def place_choices(blocks: list[Block], i: int) -> list[GoalGroup]:
    """Where block i (a goal, focus area or section) can be moved, grouped by plan.

    A goal: every focus area (as a goal of it) and every other goal (as a sub-goal);
    a focus area or section: every plan and part. Block i and what it owns are left out.
    """
    if not 0 <= i < len(blocks):
        return []
    kinds = arrange.place_targets(blocks[i])
    own = range(i, arrange.span_end(blocks, i))
    groups: list[GoalGroup] = []
    for index, block in enumerate(blocks):
        if block.kind == "plan" or not groups:
            groups.append(GoalGroup(label=_short(block.text, 6) if block.kind == "plan" else ""))
        if block.kind not in kinds or index in own:
            continue
        if block.kind == "goal":
            ref = f"{block.ref} " if block.ref else ""
            label = _("under the goal %(goal)s") % {"goal": ref + _short(block.text, 10)}
        elif block.kind == "focus_area":
            label = _("the focus area %(area)s") % {"area": _short(block.text, 10)}
        elif block.kind == "part":
            label = _("the part %(part)s") % {"part": _short(block.text, 10)}
        else:
            label = _("the plan %(plan)s") % {"plan": _short(block.text, 10)}
        groups[-1].goals.append((index, label))
    return [group for group in groups if group.goals]


def section_choices(blocks: list[Block], i: int) -> list[str]:
    """The titles of the sections of block i's plan, and the title of a new one, for text."""
    start = next((j for j in range(i, -1, -1) if blocks[j].kind == "plan"), 0)
    titles: list[str] = []
    for block in blocks[start + 1 :]:
        if block.kind == "plan":
            break
        if block.kind == "section" and block.text not in titles:
            titles.append(block.text)
    default = str(arrange.DEFAULT_SECTION_TITLE)
    return titles if default in titles else [*titles, default]


def _short(text: str, words: int) -> str:
    return Truncator(" ".join(text.split())).words(words, truncate=" …")


@dataclass
class SourcePage:
    number: int
    lines: list[tuple[int, str]]

    @property
    def first_line(self) -> int:
        return self.lines[0][0] if self.lines else 1


def source_pages(source_lines: list[Any]) -> list[SourcePage]:
    """The source's lines ([page, number, text]) grouped by page."""
    pages: list[SourcePage] = []
    for page, number, text in source_lines:
        if not pages or pages[-1].number != page:
            pages.append(SourcePage(number=page, lines=[]))
        pages[-1].lines.append((number, text))
    return pages
