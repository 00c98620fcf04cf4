"""How well the importer reads the test corpus: plans of other layouts, in every format.

The corpus (tests/data/legacy/, described in its README) holds plans written
the ways other municipalities write them, each as text, Word and PDF in one
and two columns, with the virkplan/1 document it should be read as. Each
file is read with the same code as `virkplan import` and compared with its
expected result (`accuracy.compare`). The figures come out as Markdown tables
per plan and format, with totals per format and overall, for docs/import.md.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .accuracy import Figures, compare

CORPUS = Path(__file__).resolve().parents[4] / "tests" / "data" / "legacy"
FORMATS = ("text", "word", "pdf", "pdf-2col")


@dataclass
class Measured:
    """One document of the corpus in one format, as read."""

    plan: str
    format: str
    figures: Figures
    seconds: float
    error: str = ""


def index(root: Path = CORPUS) -> list[dict[str, Any]]:
    """The corpus plans as corpus.json lists them (name, unit, patterns, files, expected)."""
    return list(json.loads((root / "corpus.json").read_text(encoding="utf-8"))["plans"])


def measure(
    root: Path = CORPUS,
    *,
    plans: list[str] | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> list[Measured]:
    """Every chosen plan in every chosen format, read and compared with its expected result."""
    results = []
    for entry in index(root):
        if plans and entry["name"] not in plans:
            continue
        expected = json.loads((root / entry["expected"]).read_text(encoding="utf-8"))
        for kind in formats:
            path = root / entry["files"][kind]
            results.append(_measured(entry, kind, path, expected))
    return results


def _measured(entry: dict[str, Any], kind: str, path: Path, expected: dict[str, Any]) -> Measured:
    from .services import document_from_blocks, reading_from_file
    from .source import UnreadableDocument

    start = time.perf_counter()
    error = ""
    actual: dict[str, Any] = {"plans": []}
    try:
        reading = reading_from_file(path.read_bytes(), path.name, unit=entry["unit"])
        actual = document_from_blocks(reading.blocks, unit=entry["unit"])
    except UnreadableDocument as refused:
        error = f"refused: {refused}"
    except OSError as missing:
        error = f"not readable: {missing}"
    except (
        Exception
    ) as crash:  # the parser promises not to raise; one that does must not stop the others
        error = f"failed: {crash.__class__.__name__}: {crash}"
    return Measured(
        plan=entry["name"],
        format=kind,
        figures=compare(expected, actual),
        seconds=time.perf_counter() - start,
        error=error,
    )


def _total(results: list[Measured]) -> Figures:
    total = Figures()
    for result in results:
        for spec in fields(Figures):
            value = getattr(result.figures, spec.name)
            mine = getattr(total, spec.name)
            if isinstance(value, tuple):
                setattr(total, spec.name, (mine[0] + value[0], mine[1] + value[1]))
            else:
                setattr(total, spec.name, mine + value)
    return total


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / whole:.0f} %)" if whole else "–"


def _goals(figures: Figures) -> int:
    return figures.goals_found[1]


MEASURES: dict[str, tuple[Callable[[Figures], int], Callable[[Figures], int]]] = {
    "goals read exactly": (lambda f: f.goals_exact, _goals),
    "goals found, exactly or not": (lambda f: f.goals_found[0], _goals),
    "goals read that are not goals, against those expected": (lambda f: len(f.goals_extra), _goals),
    "paragraphs under the right goal": (lambda f: f.placed_right, lambda f: f.paragraphs),
    "stated statuses read right": (lambda f: f.statuses_right, lambda f: f.statuses),
}
"""What the totals show: a count and what it is out of."""


def tables(results: list[Measured]) -> list[str]:
    """Markdown: each plan in each format, then the totals per format and over all."""
    formats = [kind for kind in FORMATS if any(r.format == kind for r in results)]
    cell = {(r.plan, r.format): r for r in results}
    out = [
        "Each cell: goals read exactly · documentation and follow-up paragraphs under the "
        "right goal · stated statuses read right, each of what the plan holds; (+n) goals "
        "read that are not goals of the plan.",
        "",
        "| plan | " + " | ".join(formats) + " |",
        "| --- | " + " | ".join("---" for _ in formats) + " |",
    ]
    for name in dict.fromkeys(r.plan for r in results):
        out.append(f"| {name} | " + " | ".join(_cell(cell[name, k]) for k in formats) + " |")
    totals = [_total([r for r in results if r.format == kind]) for kind in formats]
    totals.append(_total(results))
    out += ["", "| in all plans | " + " | ".join([*formats, "all formats"]) + " |"]
    out.append("| --- | " + " | ".join("---" for _ in totals) + " |")
    for title, (part, whole) in MEASURES.items():
        out.append(f"| {title} | " + " | ".join(_share(part(t), whole(t)) for t in totals) + " |")
    errors = [f"- **!** {r.plan} ({r.format}): {r.error}" for r in results if r.error]
    return out + (["", "Not read:", *errors] if errors else [])


def _cell(result: Measured) -> str:
    figures = result.figures
    extra = f" (+{len(figures.goals_extra)})" if figures.goals_extra else ""
    mark = " **!**" if result.error else ""
    return mark + (
        f"{figures.goals_exact}/{figures.goals_found[1]}{extra} · "
        f"{figures.placed_right}/{figures.paragraphs} · "
        f"{figures.statuses_right}/{figures.statuses}"
    )


def details(results: list[Measured]) -> list[str]:
    """What went wrong in each document: goals, paragraphs and statuses."""
    out: list[str] = []
    for result in results:
        figures = result.figures
        out.append(f"\n== {result.plan} ({result.format}), read in {result.seconds:.1f} s")
        if result.error:
            out.append(f"  {result.error}")
        for title, items in (
            ("goals not found exactly", figures.goals_wrong),
            ("goals that are not goals of the plan", figures.goals_extra),
            ("misplaced", figures.misplaced),
            ("missing", figures.missing),
            ("statuses wrong", figures.statuses_wrong),
            ("imported but not expected", figures.extra),
        ):
            if items:
                out.append(f"  {title}:")
                out += [f"    - {item}" for item in items]
    return out


def meets(results: list[Measured], *, goals: float | None, paragraphs: float | None) -> bool:
    """Whether the corpus as a whole meets the wanted shares (0–1) of exact goals and placed
    paragraphs."""
    total = _total(results)
    goal_share = total.goals_exact / total.goals_found[1] if total.goals_found[1] else 1.0
    paragraph_share = total.placed_right / total.paragraphs if total.paragraphs else 1.0
    return (goals is None or goal_share >= goals) and (
        paragraphs is None or paragraph_share >= paragraphs
    )
