"""Benchmark: a plan as PDF, Word, spreadsheet, CSV and JSON, at the demo's size and ten times it.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_reports.py`). It
uses a throw-away SQLite database (or DATABASE_URL) and prints Markdown tables
for docs/performance.md. Figures are medians of several runs on one machine;
each run loads the plan from the database and writes the whole file, as a
download does.

The second table is the PDF and Word download through the site (the whole
middleware stack, as an anonymous reader): the first download, which draws
the file and keeps it (reports.documents), a repeated one from the cache, and
one answered 304 from the browser's ETag. The files are kept in the Redis that
VIRKPLAN_CACHE_URL names, or else in files, as the site keeps them.
`--downloads` runs only that table.
"""

import io
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

import pdfplumber  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from shared import QueryCounter, clear_plans  # noqa: E402

from virkplan.core import data_version  # noqa: E402
from virkplan.demo.services import scaled_demo_document  # noqa: E402
from virkplan.interchange.services import document_import  # noqa: E402
from virkplan.plans.models import Goal  # noqa: E402
from virkplan.plans.selectors import SYSTEM_ACTOR  # noqa: E402
from virkplan.reports.exports import plan_file  # noqa: E402

PLANS = ["mt-2014", "mtf-2012-2013"]
FORMATS = ["pdf", "docx", "xlsx", "csv", "json"]
# PDF takes seconds at ten times the demo's size; fewer runs keep the benchmark short.
REPEAT = {(1, "pdf"): 3, (10, "pdf"): 2}


def _timed(action, repeat: int) -> tuple[float, float]:
    """Median seconds over `repeat` runs after a warm-up, and peak MiB of Python allocations.

    Memory is traced in a separate run because tracing slows Python down.
    """
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


def _pages(content: bytes) -> int:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def _median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _downloads(factor: int) -> list[tuple[str, float, float, float, str]]:
    """First, repeated and 304 downloads of the 2012–2013 plan as PDF and Word, in ms."""
    rows = []
    client = Client()
    key = "mtf-2012-2013"
    for format in ("pdf", "docx"):
        url = reverse("reports:plan-download", args=[key, format])

        def first(url=url) -> None:
            data_version.data_changed()  # outside a transaction: a new version at once
            assert client.get(url).status_code == 200

        first_ms = _median_ms(first, 2 if format == "pdf" else 5)
        response = client.get(url)
        etag = response["ETag"]
        again_ms = _median_ms(lambda url=url: client.get(url), 20)
        not_modified_ms = _median_ms(
            lambda url=url, etag=etag: client.get(url, headers={"If-None-Match": etag}), 20
        )
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        size = f"{len(response.content) / 1024:.0f} KiB"
        rows.append(
            (f"{format.upper()}, {key} ×{factor}", first_ms, again_ms, not_modified_ms, size)
        )
    return rows


def _print_downloads(rows: list[tuple[str, float, float, float, str]]) -> None:
    where = "Redis" if os.environ.get("VIRKPLAN_CACHE_URL") else "files"
    print(f"| download ({connection.vendor}, kept in {where}) | first | repeated | 304 | file |")
    print("| --- | --- | --- | --- | --- |")
    for label, first_ms, again_ms, not_modified_ms, size in rows:
        print(
            f"| {label} | {first_ms:.0f} ms | {again_ms:.1f} ms | {not_modified_ms:.1f} ms "
            f"| {size} |"
        )


def _cache_settings() -> dict:
    """The caches as the site has them: the Redis that VIRKPLAN_CACHE_URL names, or else the
    data version and plan files in files (in the throw-away folder) and pages in memory."""
    url = os.environ.get("VIRKPLAN_CACHE_URL")
    if url:
        redis = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "virkplan-bench",
        }
        return {"CACHES": {"default": redis, "data_version": redis, "documents": redis}}
    files = "django.core.cache.backends.filebased.FileBasedCache"
    return {
        "CACHES": {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "data_version": {"BACKEND": files, "LOCATION": str(Path(_tmp) / "cache")},
            "documents": {"BACKEND": files, "LOCATION": str(Path(_tmp) / "documents")},
        }
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    with override_settings(**_cache_settings()):
        downloads_only = "--downloads" in sys.argv
        rows = [] if downloads_only else _files()
        downloads = []
        for factor in (1, 10):
            clear_plans()
            document_import(user=SYSTEM_ACTOR, document=scaled_demo_document(factor=factor))
            downloads += _downloads(factor)
        if rows:
            _print_files(rows)
            print()
        _print_downloads(downloads)


def _files() -> list[tuple[str, float, float, str, int]]:
    rows = []
    for factor in (1, 10):
        clear_plans()
        document_import(user=SYSTEM_ACTOR, document=scaled_demo_document(factor=factor))
        for key in PLANS:
            goals = Goal.objects.filter(plan_focus_area__plan__key=key).count()
            for format in FORMATS:

                def produce(key=key, format=format) -> bytes:
                    return plan_file(user=SYSTEM_ACTOR, key=key, format=format).content

                queries = QueryCounter()
                with connection.execute_wrapper(queries):
                    content = produce()
                seconds, peak = _timed(produce, REPEAT.get((factor, format), 5))
                size = f"{len(content) / 1024:.0f} KiB"
                if format == "pdf":
                    size += f", {_pages(content)} pages"
                label = f"{format.upper()}, {key} ×{factor} ({goals} goals)"
                rows.append((label, seconds, peak, size, queries.count))
    return rows


def _print_files(rows: list[tuple[str, float, float, str, int]]) -> None:
    database = connection.vendor
    print(f"| what ({database}) | median time | peak Python memory | file | SQL queries |")
    print("| --- | --- | --- | --- | --- |")
    for label, seconds, peak, size, queries in rows:
        print(f"| {label} | {seconds * 1000:.0f} ms | {peak:.1f} MiB | {size} | {queries} |")


if __name__ == "__main__":
    sys.exit(main())
