"""Benchmark: what a page costs to render (no page cache), and what a command costs to start.

Run with `.venv/bin/python benchmarks/bench_render.py` (`make bench` runs it too). It
imports the demo and the demo ten times over into a throw-away SQLite database (or
DATABASE_URL), times the plan page and the status page through Django's test client, and
times `virkplan check` in a fresh process, noting which heavy libraries the URLconf and a
command load. It prints Markdown tables for docs/performance.md; times are medians of
several runs after one warm-up.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")
_tmp = tempfile.mkdtemp(prefix="virkplan-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(_tmp) / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from shared import QueryCounter, clear_plans  # noqa: E402

from virkplan.demo.services import scaled_demo_document  # noqa: E402
from virkplan.interchange.services import document_import  # noqa: E402
from virkplan.plans.selectors import SYSTEM_ACTOR  # noqa: E402

HEAVY = ("weasyprint", "matplotlib", "pdfplumber", "docx", "openpyxl")
PAGES = [
    ("plan page 2012–2013", "/plan/mtf-2012-2013/"),
    ("status page 2012–2013", "/plan/mtf-2012-2013/status/"),
]


def _median_ms(action, repeat: int) -> tuple[float, float]:
    """Median milliseconds over `repeat` runs after one warm-up: wall clock, and CPU time.

    CPU time is this process's and its children's (a command started in a fresh process), so
    it shows the work itself even when others keep the machine busy.
    """
    walls, cpus = [], []
    for _ in range(repeat + 1):
        start, cpu = time.perf_counter(), _cpu()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls[1:]) * 1000, statistics.median(cpus[1:]) * 1000


def _cpu() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _pages() -> list[tuple[str, tuple[float, float], int]]:
    client = Client()
    rows = []
    for factor in (1, 10):
        clear_plans()
        document_import(user=SYSTEM_ACTOR, document=scaled_demo_document(factor=factor))
        for label, url in PAGES:
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                response = client.get(url)
            assert response.status_code == 200, url
            times = _median_ms(lambda url=url: client.get(url), 9)
            rows.append((f"{label}, demo ×{factor}", times, queries.count))
    return rows


def _in_fresh_process(code: str) -> str:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "virkplan.settings_test"}
    done = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    return done.stdout.strip()


def _command_start() -> list[tuple[str, tuple[float, float]]]:
    rows = []
    for label, argv in [("virkplan check", ["check"]), ("virkplan --help", ["--help"])]:
        code = (
            "import sys\nfrom virkplan.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        )

        def run(code=code) -> None:
            _in_fresh_process(code)

        rows.append((label, _median_ms(run, 5)))
    return rows


def _heavy_modules() -> list[tuple[str, str]]:
    """Which heavy libraries are in sys.modules after loading the URLconf, and after a command."""
    report = f"import sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules) or 'none')"
    urlconf = "import django\ndjango.setup()\nimport virkplan.urls\n" + report
    command = (
        "import io, contextlib\nfrom virkplan.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['check'])\n" + report
    )
    return [
        ("the URLconf (a worker's first request)", _in_fresh_process(urlconf)),
        ("`virkplan check`", _in_fresh_process(command)),
    ]


def main() -> None:
    call_command("migrate", verbosity=0)
    database = connection.vendor
    print(f"| page ({database}, no page cache) | median time | CPU time | SQL queries |")
    print("| --- | --- | --- | --- |")
    for label, (wall, cpu), queries in _pages():
        print(f"| {label} | {wall:.0f} ms | {cpu:.0f} ms | {queries} |")
    print()
    print("| command, in a fresh process | median wall time | CPU time |")
    print("| --- | --- | --- |")
    for label, (wall, cpu) in _command_start():
        print(f"| {label} | {wall:.0f} ms | {cpu:.0f} ms |")
    print()
    print("| loaded | heavy libraries imported |")
    print("| --- | --- |")
    for label, modules in _heavy_modules():
        print(f"| {label} | {modules} |")


if __name__ == "__main__":
    sys.exit(main())
