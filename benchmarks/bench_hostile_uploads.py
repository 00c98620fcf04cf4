"""Benchmark: how fast hostile uploads are refused, and whether the parser stays linear.

Run with `.venv/bin/python benchmarks/bench_hostile_uploads.py` (add `--quick`
to leave out the 16 MB PDF of 200,000 real pages and the 8x linearity step;
`--parser-only` times only the parser, and runs on code from before the
child process too, e.g. with PYTHONPATH pointing at an older checkout's src;
`--factors 8,16,32` sets the sizes).
For each hostile file of tests/interchange/legacy/hostile.py it starts a
process of its own that builds the file and reads it as the upload page does
(`reading_in_child` with the upload limits from settings), and reports the
time until the refusal, the refusal, and the peak resident memory of that
process (the web worker's part) and of its child (the reader's part: as the
child reports it, or for a child stopped by a limit, as the kernel recorded
it, which for a child is at least what its parent held when it started). Then it
times the parser (`blocks_from_lines`, after the reader) on the reference
plan's text repeated 1, 2, 4 and 8 times, and on a generated plan of the same
sizes, and prints how the time grows: an exponent of 1 is linear. It prints
Markdown tables for docs/performance.md.
"""

from __future__ import annotations

import gc
import json
import logging
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402
from tests.interchange.legacy import hostile  # noqa: E402

from virkplan.interchange.legacy.parser import blocks_from_lines  # noqa: E402
from virkplan.interchange.legacy.readers import source_from_bytes  # noqa: E402
from virkplan.interchange.legacy.services import _with_pages  # noqa: E402
from virkplan.interchange.legacy.source import UnreadableDocument  # noqa: E402

REFERENCE = ROOT / "tests" / "data" / "albertslund-miljo-teknik-2014.txt"

CASES = {
    "docx-30mb": ("plan.docx", lambda: hostile.docx_unpacking_to(30 * 2**20)),
    "pdf-600k-characters": ("plan.pdf", lambda: hostile.pdf_with_a_crowded_page(600_000)),
    "pdf-1gb-stream": ("plan.pdf", lambda: hostile.pdf_with_an_inflating_stream(2**30)),
    "text-6mb": ("plan.txt", lambda: hostile.long_text(6 * 2**20)),
    "pdf-claiming-200000-pages": ("plan.pdf", lambda: hostile.pdf_claiming_pages(200_000)),
    "pdf-200000-pages": ("plan.pdf", lambda: hostile.pdf_with_pages(200_000)),
}
LABELS = {
    "docx-30mb": "Word document unpacking to 30 MB",
    "pdf-600k-characters": "PDF page of 600,000 characters",
    "pdf-1gb-stream": "PDF stream inflating to 1 GB",
    "text-6mb": "text of 6 MB",
    "pdf-claiming-200000-pages": "PDF claiming 200,000 pages",
    "pdf-200000-pages": "PDF of 200,000 pages",
}
SLOW = {"pdf-200000-pages"}


def _peak_mib() -> float:
    """This process's own high-water mark of resident memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Peaks(logging.Handler):
    """Keeps the child's peak memory from the reading's log record."""

    peak: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if "peak memory" in record.msg:
            self.peak = float(record.args[-1])  # type: ignore[index]


def run_case(case: str) -> None:
    """Build and read one hostile file in this process; print the figures as JSON."""
    from virkplan.interchange.legacy.isolation import reading_in_child, upload_limits

    name, build = CASES[case]
    data = build()
    peaks = _Peaks()
    isolation_log = logging.getLogger("virkplan.interchange.legacy.isolation")
    isolation_log.addHandler(peaks)
    isolation_log.setLevel(logging.INFO)
    # Start the high-water mark afresh, so that building the file does not count.
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = _peak_mib()
    start = time.perf_counter()
    with translation.override("da"):
        try:
            reading_in_child(data, name, unit="enhed", limits=upload_limits())
            outcome = "read"
        except UnreadableDocument as refused:
            outcome = refused.message
    seconds = time.perf_counter() - start
    child = peaks.peak or resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "size": len(data),
                "seconds": seconds,
                "parent_before": before,
                "parent": _peak_mib(),
                "child": child,
                "outcome": outcome,
            }
        )
    )


def _case_row(case: str) -> str:
    result = subprocess.run(  # noqa: S603 (this interpreter, this script)
        [sys.executable, __file__, "--case", case], capture_output=True, text=True, check=True
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    size = figures["size"]
    shown = f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"
    outcome = figures["outcome"]
    return (
        f"| {LABELS[case]} ({shown}) | {figures['seconds']:.1f} s | "
        f"{figures['parent']:.0f} MiB ({figures['parent_before']:.0f} at the start) | "
        f"{figures['child']:.0f} MiB | {outcome[:70]}… |"
    )


def _best_of_three(action) -> float:
    best = math.inf
    for _ in range(3):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def _linearity_rows(factors: list[int]) -> list[str]:
    """CPU time (best of three) to read a text into lines, and to parse the lines."""
    reference = REFERENCE.read_bytes()
    inputs = {
        "reference plan": lambda factor: reference * factor,
        "generated plan": lambda factor: hostile.long_text(len(reference) * factor),
        "one paragraph of 1,000 lines": lambda factor: (
            "Virksomhedsplan 2014\n\nMål: Vi vil.\nDokumentation:\n"
            + "Der er gjort et stort arbejde i år på hele området.\n" * (1000 * factor)
        ).encode(),
    }
    rows = []
    for label, make in inputs.items():
        parse_times: list[float] = []
        for factor in factors:
            data = make(factor)
            lines = _with_pages(source_from_bytes(data, "plan.txt")).lines
            read = _best_of_three(lambda d=data: _with_pages(source_from_bytes(d, "plan.txt")))
            parse = _best_of_three(lambda ls=lines: blocks_from_lines(ls, unit="enhed"))
            parse_times.append(parse)
            growth = f"{math.log2(parse / parse_times[-2]):.2f}" if len(parse_times) > 1 else ""
            rows.append(
                f"| {label} ×{factor} | {len(lines):,} | {len(data) / 2**10:,.0f} KB | "
                f"{read:.2f} s | {parse:.2f} s | {growth} |"
            )
    return rows


def main(argv: list[str]) -> None:
    if argv[:1] == ["--case"]:
        run_case(argv[1])
        return
    quick = "--quick" in argv
    factors = [1, 2, 4] if quick else [1, 2, 4, 8]
    if "--factors" in argv:
        factors = [int(factor) for factor in argv[argv.index("--factors") + 1].split(",")]
    if "--parser-only" not in argv:
        _print_cases(quick)
    print("| text | lines | size | reading | parsing | parsing's growth exponent |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in _linearity_rows(factors):
        print(row, flush=True)


def _print_cases(quick: bool) -> None:
    print("| hostile upload | until refused | web worker's peak memory | child's peak | message |")
    print("| --- | --- | --- | --- | --- |")
    for case in CASES:
        if quick and case in SLOW:
            continue
        print(_case_row(case), flush=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
