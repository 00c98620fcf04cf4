"""The overview's goals /overblik/maal/: the goals behind each count of the overview, with the
same filters and a plan, who sees which, a page at a time, and a query count that does not
grow with the data.

On the demo (tests/web/test_overview.py): Miljø & Teknik's plan 2014 (16 goals, none followed
up) and Miljø- og Teknikforvaltningen's plan 2012–2013 (19 goals, followed up 31 December
2013: 1 met, 1 postponed, 1 not met, 1 dropped, 15 not assessed), both published.
"""

import datetime
import functools
import re
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans import services
from virkplan.plans.goal_status import GOAL_STATUS_ORDER, NOT_FOLLOWED_UP, STATUS_LOOK
from virkplan.plans.models import Goal, Plan
from virkplan.plans.overview import OverviewFilters, overview
from virkplan.plans.overview_goals import PAGE_SIZE, overview_goals
from virkplan.plans.selectors import attach_goal_tree

from ..conftest import added_each_test
from .conftest import links, page_text, table_rows
from .test_overview import _draft, _editor, _filters, drafts_everywhere

pytestmark = pytest.mark.django_db

GOALS = reverse("web:overview-goals")


def _goal_keys(html: str) -> list[str]:
    """The goals the page lists, by key, in order (each row links its goal's page)."""
    return re.findall(r'class="vp-overview-goal[^"]*"><a href="/maal/([^/]+)/"', html)


def _all_keys(client, params: dict) -> list[str]:
    """Every goal the list gives, page after page."""
    keys: list[str] = []
    for number in range(1, 100):
        html = client.get(GOALS, {**params, "side": number}).content.decode()
        keys += _goal_keys(html)
        if 'rel="next"' not in html:
            return keys
    raise AssertionError("the pages do not end")


def _document_order(plan: Plan) -> list[str]:
    """The plan's goals as the plan prints them: focus area by focus area, each goal followed
    by its sub-goals."""
    keys = []
    for area in plan.plan_focus_areas.order_by("position", "id"):
        for goal in attach_goal_tree(area.goals.order_by("position", "id")):
            keys += [goal.key, *(sub.key for sub in goal.subgoal_list)]
    return keys


# --- the selector -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"year": 2013},
        {"unit": "miljo-teknik"},
        {"focus_area": "mt-2014-fa-bo-i-albertslund"},
        {"responsible_unit": "miljo-teknik"},
        {"goal_status": "not_assessed"},
    ],
)
def test_each_count_of_the_overview_is_the_number_of_goals_the_list_gives(demo, given):
    # Given the overview with the filters
    filters = _filters(**given)
    counted = overview(user=None, filters=filters)
    assert counted.rows
    for row in counted.rows:
        for cell in row.cells:
            if filters.goal_status and cell.status != filters.goal_status:
                continue  # counted nought, as the filter leaves those goals out
            # When the goals behind a cell are listed
            goals = overview_goals(
                user=None, filters=replace(filters, plan=row.plan, goal_status=cell.status)
            )
            # Then there are as many as the cell says, each of the plan and in the status
            assert goals.count == cell.count, (row.plan.key, cell.status)
            for goal in goals.goals:
                assert goal.plan_focus_area.plan == row.plan
                assert goal.current_status.status == cell.status
    # And the whole list is the overview's total
    assert overview_goals(user=None, filters=filters).count == counted.goals


def test_the_goals_come_by_unit_and_plan_in_each_plans_order(demo):
    # When every goal an anonymous reader may see is listed
    keys = [goal.key for goal in overview_goals(user=None, filters=OverviewFilters()).goals]
    # Then Miljø & Teknik's plan comes first (the units' order), then 2012–2013, each in the
    # order the plan prints its goals
    assert keys == _document_order(Plan.objects.get(key="mt-2014")) + _document_order(
        Plan.objects.get(key="mtf-2012-2013")
    )


def test_a_sub_goal_comes_right_after_its_goal(demo):
    # Given a draft with three goals, a second focus area with a goal, and then a sub-goal
    # of the first goal, written last
    draft = _draft("miljo-teknik", 2015, goals=3)
    area = draft.plan_focus_areas.get()
    other = services.plan_focus_area_add(user=SYSTEM_ACTOR, plan=draft, title="Trivsel")
    services.goal_create(user=SYSTEM_ACTOR, area=other, statement="Vi vil trives.")
    first = area.goals.order_by("position", "id").first()
    sub = services.goal_create(
        user=SYSTEM_ACTOR, area=area, statement="Vi vil først.", parent=first
    )
    # When the draft's goals are listed
    goals = overview_goals(user=SYSTEM_ACTOR, filters=OverviewFilters(plan=draft)).goals
    # Then they are in the plan's order, the sub-goal right after its goal
    keys = [goal.key for goal in goals]
    assert keys[:2] == [first.key, sub.key]
    assert keys == _document_order(draft)
    assert len(keys) == 5


def test_a_plan_asked_for_is_listed_whatever_its_year(demo):
    # Given Miljø & Teknik's newer plans, which make 2014 no longer current
    for year in (2015, 2016):
        plan = _draft("miljo-teknik", year)
        for status in ("submitted", "approved", "published"):
            services.plan_transition(user=SYSTEM_ACTOR, plan=plan, to_status=status)
    plan_2014 = Plan.objects.get(key="mt-2014")
    assert plan_2014 not in [row.plan for row in overview(user=None).rows]
    # Then its goals are listed when it is asked for, but not in a year it does not cover
    assert overview_goals(user=None, filters=OverviewFilters(plan=plan_2014)).count == 16
    in_2013 = OverviewFilters(plan=plan_2014, year=2013)
    assert overview_goals(user=None, filters=in_2013).count == 0


# --- the page -----------------------------------------------------------------------------


def test_the_overviews_counts_link_to_their_goals_and_the_links_give_as_many(client, demo):
    # Given the overview of 2013, where 2012–2013's goals were followed up
    html = client.get(reverse("web:overview"), {"aar": "2013"}).content.decode()
    counts = {
        link.replace("&amp;", "&"): int(number)
        for link, number in re.findall(r'<td class="vp-num"><a href="([^"]+)">(\d+)</a></td>', html)
    }
    # Then each count above nought links to its goals, with the filters, the plan and status,
    # and so does each total, with the filters and the status
    rows = GOALS + "?aar=2013&plan=mtf-2012-2013&status="
    totals = GOALS + "?aar=2013&status="
    statuses = {"met": 1, "postponed": 1, "not_met": 1, "dropped": 1, "not_assessed": 15}
    assert counts == {
        **{rows + status: number for status, number in statuses.items()},
        **{totals + status: number for status, number in statuses.items()},
    }
    # And no count of nought is a link
    assert '<td class="vp-num vp-zero">0</td>' in html
    for link, number in counts.items():
        # When the reader follows a link
        response = client.get(link)
        assert response.status_code == 200
        page = response.content.decode()
        status = parse_qs(urlsplit(link).query)["status"][0]
        # Then the page lists as many goals as the overview counted, each in that status
        assert len(_goal_keys(page)) == number, link
        assert f"{number} mål" in page_text(page)
        assert page.count(f"vp-goal-status {STATUS_LOOK[status][0]}") == number, link


def test_the_overviews_heading_links_to_its_goals_with_the_same_filters(client, demo):
    html = client.get(reverse("web:overview"), {"aar": "2013", "status": "met"}).content.decode()
    assert GOALS + "?aar=2013&status=met" in links(html)
    assert "Se målene" in page_text(html)
    # The counts of the table keep the filters but the status, which each count sets
    assert escape(GOALS + "?aar=2013&plan=mtf-2012-2013&status=met") in html
    # And the totals link to the goals in their status in every plan
    assert escape(GOALS + "?aar=2013&status=met") in html
    # And the whole municipality's overview links to every goal, and to those in each status
    html = client.get(reverse("web:overview")).content.decode()
    assert GOALS in links(html)
    assert GOALS + "?status=not_assessed" in links(html)


def test_each_goal_is_shown_with_its_status_plan_unit_focus_area_and_responsible(client, demo):
    # When an anonymous reader opens the goals met in 2013
    response = client.get(GOALS, {"aar": "2013", "status": "met"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html)
    # Then the table names the columns in Danish, the plan and unit head its goals
    assert rows[0] == ["Mål", "Status", "Indsatsområde", "Ansvarlig enhed"]
    assert rows[1] == ["Virksomhedsplan 2012–2013 · Miljø- og Teknikforvaltningen"]
    goal = Goal.objects.get(key=_goal_keys(html)[0])
    statement, status, area, responsible = rows[2]
    assert statement == goal.statement
    # And the goal's status is given in words, with the day it was set
    assert status == "Status: Opfyldt pr. 31. december 2013"
    assert area == goal.plan_focus_area.focus_area.title
    assert responsible == "Planens enhed"
    hrefs = links(html)
    for address in (
        reverse("web:goal", args=[goal.key]),
        reverse("web:plan", args=["mtf-2012-2013"]),
        reverse("web:unit", args=["miljo-teknikforvaltningen"]),
        reverse("web:focus-area", args=[goal.plan_focus_area.focus_area.key]),
    ):
        assert address in hrefs
    # And the filters stay chosen, and lead back to the overview with them
    assert '<option value="met" selected>opfyldt</option>' in html
    assert reverse("web:overview") + "?aar=2013&status=met" in hrefs
    assert "1 mål" in page_text(html)


def test_a_goals_progress_and_a_named_responsible_unit_are_shown(client, demo):
    # Given a goal of 2014 that Forsyning answers for, assessed in progress and 40 % reached
    plan = Plan.objects.get(key="mt-2014")
    goal = Goal.objects.filter(plan_focus_area__plan=plan).order_by("id").first()
    Goal.objects.filter(pk=goal.pk).update(responsible_unit=Unit.objects.get(key="forsyning"))
    round = services.follow_up_round_start(
        user=SYSTEM_ACTOR, plan=plan, on=datetime.date(2026, 1, 15)
    )
    services.goal_assess(
        user=SYSTEM_ACTOR, goal=goal, round=round, status="in_progress", progress=40
    )
    # When the goals in progress are listed
    html = client.get(GOALS, {"status": "in_progress"}).content.decode()
    # Then the goal is there with its progress and its responsible unit
    assert _goal_keys(html) == [goal.key]
    assert table_rows(html)[2][1:] == [
        "Status: I gang 40 % nået pr. 15. januar 2026",
        goal.plan_focus_area.focus_area.title,
        "Forsyning",
    ]
    assert '<progress max="100" value="40"' in html


def test_a_drafts_goals_are_hidden_from_anonymous_readers_and_shown_to_its_editor(client, demo):
    # Given a draft plan 2015 of Miljø & Teknik with two goals
    draft = _draft("miljo-teknik", 2015)
    keys = set(Goal.objects.filter(plan_focus_area__plan=draft).values_list("key", flat=True))
    # Then an anonymous reader's list has the published plans' 35 goals and none of the draft's
    listed = _all_keys(client, {})
    assert len(listed) == 35 and not keys & set(listed)
    # And asking for the draft is refused in words, as the overview refuses a bad filter
    response = client.get(GOALS, {"plan": draft.key})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Målene kan ikke vises med disse filtre" in page_text(html)
    assert escape(f"Plan: Der er ingen plan “{draft.key}”, som du har adgang til.") in html
    assert "vp-overview-goals" not in html
    # When the unit's editor asks
    client.force_login(_editor("miljo-teknik"))
    # Then the draft's goals are in the list, and its own list has them only
    assert keys <= set(_all_keys(client, {}))
    html = client.get(GOALS, {"plan": draft.key}).content.decode()
    assert set(_goal_keys(html)) == keys
    assert "Målene i én plan: Virksomhedsplan 2015, Miljø & Teknik" in page_text(html)
    # And the form keeps the plan while the other filters change
    assert f'<input type="hidden" name="plan" value="{draft.key}"' in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"enhed": "atlantis"}, "Enhed", "Der er ingen enhed “atlantis”. Vælg en enhed på listen."),
        (
            {"aar": "1850"},
            "År",
            "Der er ingen planer for året “1850”. Vælg et år fra 2012 til 2014.",
        ),
        (
            {"indsatsomraade": "hemmeligt"},
            "Indsatsområde",
            "Der er intet indsatsområde “hemmeligt”, som du har adgang til. Vælg et på listen.",
        ),
        ({"status": "fint"}, "Målets status", "“fint” er ikke en status for et mål."),
        ({"ansvarlig": "<b>x</b>"}, "Ansvarlig enhed", "Der er ingen enhed “<b>x</b>”."),
    ],
)
def test_a_bad_filter_is_named_in_danish_as_on_the_overview(client, demo, params, field, message):
    # When a filter in the address is not one the overview knows
    response = client.get(GOALS, params)
    # Then the page says which, and why, in the overview's words, and lists nothing
    assert response.status_code == 400
    html = response.content.decode()
    assert f">{field}</a>: {escape(message)}" in html
    assert "<b>x</b>" not in html
    assert "vp-overview-goals" not in html


def test_the_goals_come_a_page_at_a_time(client, demo):
    # Given an editor who sees a draft of 40 goals besides the demo's 35
    draft = _draft("miljo-teknik", 2015, goals=40)
    client.force_login(_editor("miljo-teknik"))
    # When they open the list
    first = client.get(GOALS, {"enhed": "albertslund"}).content.decode()
    # Then the first page has PAGE_SIZE goals and says which, and links to the next page
    assert len(_goal_keys(first)) == PAGE_SIZE
    text = page_text(first)
    assert "75 mål" in text and "Mål 1–50 vises." in text and "Side 1 af 2" in text
    assert "?enhed=albertslund&side=2" in links(first)
    # And the second page has the rest, with the filters kept, and links back
    second = client.get(GOALS, {"enhed": "albertslund", "side": 2}).content.decode()
    assert len(_goal_keys(second)) == 75 - PAGE_SIZE
    assert "Side 2 af 2" in page_text(second) and 'rel="prev"' in second
    # And every goal is on one of the pages, once
    every = _all_keys(client, {"enhed": "albertslund"})
    assert len(every) == len(set(every)) == 75
    drafts = set(Goal.objects.filter(plan_focus_area__plan=draft).values_list("key", flat=True))
    assert drafts <= set(every)
    # And a page number that is not one gives the first page, one past the end the last
    assert _goal_keys(client.get(GOALS, {"side": "x"}).content.decode()) == every[:PAGE_SIZE]
    last = client.get(GOALS, {"side": 9}).content.decode()
    assert _goal_keys(last) == every[PAGE_SIZE:]


def test_nothing_matching_is_said_in_words(client, demo):
    response = client.get(GOALS, {"aar": "2014", "status": "met"})
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "0 mål" in text
    assert "Intet mål, du må læse, passer til filtrene." in text


def test_the_page_in_english(client, demo):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(GOALS, {"aar": "2013", "status": "not_assessed"}).content.decode()
    text = page_text(html)
    assert "Goals in the overview" in text
    assert "15 goals" in text
    assert table_rows(html)[0] == ["Goal", "Status", "Focus area", "Responsible unit"]
    assert "Status: Not assessed as of Dec. 31, 2013" in text
    assert "See the goals" in page_text(client.get(reverse("web:overview")).content.decode())


# --- queries ------------------------------------------------------------------------------


def _queries(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(GOALS, params)
    assert response.status_code == 200
    return len(queries)


# Two more plans for every department and unit, each with thirty goals: written through the
# services once per session and copied into each test.
many_goals_snapshot, many_goals = added_each_test(
    "many_goals", "demo", functools.partial(drafts_everywhere, goals=30)
)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"enhed": "albertslund", "aar": "2014", "indsatsomraade": "mt-2014-fa-godt-i-gang"},
        {"status": NOT_FOLLOWED_UP, "ansvarlig": "miljo-teknik", "side": "2"},
        {"plan": "mt-2014", "status": GOAL_STATUS_ORDER[0]},
    ],
)
def test_the_number_of_queries_does_not_grow_with_plans_and_goals(client, demo, many_goals, params):
    # Given a signed-in administrator, who sees every plan
    admin = User.objects.create_user(username="admin", password="x", is_superuser=True)
    client.force_login(admin)
    before = _queries(client, params)
    # When every department gets more plans, with many goals
    many_goals()
    assert Goal.objects.count() > 500
    # Then the page asks the database as many times as before
    assert _queries(client, params) == before
    assert before <= 16
