"""The review page's picture of a draft: the blocks as a tree, their counts, the source by page.

All of it is computed from the draft's JSON, so the page reads one row
whatever the size of the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from virkplan.interchange.legacy.blocks import KINDS, Block
from virkplan.interchange.legacy.review import MOVABLE_TO_GOAL

# How deep each kind of heading sits; a heading closes the open headings at its depth or deeper.
# Kinds that are not here (documentation, follow-ups, text, ignored) sit under the open heading.
_DEPTH = {"plan": 0, "part": 1, "section": 2, "focus_area": 2, "goal": 3}


def _depth(block: Block) -> int | None:
    depth = _DEPTH.get(block.kind)
    if depth is not None and block.kind == "goal" and block.level > 1:
        return depth + 1
    return depth


@dataclass
class Node:
    """One block on the review page, with the blocks under it; or a run of ignored blocks."""

    index: int
    block: Block
    children: list[Node] = field(default_factory=list)
    ignored: list[Node] = field(default_factory=list)
    """For a run of ignored blocks: the blocks (the node itself stands for the run)."""

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


def block_tree(blocks: list[Block]) -> list[Node]:
    """The blocks nested as the plan reads: plans, focus areas, goals, their paragraphs.

    Runs of ignored blocks become one node each, so the page can fold them away
    where they are.
    """
    roots: list[Node] = []
    open_headings: list[tuple[int, Node]] = []
    for index, block in enumerate(blocks):
        node = Node(index=index, block=block)
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
