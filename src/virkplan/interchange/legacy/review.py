"""The corrections a person makes to the blocks before the plans are stored.

Each function takes the list of blocks and returns a new list; the list
given is never changed, so a refused correction leaves the draft as it was.
A bad index or an impossible correction raises DomainError with a message
that names the block (numbered from 1, as the review page shows them).

A block a person has corrected counts as checked: its doubts are cleared,
so the review page's count of uncertain blocks goes down as the work is done.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError

from .blocks import KINDS, Block

MOVABLE_TO_GOAL = ("criterion", "follow_up", "text")
"""Kinds that belong to a goal and can be moved to another one."""

OWNED_BY_GOAL = (*MOVABLE_TO_GOAL, "ignored")
"""Kinds that, following a goal, are part of it (ignored blocks do not end it)."""

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def _block(blocks: list[Block], i: int) -> Block:
    if not 0 <= i < len(blocks):
        raise DomainError(
            _("There is no block number %(number)s. Load the page again and try once more.")
            % {"number": i + 1}
        )
    return blocks[i]


def _checked(block: Block, **changes: object) -> Block:
    """A copy of the block (sharing no lists with it) with the changes, checked by a person."""
    return Block.from_dict({**block.to_dict(), "confidence": 1.0, "reasons": [], **changes})


def _with(blocks: list[Block], i: int, *new: Block) -> list[Block]:
    """The list with block i replaced by the new blocks."""
    return [*blocks[:i], *new, *blocks[i + 1 :]]


def set_plan(blocks: list[Block], i: int, *, unit: str, start: int, end: int) -> list[Block]:
    """Give plan block i its unit and period, as the person knows them."""
    block = _block(blocks, i)
    if block.kind != "plan":
        raise DomainError(
            _("Block %(number)s is not a plan; only a plan has a unit and a period.")
            % {"number": i + 1}
        )
    if end < start:
        raise DomainError(
            _("Block %(number)s: the period cannot end (%(end)s) before it starts (%(start)s).")
            % {"number": i + 1, "start": start, "end": end}
        )
    return _with(blocks, i, _checked(block, unit=unit, period_start=start, period_end=end))


def accept(blocks: list[Block], i: int) -> list[Block]:
    """Mark block i as checked: the person agrees with what the importer found."""
    return _with(blocks, i, _checked(_block(blocks, i)))


def relabel(blocks: list[Block], i: int, kind: str) -> list[Block]:
    """Give block i another kind (a goal instead of text, and so on)."""
    block = _block(blocks, i)
    if kind not in KINDS:
        raise DomainError(
            _("Block %(number)s: “%(kind)s” is not a kind of block. Choose one from the list.")
            % {"number": i + 1, "kind": kind}
        )
    return _with(blocks, i, _checked(block, kind=kind))


def remove(blocks: list[Block], i: int) -> list[Block]:
    """Leave block i out of the import (it stays on the page, among the ignored blocks)."""
    return relabel(blocks, i, "ignored")


def edit(blocks: list[Block], i: int, text: str) -> list[Block]:
    """Change block i's text; a blank line in the new text splits it into several blocks.

    The pieces keep the block's kind and place in the source. Only the first
    piece of a goal keeps the goal's number: the others are new goals.
    """
    block = _block(blocks, i)
    pieces = _pieces(text)
    if not pieces:
        raise DomainError(
            _(
                "Block %(number)s: the text is empty. Write the text, "
                "or use “Ignore” to leave the block out."
            )
            % {"number": i + 1}
        )
    first = _checked(block, text=pieces[0])
    rest = [_checked(block, text=piece, ref="") for piece in pieces[1:]]
    return _with(blocks, i, first, *rest)


def _pieces(text: str) -> list[str]:
    """The paragraphs of a text: parts between blank lines, trimmed, empty ones dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [piece.strip() for piece in _BLANK_LINE.split(text) if piece.strip()]


def split(blocks: list[Block], i: int, at: int) -> list[Block]:
    """Split block i into two blocks of the same kind at character offset `at`."""
    block = _block(blocks, i)
    before, after = block.text[:at].strip(), block.text[at:].strip()
    if at <= 0 or not before or not after:
        raise DomainError(
            _(
                "Block %(number)s cannot be split there: both parts must have text. "
                "Choose a place inside the text."
            )
            % {"number": i + 1}
        )
    return _with(blocks, i, _checked(block, text=before), _checked(block, text=after, ref=""))


def previous_kept(blocks: list[Block], i: int) -> int | None:
    """The index of the nearest block before i that is not ignored, if any."""
    return next((j for j in range(i - 1, -1, -1) if blocks[j].kind != "ignored"), None)


def merge_with_previous(blocks: list[Block], i: int) -> list[Block]:
    """Join block i to the nearest block before it that is not ignored.

    For a paragraph the importer broke in two (often at a page break, whose
    header in between is ignored). The joined block has the earlier block's
    kind and place in the source and ends where block i ended.
    """
    block = _block(blocks, i)
    j = previous_kept(blocks, i)
    if j is None:
        raise DomainError(
            _("Block %(number)s is the first block of the plan; there is nothing to join it to.")
            % {"number": i + 1}
        )
    earlier = blocks[j]
    joined = _checked(
        earlier,
        text=f"{earlier.text.rstrip()} {block.text.lstrip()}".strip(),
        end_line=max(earlier.end_line, block.end_line, block.line),
        answers=list(dict.fromkeys([*earlier.answers, *block.answers])),
    )
    return [*blocks[:j], joined, *blocks[j + 1 : i], *blocks[i + 1 :]]


def goal_indexes(blocks: list[Block]) -> list[int]:
    """The indexes of the goal blocks, in order."""
    return [n for n, block in enumerate(blocks) if block.kind == "goal"]


def move_to_goal(blocks: list[Block], i: int, goal_index: int) -> list[Block]:
    """Move block i (documentation, follow-up or text) to the end of a goal's blocks.

    The goal's blocks are those after it up to the next block of another kind
    (a goal, a heading, a plan). A moved follow-up forgets the goal numbers
    it named ("Ad. 1.2"): its new place says which goal it follows up.
    """
    block = _block(blocks, i)
    if block.kind not in MOVABLE_TO_GOAL:
        raise DomainError(
            _(
                "Block %(number)s (%(kind)s) cannot be moved to a goal; only documentation, "
                "follow-ups and text can."
            )
            % {"number": i + 1, "kind": str(KINDS[block.kind]).lower()}
        )
    if not 0 <= goal_index < len(blocks) or blocks[goal_index].kind != "goal":
        raise DomainError(
            _("Block %(number)s: the chosen goal is not in the plan any more. Choose another goal.")
            % {"number": i + 1}
        )
    rest = [*blocks[:i], *blocks[i + 1 :]]
    goal = goal_index - 1 if i < goal_index else goal_index
    end = goal + 1
    for n in range(goal + 1, len(rest)):
        if rest[n].kind not in OWNED_BY_GOAL:
            break
        if rest[n].kind != "ignored":
            end = n + 1
    moved = _checked(block, answers=[])
    return [*rest[:end], moved, *rest[end:]]
