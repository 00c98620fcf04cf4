"""How well the importer reads the reference plan, against the demo's transcription.

    python -m virkplan.interchange.legacy.accuracy [FILE]

reads FILE (by default the reference text in the demo app's data) with the
same code as `virkplan import`, and compares the result with the demo
plans, which were transcribed by hand from the same document:

- plans, focus areas and goals found, and goals whose statement is exactly
  the transcribed one;
- every documentation and follow-up paragraph of the transcription: placed
  right (its text is in the same field of the same goal), misplaced (found
  under another goal or in the other field) or missing.

Prints the figures (docs/import.md keeps them) and the paragraphs that went
wrong, and exits with status 1 if any goal or paragraph is wrong.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parents[2] / "demo" / "albertslund-miljo-teknik-2014.txt"
FIELDS = {"criteria": "documentation", "follow_ups": "follow-up"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Figures:
    plans: tuple[int, int] = (0, 0)
    focus_areas: tuple[int, int] = (0, 0)
    goals_found: tuple[int, int] = (0, 0)
    goals_exact: int = 0
    paragraphs: int = 0
    placed_right: int = 0
    split_alike: int = 0
    """Transcribed paragraphs that are also exactly one imported paragraph."""
    imported: int = 0
    joined: int = 0
    """Imported paragraphs that hold several transcribed paragraphs."""
    extra: list[str] = field(default_factory=list)
    """Imported paragraphs whose text is not in the same field of the transcription."""
    misplaced: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    goals_wrong: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return not (self.misplaced or self.missing or self.goals_wrong or self.extra) and (
            self.goals_exact == self.goals_found[1]
        )

    def lines(self) -> list[str]:
        return [
            f"plans found:            {self.plans[0]} of {self.plans[1]}",
            f"focus areas found:      {self.focus_areas[0]} of {self.focus_areas[1]}",
            f"goals found:            {self.goals_found[0]} of {self.goals_found[1]}",
            f"goals exact:            {self.goals_exact} of {self.goals_found[1]}",
            f"paragraphs placed right: {self.placed_right} of {self.paragraphs}",
            f"paragraphs misplaced:   {len(self.misplaced)}",
            f"paragraphs missing:     {len(self.missing)}",
            f"paragraphs split alike: {self.split_alike} of {self.paragraphs}",
            f"imported paragraphs:    {self.imported}, of which {self.joined} join "
            "several transcribed ones",
            f"imported paragraphs not in the transcription: {len(self.extra)}",
        ]


def _goals(plan: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for area in plan["focus_areas"]:
        stack = list(area["goals"])
        while stack:
            goal = stack.pop(0)
            found.append((area["title"], goal))
            stack[:0] = goal.get("goals", [])
    return found


def _field_text(goal: dict[str, Any], name: str) -> str:
    return " ¶ ".join(_items(goal, name))


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> Figures:
    figures = Figures()
    plans = {(p["period"]["start"], p["period"]["end"]): p for p in actual["plans"]}
    found_plans = found_areas = total_areas = found_goals = total_goals = 0
    for plan in expected["plans"]:
        got = plans.get((plan["period"]["start"], plan["period"]["end"]))
        found_plans += got is not None
        titles = {a["title"] for a in got["focus_areas"]} if got else set()
        total_areas += len(plan["focus_areas"])
        found_areas += sum(a["title"] in titles for a in plan["focus_areas"])
        got_goals = _goals(got) if got else []
        by_statement = {_norm(g["statement"]): g for _, g in got_goals}
        for _area, goal in _goals(plan):
            total_goals += 1
            match = by_statement.get(_norm(goal["statement"]))
            if match is None:
                figures.goals_wrong.append(goal["statement"])
                continue
            found_goals += 1
            figures.goals_exact += match["statement"] == goal["statement"]
            _paragraphs(figures, goal, match, got_goals)
    figures.plans = (found_plans, len(expected["plans"]))
    figures.focus_areas = (found_areas, total_areas)
    figures.goals_found = (found_goals, total_goals)
    return figures


def _paragraphs(
    figures: Figures,
    goal: dict[str, Any],
    match: dict[str, Any],
    everything: list[tuple[str, dict[str, Any]]],
) -> None:
    for name, label in FIELDS.items():
        paragraphs = [p for item in goal.get(name, []) for p in item["text"].split("\n\n")]
        for paragraph in paragraphs:
            text = _norm(paragraph)
            figures.paragraphs += 1
            if text in " ".join(_items(match, name)):
                figures.placed_right += 1
                figures.split_alike += text in _items(match, name)
                continue
            elsewhere = any(
                text in " ".join(_items(other, other_name))
                for _, other in everything
                for other_name in FIELDS
            )
            where = f"{label} of “{goal['statement'][:50]}…”: {text[:70]}…"
            (figures.misplaced if elsewhere else figures.missing).append(where)
        transcribed = _field_text(goal, name)
        for text in _items(match, name):
            figures.imported += 1
            if text in transcribed:
                continue
            if text in transcribed.replace(" ¶ ", " "):
                figures.joined += 1
            else:
                figures.extra.append(f"{label} of “{goal['statement'][:50]}…”: {text[:70]}…")


def _items(goal: dict[str, Any], name: str) -> list[str]:
    return [_norm(p) for item in goal.get(name, []) for p in item["text"].split("\n\n")]


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings")
    import django

    django.setup()
    from virkplan.demo.services import demo_document
    from virkplan.interchange.legacy.services import document_from_blocks, reading_from_file

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=REFERENCE)
    args = parser.parse_args(argv)
    reading = reading_from_file(args.file.read_bytes(), args.file.name, unit="miljo-teknik")
    actual = document_from_blocks(reading.blocks, unit="miljo-teknik")
    figures = compare(demo_document(), actual)
    print("\n".join(figures.lines()))
    for title, items in (
        ("Goals not found exactly:", figures.goals_wrong),
        ("Misplaced:", figures.misplaced),
        ("Missing:", figures.missing),
        ("Imported but not in the transcription:", figures.extra),
    ):
        if items:
            print(f"\n{title}")
            print("\n".join(f"  - {item}" for item in items))
    return 0 if figures.perfect else 1


if __name__ == "__main__":
    sys.exit(main())
