"""How well the importer reads the reference plan and the test corpus.

    python -m virkplan.interchange.legacy.accuracy [FILE] [--details] [--plan NAME] ...

reads FILE (by default the reference text in the demo app's data) with the
same code as `virkplan import`, and compares the result with the demo
plans, which were transcribed by hand from the same document:

- plans, focus areas and goals found, and goals whose statement is exactly
  the transcribed one;
- every documentation and follow-up paragraph of the transcription: placed
  right (its text is in the same field of the same goal), misplaced (found
  under another goal or in the other field) or missing.

Prints the figures (docs/import.md keeps them) and the paragraphs that went
wrong. Without FILE it then measures every document of the test corpus the
same way (see `corpus.py`) and prints tables per plan and format. It exits
with status 1 if any goal or paragraph of the reference plan is wrong, or the
corpus falls below the shares given with --min-goals and --min-paragraphs.
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
    """Goals not found, and goals found with another statement (“expected  ≠  found”)."""
    goals_extra: list[str] = field(default_factory=list)
    """Imported goals that are no goal of the transcription (read from an overview, a
    heading or a status table, or twice)."""
    statuses: int = 0
    """Follow-up paragraphs whose status the transcription states (not "not assessed")."""
    statuses_right: int = 0
    statuses_wrong: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        """Every goal exact and every paragraph in its place (statuses are reported apart)."""
        wrong = self.misplaced or self.missing or self.goals_wrong or self.goals_extra
        return not (wrong or self.extra) and self.goals_exact == self.goals_found[1]

    def lines(self) -> list[str]:
        return [
            f"plans found:            {self.plans[0]} of {self.plans[1]}",
            f"focus areas found:      {self.focus_areas[0]} of {self.focus_areas[1]}",
            f"goals found:            {self.goals_found[0]} of {self.goals_found[1]}",
            f"goals exact:            {self.goals_exact} of {self.goals_found[1]}",
            f"goals not in the transcription: {len(self.goals_extra)}",
            f"paragraphs placed right: {self.placed_right} of {self.paragraphs}",
            f"paragraphs misplaced:   {len(self.misplaced)}",
            f"paragraphs missing:     {len(self.missing)}",
            f"paragraphs split alike: {self.split_alike} of {self.paragraphs}",
            f"imported paragraphs:    {self.imported}, of which {self.joined} join "
            "several transcribed ones",
            f"imported paragraphs not in the transcription: {len(self.extra)}",
            f"stated statuses right:  {self.statuses_right} of {self.statuses}",
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
    """How much of `expected` (a transcription) the imported `actual` document holds.

    A goal is found when an imported goal has its statement (up to spacing),
    or, failing that, a statement that contains it or lies within it (a goal
    read with a line too many or too few); it is exact when the statement is
    the same character for character. Goals are looked for in the plan of the
    same period first, then in any plan. Every documentation and follow-up
    paragraph of the transcription counts, also those of goals not found.
    """
    figures = Figures()
    plans = {(p["period"]["start"], p["period"]["end"]): p for p in actual["plans"]}
    everything = [goal for plan in actual["plans"] for _, goal in _goals(plan)]
    found_plans = found_areas = total_areas = found_goals = total_goals = 0
    taken: set[int] = set()
    for plan in expected["plans"]:
        got = plans.get((plan["period"]["start"], plan["period"]["end"]))
        found_plans += got is not None
        titles = {a["title"] for a in got["focus_areas"]} if got else set()
        total_areas += len(plan["focus_areas"])
        found_areas += sum(a["title"] in titles for a in plan["focus_areas"])
        own = [goal for _, goal in _goals(got)] if got else []
        candidates = own + [goal for goal in everything if not any(goal is g for g in own)]
        for _area, goal in _goals(plan):
            total_goals += 1
            match = _match(goal["statement"], candidates, taken)
            if match is None:
                figures.goals_wrong.append(goal["statement"])
            else:
                found_goals += 1
                if match["statement"] == goal["statement"]:
                    figures.goals_exact += 1
                else:
                    figures.goals_wrong.append(
                        f"{goal['statement']}  ≠  {match['statement'][:120]}"
                    )
            _paragraphs(figures, goal, match, everything)
    figures.plans = (found_plans, len(expected["plans"]))
    figures.focus_areas = (found_areas, total_areas)
    figures.goals_found = (found_goals, total_goals)
    figures.goals_extra = [g["statement"] for g in everything if id(g) not in taken]
    return figures


def _match(
    statement: str, candidates: list[dict[str, Any]], taken: set[int]
) -> dict[str, Any] | None:
    """The imported goal with this statement, else one whose statement overlaps it. Of
    goals with the same statement (a goal read again from an overview or a status
    table), the one holding the most is taken; the others count as extra goals."""
    wanted = _norm(statement)
    free = [goal for goal in candidates if id(goal) not in taken]
    same = [goal for goal in free if _norm(goal["statement"]) == wanted]
    match = max(same, key=_content, default=None)
    if match is None:
        match = next((goal for goal in free if _overlaps(wanted, _norm(goal["statement"]))), None)
    if match is not None:
        taken.add(id(match))
    return match


def _content(goal: dict[str, Any]) -> int:
    return len(goal["criteria"]) + len(goal["follow_ups"]) + len(goal["goals"])


def _overlaps(wanted: str, found: str) -> bool:
    """One holds the other, and the shorter is at least half as long as the longer."""
    shorter, longer = sorted((wanted, found), key=len)
    return bool(shorter) and shorter in longer and 2 * len(shorter) >= len(longer)


def _paragraphs(
    figures: Figures,
    goal: dict[str, Any],
    match: dict[str, Any] | None,
    everything: list[dict[str, Any]],
) -> None:
    for name, label in FIELDS.items():
        where = f"{label} of “{goal['statement'][:50]}…”"
        for item in goal.get(name, []):
            for paragraph in item["text"].split("\n\n"):
                text = _norm(paragraph)
                figures.paragraphs += 1
                if match is not None and text in " ".join(_items(match, name)):
                    figures.placed_right += 1
                    figures.split_alike += text in _items(match, name)
                    if name == "follow_ups":
                        _status(figures, item, text, match, where)
                    continue
                elsewhere = any(
                    text in " ".join(_items(other, other_name))
                    for other in everything
                    for other_name in FIELDS
                )
                (figures.misplaced if elsewhere else figures.missing).append(
                    f"{where}: {text[:70]}…"
                )
                if name == "follow_ups" and item.get("status", "not_assessed") != "not_assessed":
                    figures.statuses += 1
                    figures.statuses_wrong.append(f"{where}: not placed: {text[:50]}…")
        if match is not None:
            _imported(figures, goal, match, name, where)


def _status(
    figures: Figures, item: dict[str, Any], text: str, match: dict[str, Any], where: str
) -> None:
    """A stated status is right when the follow-up holding the paragraph has it."""
    status = item.get("status", "not_assessed")
    if status == "not_assessed":
        return
    figures.statuses += 1
    found = [f["status"] for f in match["follow_ups"] if text in _norm(f["text"])]
    if status in found:
        figures.statuses_right += 1
    else:
        got = found[0] if found else "(spread over several follow-ups)"
        figures.statuses_wrong.append(f"{where}: {status}, read as {got}: {text[:50]}…")


def _imported(
    figures: Figures, goal: dict[str, Any], match: dict[str, Any], name: str, where: str
) -> None:
    transcribed = _field_text(goal, name)
    for text in _items(match, name):
        figures.imported += 1
        if text in transcribed:
            continue
        if text in transcribed.replace(" ¶ ", " "):
            figures.joined += 1
        else:
            figures.extra.append(f"{where}: {text[:70]}…")


def _items(goal: dict[str, Any], name: str) -> list[str]:
    return [_norm(p) for item in goal.get(name, []) for p in item["text"].split("\n\n")]


def main(argv: list[str] | None = None) -> int:
    # The test settings, as the benchmarks use: the script needs no secret key or database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")
    import django

    django.setup()
    from . import corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help="read this file as the reference plan")
    parser.add_argument("--corpus", type=Path, default=corpus.CORPUS, help="the corpus folder")
    parser.add_argument("--no-corpus", action="store_true", help="measure the reference only")
    parser.add_argument("--plan", action="append", help="only this corpus plan (repeatable)")
    parser.add_argument(
        "--format", action="append", choices=corpus.FORMATS, help="only this format"
    )
    parser.add_argument("--details", action="store_true", help="list what went wrong per document")
    parser.add_argument("--min-goals", type=float, help="fail below this share of exact goals")
    parser.add_argument("--min-paragraphs", type=float, help="fail below this share placed right")
    args = parser.parse_args(argv)
    succeeded = _reference(args.file or REFERENCE)
    if args.file is not None or args.no_corpus:
        return 0 if succeeded else 1
    if not (args.corpus / "corpus.json").exists():
        print(f"\nNo corpus at {args.corpus}; only the reference was measured.")
        return 0 if succeeded else 1
    unknown = set(args.plan or ()) - {entry["name"] for entry in corpus.index(args.corpus)}
    if unknown:
        parser.error(f"no corpus plan is named {', '.join(sorted(unknown))}")
    results = corpus.measure(
        args.corpus, plans=args.plan, formats=tuple(args.format or corpus.FORMATS)
    )
    plans = len({result.plan for result in results})
    print(f"\n## Corpus: {plans} plans, {len(results)} documents ({args.corpus})\n")
    print("\n".join(corpus.tables(results)))
    if args.details:
        print("\n".join(corpus.details(results)))
    succeeded &= corpus.meets(results, goals=args.min_goals, paragraphs=args.min_paragraphs)
    return 0 if succeeded else 1


def _reference(path: Path) -> bool:
    """Measure the reference plan against the demo's transcription; print the figures and
    what went wrong; whether it was read perfectly."""
    from virkplan.demo.services import demo_document

    from .services import document_from_blocks, reading_from_file

    reading = reading_from_file(path.read_bytes(), path.name, unit="miljo-teknik")
    actual = document_from_blocks(reading.blocks, unit="miljo-teknik")
    figures = compare(demo_document(), actual)
    print(f"## Reference plan ({path.name})\n")
    print("\n".join(figures.lines()))
    for title, items in (
        ("Goals not found exactly:", figures.goals_wrong),
        ("Goals not in the transcription:", figures.goals_extra),
        ("Misplaced:", figures.misplaced),
        ("Missing:", figures.missing),
        ("Imported but not in the transcription:", figures.extra),
        ("Statuses not read as transcribed:", figures.statuses_wrong),
    ):
        if items:
            print(f"\n{title}")
            print("\n".join(f"  - {item}" for item in items))
    return figures.perfect


if __name__ == "__main__":
    sys.exit(main())
