"""What a reading found, counted the same way for the command line and the review page."""

from __future__ import annotations

from collections import Counter

from .blocks import Block


def reading_counts(blocks: list[Block]) -> dict[str, int]:
    kinds = Counter(block.kind for block in blocks)
    return {
        "plans": kinds["plan"],
        "focus_areas": kinds["focus_area"],
        "goals": kinds["goal"],
        "criteria": kinds["criterion"],
        "follow_ups": kinds["follow_up"],
        "uncertain": sum(block.uncertain for block in blocks if block.kind != "ignored"),
    }
