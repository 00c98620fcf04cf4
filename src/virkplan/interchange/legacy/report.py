"""What a reading found, counted the same way for the command line and the review page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .blocks import Block


@dataclass
class Counts:
    plans: int = 0
    focus_areas: int = 0
    goals: int = 0
    criteria: int = 0
    follow_ups: int = 0
    uncertain: int = 0
    """Blocks still to be checked by a person (ignored blocks do not count)."""
    ignored: int = 0


def reading_counts(blocks: Iterable[Block]) -> Counts:
    """What the import would store, and how many blocks still need a person's eye."""
    blocks = list(blocks)
    kinds = Counter(block.kind for block in blocks)
    return Counts(
        plans=kinds["plan"],
        focus_areas=kinds["focus_area"],
        goals=kinds["goal"],
        criteria=kinds["criterion"],
        follow_ups=kinds["follow_up"],
        uncertain=sum(block.uncertain for block in blocks if block.kind != "ignored"),
        ignored=kinds["ignored"],
    )
