"""Benchmark: the pages at Copenhagen's size, without the page cache.

Run against a database loaded with `virkplan load_scale_demo` (PostgreSQL through
DATABASE_URL; it refuses a database without plans):

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_scale.py [--repeat 7] [--profile]

Each page is fetched through Django's test client with the page cache (and the
process's cache of users' Markdown) emptied before every request, once to count
its SQL queries and then `--repeat` times after one warm-up; it prints a Markdown
table (median wall time, median CPU time, queries, size) for docs/performance.md.
`--profile` adds, per page, the functions that took the most time (cProfile,
cumulative). The benchmark adds two users (bench-admin, a superuser, and
bench-editor, an editor of one unit) and changes nothing else.
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import resource
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings_test")

import django

django.setup()
# django-axes logs every sign-in of the test client at INFO.
logging.disable(logging.INFO)

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from shared import QueryCounter  # noqa: E402

from virkplan.core.display.markdown import _render_cached as _markdown_cache  # noqa: E402
from virkplan.demo.scale_plans import LAST_YEAR  # noqa: E402
from virkplan.organisation.models import Role, Unit  # noqa: E402
from virkplan.organisation.services import role_grant  # noqa: E402
from virkplan.plans.models import (  # noqa: E402
    FocusArea,
    FocusAreaGroup,
    FollowUpRound,
    Goal,
    Plan,
    PlanStatus,
)
from virkplan.plans.selectors import SYSTEM_ACTOR  # noqa: E402

PUBLIC = (PlanStatus.PUBLISHED, PlanStatus.ARCHIVED)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _largest(plans) -> Plan:
    return plans.annotate(goals=Count("plan_focus_areas__goals")).order_by("-goals", "key")[0]


def _longest_history_goal() -> tuple[Goal, int]:
    """A goal of a recent published plan that has been carried on for the most years."""
    best, best_length = None, 0
    candidates = Goal.objects.filter(
        plan_focus_area__plan__status__in=PUBLIC, continues__isnull=False, parent__isnull=True
    ).order_by("-plan_focus_area__plan__start_year", "key")[:40]
    for goal in candidates:
        length, current = 0, goal
        while current is not None:
            length, current = length + 1, current.continues
        if length > best_length:
            best, best_length = goal, length
    assert best is not None, "no published goal carries an earlier one on"
    return best, best_length


def _users() -> tuple[object, object, Unit]:
    users = get_user_model()
    admin = users.objects.filter(username="bench-admin").first() or users.objects.create_user(
        username="bench-admin", is_staff=True, is_superuser=True
    )
    # A unit writing this year's plan, as the editors who use "Mine opgaver" most are.
    current = Unit.objects.filter(kind="unit", plans__start_year=LAST_YEAR).order_by("key")
    unit = current.filter(plans__status=PlanStatus.DRAFT).first() or current.first()
    assert unit is not None
    editor = users.objects.filter(username="bench-editor").first()
    if editor is None:
        editor = users.objects.create_user(username="bench-editor")
        role_grant(actor=SYSTEM_ACTOR, username="bench-editor", role=Role.EDITOR, unit=unit)
    return admin, editor, unit


def _pages() -> list[tuple[str, str, object | None]]:
    admin, editor, unit = _users()
    plan = _largest(Plan.objects.filter(status__in=PUBLIC))
    drafts = Plan.objects.filter(status=PlanStatus.DRAFT)
    draft = _largest(drafts if drafts.exists() else Plan.objects.all())
    goal, length = _longest_history_goal()
    goals = getattr(plan, "goals", 0)
    open_rounds = FollowUpRound.objects.filter(finished_at__isnull=True).values("plan_id")
    running = _largest(Plan.objects.filter(pk__in=open_rounds))
    busiest = Unit.objects.annotate(plan_count=Count("plans")).order_by("-plan_count", "key")[0]
    # The unit named responsible for the most goals: its reorganisation page lists them all.
    answering = Unit.objects.annotate(goal_count=Count("goals")).order_by("-goal_count", "key")[0]
    return [
        ("front page", "/", None),
        (f"plan page (the largest, {goals} goals)", f"/plan/{plan.key}/", None),
        ("the same plan page, signed in (superuser)", f"/plan/{plan.key}/", admin),
        ("its status page", f"/plan/{plan.key}/status/", None),
        (f"goal page ({length} years of history)", f"/maal/{goal.key}/", None),
        ("Mine opgaver, administrator (superuser)", "/mine-opgaver/", admin),
        (f"Mine opgaver, editor of {unit.name}", "/mine-opgaver/", editor),
        (
            f"plan edit page, signed in (largest draft, {draft.goals} goals)",  # type: ignore[attr-defined]
            f"/plan/{draft.key}/rediger/",
            admin,
        ),
        (
            f"follow-up round page (largest plan with an open round, {running.goals} goals)",  # type: ignore[attr-defined]
            f"/plan/{running.key}/opfoelgning/",
            admin,
        ),
        ("the largest plan's history, signed in", f"/plan/{plan.key}/historik/", admin),
        ("its next period page, signed in", f"/plan/{plan.key}/naeste-periode/", admin),
        (f"unit page ({busiest.name}, {busiest.plan_count} plans)", f"/enhed/{busiest.key}/", None),  # type: ignore[attr-defined]
        (
            f"reorganisation page ({answering.name}, responsible for {answering.goal_count} goals)",  # type: ignore[attr-defined]
            f"/enhed/{answering.key}/omorganisering/",
            admin,
        ),
        *_overview_pages(admin),
        *_thread_pages(),
    ]


def _thread_pages() -> list[tuple[str, str, object | None]]:
    """The red thread of the executive board's focus area the most published plans include."""
    board = FocusArea.objects.filter(group=FocusAreaGroup.EXECUTIVE_BOARD)
    widest = board.annotate(
        plans=Count("plan_focus_areas", filter=Q(plan_focus_areas__plan__status__in=PUBLIC))
    ).order_by("-plans", "key")[0]
    return [
        ("the focus areas across the municipality", "/indsatsomraader/", None),
        (
            f"the red thread of “{widest.title}” ({widest.plans} plans)",  # type: ignore[attr-defined]
            f"/indsatsomraade/{widest.key}/",
            None,
        ),
    ]


def _overview_pages(admin: object) -> list[tuple[str, str, object | None]]:
    """The overview: each unit's current plans, a year's plans, filtered, as a download, and
    the goals behind its counts."""
    last_year = LAST_YEAR - 1
    return [
        ("overview, the whole municipality", "/overblik/", None),
        ("overview, signed in (superuser)", "/overblik/", admin),
        (f"overview of {last_year}, signed in (superuser)", f"/overblik/?aar={last_year}", admin),
        ("overview, goals met", "/overblik/?status=met", None),
        ("overview as Excel, signed in (superuser)", "/overblik/eksport.xlsx", admin),
        ("the overview's goals, the whole municipality", "/overblik/maal/", None),
        ("the overview's goals, the last page", "/overblik/maal/?side=100000", None),
        ("the overview's goals met", "/overblik/maal/?status=met", None),
    ]


def _fetch(client: Client, url: str):
    # No page kept, and no user text's HTML kept from the fetch before (as for a plan nobody
    # has read since the worker started).
    caches["default"].clear()
    _markdown_cache.cache_clear()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def measure(repeat: int, profile: bool) -> None:
    print(
        f"| page ({connection.vendor}, {Plan.objects.count()} plans, no page cache) "
        "| median time | CPU time | SQL queries | size |"
    )
    print("| --- | --- | --- | --- | --- |")
    profiles = []
    for label, url, user in _pages():
        client = Client()
        if user is not None:
            client.force_login(user)
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            size = len(_fetch(client, url).content)
        walls, cpus = [], []
        for _ in range(repeat + 1):
            start, cpu = time.perf_counter(), _cpu()
            _fetch(client, url)
            walls.append(time.perf_counter() - start)
            cpus.append(_cpu() - cpu)
        wall, cpu = statistics.median(walls[1:]) * 1000, statistics.median(cpus[1:]) * 1000
        print(f"| {label} | {wall:.0f} ms | {cpu:.0f} ms | {queries.count} | {size // 1024} KB |")
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(_fetch, client, url)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
                r"virkplan|template|sql/compiler|psycopg", 25
            )
            profiles.append((label, out.getvalue()))
    for label, text in profiles:
        print(f"\n## {label}\n```\n{text.strip()}\n```")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    if not Plan.objects.exists():
        print("The database has no plans: load it with `virkplan load_scale_demo` first.")
        return 1
    measure(options.repeat, options.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
