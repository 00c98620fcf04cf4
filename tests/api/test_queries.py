"""The API issues a number of SQL queries that does not grow with the size of a page or a plan.

Each operation is counted on the demo and on the demo ten times over, with the largest page;
both must issue exactly the pinned number. A change that makes an operation issue more
queries must change the pin on purpose.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from virkplan.plans.models import FollowUp, Goal

from .conftest import API, secret_for

# Pinned counts for an anonymous caller: the page's rows, their count, and the prefetches.
OPERATIONS = {
    # units, count, successors
    "/units?limit=200": 3,
    "/units/tree": 1,
    "/units/miljo-teknik": 2,
    # plans with their unit and the plan they revise, count
    "/plans?limit=200": 2,
    # plan, sections, focus areas, goals, criteria, follow-ups, their criteria, statuses
    "/plans/mtf-2012-2013": 8,
    "/focus-areas?limit=200": 2,
    "/focus-areas/mt-2014-fa-bo-i-albertslund": 1,
    # goals, count, criteria
    "/goals?limit=200": 3,
    # goal, criteria, follow-ups and their criteria, statuses, sub-goals
    "/goals/mtf-2012-2013-g01": 6,
    "/criteria?limit=200": 2,
    "/criteria?goal=mt-2014-g02": 2,
    # follow-ups, count, their criteria
    "/follow-ups?limit=200": 3,
}


def _count(client, path: str, headers: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}{path}", headers=headers or {})
    assert response.status_code == 200, response.content
    return len(queries)


def test_query_counts_on_the_demo(client, demo):
    counts = {path: _count(client, path) for path in OPERATIONS}
    assert counts == OPERATIONS


def test_query_counts_on_plans_ten_times_the_demo(client, scaled_demo):
    # Given plans ten times the demo's size, whose pages are full
    assert Goal.objects.count() > 200 and FollowUp.objects.count() > 500
    # Then each operation issues as many queries as on the demo
    counts = {path: _count(client, path) for path in OPERATIONS}
    assert counts == OPERATIONS


def test_a_token_caller_adds_a_fixed_number(client, scaled_demo):
    from django.contrib.auth.models import User

    user = User.objects.create_user("laeser")
    headers = {"Authorization": f"Bearer {secret_for(user)}"}
    # The first request also notes when the token was used
    assert _count(client, "/plans", headers) == OPERATIONS["/plans?limit=200"] + 4
    # Within the minute, each request adds the token and (where visibility applies) the roles
    counts = {path: _count(client, path, headers) for path in OPERATIONS}
    assert counts == {
        path: count + (1 if path.startswith("/units") else 3) for path, count in OPERATIONS.items()
    }


def test_a_full_page_holds_the_largest_number_of_items(client, scaled_demo):
    page = client.get(f"{API}/goals?limit=200").json()
    assert len(page["items"]) == 200 and page["count"] == Goal.objects.count()
