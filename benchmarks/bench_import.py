"""Benchmark: importing 1,000 goals with 5,000 criteria and 20,000 follow-ups in one document.

Run with `.venv/bin/python benchmarks/bench_import.py` (add `--profile` for a
cProfile listing of one import). It uses a throw-away SQLite database (or
DATABASE_URL), imports the document through `document_import`, the service
`virkplan import` calls, and prints a Markdown table for docs/performance.md:
the median of a few runs (BENCH_RUNS, 3), each into an empty site, in time
and in the benchmark process's CPU (which a busy machine does not inflate;
the database server's work is not in it), and the SQL queries of one.

The document holds five yearly plans of one department, each with ten focus
areas shared by all five (set by the department) and 200 goals, a fifth of
them sub-goals. Every goal has 5 criteria and 20 follow-ups that each speak
about one criterion, and carries on the same goal of the year before; four
plans are approved, so each import also records their workflow step.
"""

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")
_tmp = tempfile.mkdtemp(prefix="virkplan-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(_tmp) / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from shared import QueryCounter, clear_plans  # noqa: E402

from virkplan.interchange.services import document_import  # noqa: E402
from virkplan.plans.selectors import SYSTEM_ACTOR  # noqa: E402

PLANS = 5
FOCUS_AREAS = 10
TOP_GOALS = 16  # a focus area's goals; every fourth has a sub-goal, so 20 goals a focus area
CRITERIA = 5
FOLLOW_UPS = 20
STATUSES = ("met", "partly_met", "not_met", "in_progress")


def _goal(year: int, name: str, *, continues: bool) -> dict[str, Any]:
    key = name.replace(".", "-")
    return {
        "key": f"bench-{year}-{key}",
        "ref": name,
        "statement": f"Målet {name} for {year}: borgerne oplever bedre service på området.",
        "responsible_unit": "bench-afdeling",
        "continues": f"bench-{year - 1}-{key}" if continues else None,
        "criteria": [
            {
                "text": f"Kriterium {n + 1} for mål {name}",
                "target": {
                    "comparison": "at_least",
                    "value": 10 * (n + 1),
                    "unit": "%",
                    "baseline_value": 5,
                    "baseline_year": year - 1,
                    "target_year": year,
                },
            }
            for n in range(CRITERIA)
        ],
        "follow_ups": [
            {
                "date": f"{year}-{1 + n % 12:02d}-15",
                "status": STATUSES[n % len(STATUSES)],
                "text": f"Opfølgning {n + 1}: arbejdet er i gang og følger planen.",
                "criteria": [n % CRITERIA],
            }
            for n in range(FOLLOW_UPS)
        ],
    }


def bench_document() -> dict[str, Any]:
    """Five yearly plans of 200 goals each, as a virkplan/1 document."""
    plans = []
    for p in range(PLANS):
        year = 2020 + p
        focus_areas = []
        for f in range(FOCUS_AREAS):
            goals = []
            for g in range(TOP_GOALS):
                goal = _goal(year, f"{f + 1}.{g + 1}", continues=p > 0)
                if g % 4 == 0:
                    goal["goals"] = [_goal(year, f"{f + 1}.{g + 1}.1", continues=p > 0)]
                goals.append(goal)
            focus_areas.append(
                {
                    "key": f"bench-fokus-{f + 1}",
                    "title": f"Fokusområde {f + 1}",
                    "tagline": "Sammen om velfærd",
                    "group": "unit",
                    "set_by": "bench-afdeling",
                    "body": "Et fokusområde, som alle afdelingens planer har.",
                    "unit_text": f"Afdelingens arbejde med fokusområde {f + 1} i {year}.",
                    "goals": goals,
                }
            )
        plans.append(
            {
                "key": f"bench-plan-{year}",
                "kind": "department_plan",
                "title": f"Afdelingsplan {year}",
                "unit": "bench-afdeling",
                "period": {"start": year, "end": year},
                "status": "approved" if p < PLANS - 1 else "draft",
                "sections": [{"title": "Indledning", "body": "Planens indledning."}],
                "focus_areas": focus_areas,
            }
        )
    return {
        "format": "virkplan/1",
        "units": [
            {"key": "bench-kommune", "name": "Benchmark Kommune", "kind": "municipality"},
            {
                "key": "bench-afdeling",
                "name": "Benchmarkafdelingen",
                "kind": "department",
                "parent": "bench-kommune",
            },
        ],
        "plans": plans,
    }


def _import(document: dict[str, Any]) -> None:
    result = document_import(user=SYSTEM_ACTOR, document=document)
    assert not result.warnings, result.warnings[:3]


def main() -> None:
    call_command("migrate", verbosity=0)
    document = bench_document()
    clear_plans()
    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.runcall(_import, document)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        return
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        result = document_import(user=SYSTEM_ACTOR, document=document)
    times, cpu = [], []
    for _ in range(int(os.environ.get("BENCH_RUNS", "3"))):
        clear_plans()
        start, start_cpu = time.perf_counter(), time.process_time()
        _import(document)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    clear_plans()
    print(f"| what ({connection.vendor}) | median time | Python CPU | SQL queries |")
    print("| --- | --- | --- | --- |")
    print(
        f"| import {len(result.plans)} plans: {result.goals} goals, {result.criteria} criteria, "
        f"{result.follow_ups} follow-ups | {statistics.median(times):.1f} s "
        f"| {statistics.median(cpu):.1f} s | {queries.count} |"
    )


if __name__ == "__main__":
    sys.exit(main())
