"""Benchmark: import, export and page rendering for the demo plans and a plan ten times larger.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_foundation.py`). It
uses a throw-away SQLite database (or DATABASE_URL) and prints a Markdown table
for docs/performance.md. Figures are medians of several runs on one machine.
"""

import os
import statistics
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from shared import QueryCounter, clear_plans  # noqa: E402

from virkplan.demo.services import scaled_demo_document  # noqa: E402
from virkplan.interchange.selectors import document_export  # noqa: E402
from virkplan.interchange.services import document_import  # noqa: E402
from virkplan.plans.selectors import SYSTEM_ACTOR  # noqa: E402


def _timed(action, repeat: int, setup=None) -> tuple[float, float]:
    """Median seconds over `repeat` runs, and peak MiB of Python allocations in one more run.

    Memory is traced in a separate run because tracing slows Python down.
    """
    times = []
    for _ in range(repeat + 1):
        if setup is not None:
            setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    if setup is not None:
        setup()
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times[1:]), peak


def main() -> None:
    call_command("migrate", verbosity=0)
    client = Client()
    rows = []
    for factor in (1, 10):
        document = scaled_demo_document(factor=factor)
        goals = sum(len(fa["goals"]) for p in document["plans"] for fa in p["focus_areas"])

        seconds, peak = _timed(
            lambda document=document: document_import(user=SYSTEM_ACTOR, document=document),
            3,
            clear_plans,
        )
        rows.append((f"import, demo ×{factor} ({goals} goals)", seconds, peak, "–"))
        seconds, peak = _timed(lambda: document_export(user=SYSTEM_ACTOR), 5)
        rows.append((f"export JSON, demo ×{factor}", seconds, peak, "–"))
        for label, url in [
            ("front page", "/"),
            ("plan page 2012–2013", "/plan/mtf-2012-2013/"),
            ("status page 2012–2013", "/plan/mtf-2012-2013/status/"),
            ("goal page", "/maal/mt-2014-g02/"),
        ]:
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                response = client.get(url)
            assert response.status_code == 200, url
            seconds, peak = _timed(lambda url=url: client.get(url), 5)
            rows.append((f"{label}, demo ×{factor}", seconds, peak, str(queries.count)))
    database = connection.vendor
    print(f"| what ({database}) | median time | peak Python memory | SQL queries |")
    print("| --- | --- | --- | --- |")
    for label, seconds, peak, queries in rows:
        print(f"| {label} | {seconds * 1000:.0f} ms | {peak:.1f} MiB | {queries} |")


if __name__ == "__main__":
    sys.exit(main())
