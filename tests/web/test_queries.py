"""A page issues a number of SQL queries that does not grow with the size of the plan.

Each page is counted on the demo and on the demo ten times over (every plan's
focus areas, goals, criteria and follow-ups repeated ten times, imported into
an empty database); both must issue exactly the pinned number of queries.
A change that makes a page issue more queries must change the pin on purpose.
"""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans import services
from virkplan.plans.models import FollowUp, Goal, Plan

from .conftest import SCALE

# Pinned query counts for an anonymous reader. They hold for any plan size.
PAGES = {
    # the citizens' start page (anonymous readers' front page): the years the published plans
    # cover, the shared focus areas, the published plans, their goals counted by status in one
    # query, and the departments the filter offers
    "front": ("web:front", None, 5),
    "citizens": ("web:citizens", None, 5),
    # plan, sections, focus areas, goals, criteria, follow-ups, the goals' statuses, the
    # previous plan (plans.selectors.previous_plan); the units of the organisation chart that
    # "Hvem er vi?" shows
    "plan-2014": ("web:plan", "mt-2014", 9),
    # ... and the criteria each follow-up speaks about
    "plan-2012-2013": ("web:plan", "mtf-2012-2013", 9),
    # the plan, its focus areas with their follow-ups counted, its goals' ids, their statuses,
    # and its newest follow-up round (none in the demo)
    "status-2012-2013": ("web:plan-status", "mtf-2012-2013", 5),
    "status-2014": ("web:plan-status", "mt-2014", 5),
    # goal, criteria, follow-ups, statuses, sub-goals; the goal's whole history across plans
    # in one recursive query and its follow-ups and statuses in two more, however many
    # periods it spans; the indicators measuring its criteria, and their measurements when
    # there are any.
    "goal-2014": ("web:goal", "mt-2014-g02", 9),
    "goal-2012-2013": ("web:goal", "mtf-2012-2013-g01", 10),
    "goal-2014-measured": ("web:goal", "mt-2014-g03", 10),
    # a focus area across the plans: its row, the thread's rows, the plans' texts about them,
    # their goals, the goals' statuses
    "focus-area": ("web:focus-area", "mt-2014-fa-bo-i-albertslund", 5),
    # the shared focus areas, each with how many plans include it
    "focus-areas": ("web:focus-areas", None, 1),
    # the filters' years, units (twice) and focus areas; the plans (each unit's current ones
    # in one window query), their goals counted by status in one query, and their rounds
    "overview": ("web:overview", None, 7),
    # the filters' years, units (twice) and focus areas; the plans, as the overview's; the
    # goals counted, a page of them with their plan, unit and focus area, and their statuses
    "overview-goals": ("web:overview-goals", None, 8),
}
MAX_QUERIES = 12


def _count(client, name: str) -> int:
    view, key, _pinned = PAGES[name]
    url = reverse(view, args=[key] if key else [])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_on_the_demo(client, demo, name: str) -> None:
    count = _count(client, name)
    assert count == PAGES[name][2] <= MAX_QUERIES, f"{name}: {count} queries"


@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_on_a_plan_ten_times_the_demo(client, scaled_demo, name: str) -> None:
    # Given plans ten times the demo's size
    plan = Plan.objects.get(key="mtf-2012-2013")
    assert plan.plan_focus_areas.count() == 4 * SCALE
    assert Goal.objects.filter(plan_focus_area__plan=plan).count() == 19 * SCALE
    assert FollowUp.objects.filter(goal__plan_focus_area__plan=plan).count() > 500
    # Then each page issues as many queries as on the demo
    count = _count(client, name)
    assert count == PAGES[name][2] <= MAX_QUERIES, f"{name}: {count} queries"


def test_large_plan_page_shows_every_goal(client, scaled_demo) -> None:
    # The count above means nothing if the page stopped showing the plan
    html = client.get(reverse("web:plan", args=["mtf-2012-2013"])).content.decode()
    keys = Goal.objects.filter(plan_focus_area__plan__key="mtf-2012-2013").values_list(
        "key", flat=True
    )
    assert len(keys) == 19 * SCALE
    for key in keys:
        assert reverse("web:goal", args=[key]) in html


def test_a_goal_page_costs_the_same_for_ten_years_of_history(client, demo) -> None:
    # Given a goal carried forward from plan to plan for ten more years
    client.force_login(User.objects.create_superuser("chef", password="unused-here"))
    plan, key = Plan.objects.get(key="mt-2014"), "mt-2014-g02"
    short = _queries(client, reverse("web:goal", args=[key]))
    goal = Goal.objects.get(key=key)
    for year in range(2015, 2025):
        plan = services.plan_copy_to_next_period(
            user=SYSTEM_ACTOR,
            plan=plan,
            start_year=year,
            end_year=year,
            title=f"Virksomhedsplan {year}",
            goal_keys=[goal.key],
        )
        goal = Goal.objects.get(continues=goal)
    # When the newest goal's page is opened, and the oldest's
    url = reverse("web:goal", args=[goal.key])
    html = client.get(url).content.decode()
    # Then its history names every year's plan, for the same number of queries as before
    for year in range(2014, 2025):
        assert f"Virksomhedsplan {year}" in html, year
    assert _queries(client, url) == short
    assert _queries(client, reverse("web:goal", args=[key])) == short


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("view", "key", "cost"),
    [
        # the goals' counts of comments (one query) and the plan's own thread (one)
        ("web:plan", "mt-2014", 2),
        # the goal's thread
        ("web:goal", "mt-2014-g02", 1),
    ],
)
def test_comments_cost_a_fixed_number_of_queries_however_many_there_are(
    client, demo, monkeypatch, view: str, key: str, cost: int
) -> None:
    from virkplan.comments.services import comment_post
    from virkplan.web.views import comments as comment_views

    # Given a signed-in administrator, who sees every thread
    admin = User.objects.create_superuser("chef", password="unused-here")
    client.force_login(admin)
    url = reverse(view, args=[key])
    without_any = _queries(client, url)
    # When every goal of the plan and the plan itself have comments
    plan = Plan.objects.get(key="mt-2014")
    for goal in Goal.objects.filter(plan_focus_area__plan=plan):
        for text in ("Et spørgsmål.", "Et svar."):
            comment_post(user=admin, plan=plan, goal=goal, text=text)
    comment_post(user=admin, plan=plan, text="Om hele planen.")
    # Then the page costs what it cost without them
    assert _queries(client, url) == without_any
    # And the threads are all they add to what a reader who may not see them pays
    monkeypatch.setattr(comment_views, "can_view_comments", lambda user, plan: False)
    assert without_any - _queries(client, url) == cost
