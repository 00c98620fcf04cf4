"""Benchmark: reading legacy plan files (text, PDF, Word) into source lines.

Run with `.venv/bin/python benchmarks/bench_legacy_read.py` (add `--quick` to
skip the 500-page PDF). It uses a throw-away SQLite database (or
DATABASE_URL) to export the demo plans, then reads the reference text layer,
the demo plans as PDF and Word, and a 500-page PDF made of the followed-up
plan's pages over and over. It prints a Markdown table for
docs/performance.md: median times of several runs on one machine, peak
Python memory in a separate traced run, and for the long PDF, read once in a
process of its own, the growth of its peak resident memory (tracing it would
take minutes).
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")
_tmp = tempfile.mkdtemp(prefix="virkplan-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(_tmp) / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

import pypdf  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from virkplan.demo.services import demo_load  # noqa: E402
from virkplan.interchange.legacy.readers import source_from_bytes  # noqa: E402
from virkplan.plans.selectors import SYSTEM_ACTOR  # noqa: E402
from virkplan.reports.exports import plan_file  # noqa: E402

REFERENCE = (
    Path(__file__).resolve().parents[1] / "tests" / "data" / "albertslund-miljo-teknik-2014.txt"
)
LONG_PAGES = 500


def _timed(action, repeat: int) -> tuple[float, float]:
    """Median seconds over `repeat` runs after a warm-up, and peak MiB of Python allocations."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times[1:]), peak


def _long_pdf(pdf: bytes, pages: int) -> bytes:
    """A PDF of `pages` pages, the given PDF's pages over and over."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter()
    for index in range(pages):
        writer.add_page(reader.pages[index % len(reader.pages)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Read in a fresh process, so its peak resident memory is the reader's alone; Django
# is not set up there (its apps would load far more than the reader needs).
_READ_LONG = """
import re, sys, time
from virkplan.interchange.legacy.readers import source_from_bytes

def peak_mib():  # the process's own high-water mark (ru_maxrss would include its parent's)
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024

data = open(sys.argv[1], "rb").read()
before = peak_mib()
start = time.perf_counter()
source = source_from_bytes(data, "long.pdf")
seconds = time.perf_counter() - start
print(seconds, before, peak_mib(), len(source.lines))
"""


def _long_row(pdf: bytes) -> tuple[str, str, str, str]:
    """Time and memory for reading a long PDF, measured in a process of its own."""
    path = Path(_tmp) / "long.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", _READ_LONG, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, before, after, lines = result.stdout.split()
    per_page = float(seconds) / LONG_PAGES * 1000
    return (
        f"{LONG_PAGES}-page PDF (mtf-2012-2013's pages repeated)",
        f"{float(seconds):.1f} s ({per_page:.0f} ms a page)",
        f"peak resident {float(after):.0f} MiB ({float(before):.0f} MiB before reading)",
        f"{len(pdf) / 2**20:.1f} MiB, {LONG_PAGES} pages, {lines} lines",
    )


def main(argv: list[str]) -> None:
    call_command("migrate", verbosity=0)
    demo_load()
    files: list[tuple[str, str, bytes]] = [
        ("reference text layer", "plan.txt", REFERENCE.read_bytes())
    ]
    with translation.override("da"):
        for key in ("mt-2014", "mtf-2012-2013"):
            for format in ("pdf", "docx"):
                content = plan_file(user=SYSTEM_ACTOR, key=key, format=format).content
                files.append((f"{key} ({format.upper()})", f"plan.{format}", content))
    rows = []
    if "--quick" not in argv:
        rows.append(_long_row(_long_pdf(files[-2][2], LONG_PAGES)))
    for label, name, content in files:
        source = source_from_bytes(content, name)
        seconds, peak = _timed(lambda c=content, n=name: source_from_bytes(c, n), repeat=3)
        pages = f", {source.pages} pages" if source.kind != "text" else ""
        rows.append(
            (
                label,
                f"{seconds * 1000:.0f} ms",
                f"{peak:.1f} MiB",
                f"{len(content) / 1024:.0f} KiB{pages}, {len(source.lines)} lines",
            )
        )
    print("| file read | median time | memory | file |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
