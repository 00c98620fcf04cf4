"""The overview /overblik/: every unit's plans with their goals by status, filters, who sees
what, the Excel and CSV downloads, and a query count that does not grow with the data.

On the demo: Miljø & Teknik's plan 2014 (16 goals, none followed up) and Miljø- og
Teknikforvaltningen's plan 2012–2013 (19 goals, followed up 31 December 2013: 1 met,
1 postponed, 1 not met, 1 dropped, 15 not assessed), both published.
"""

import csv
import datetime
import functools
import io

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from virkplan.organisation.models import Role, RoleGrant, Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans import services
from virkplan.plans.goal_status import NOT_FOLLOWED_UP
from virkplan.plans.models import FocusArea, Goal, Plan
from virkplan.plans.overview import OPEN_ROUND_DAYS, OverviewFilters, overview

from ..conftest import added_each_test
from .conftest import links, page_text, table_rows

pytestmark = pytest.mark.django_db

# The demo's counts, per plan, as the selector gives them.
COUNTS_2014 = {NOT_FOLLOWED_UP: 16}
COUNTS_2012_2013 = {"met": 1, "postponed": 1, "not_met": 1, "dropped": 1, "not_assessed": 15}


def _rows(result) -> dict[str, dict[str, int]]:
    return {row.plan.key: row.counts for row in result.rows}


def _filters(**given) -> OverviewFilters:
    if "unit" in given:
        given["unit"] = Unit.objects.get(key=given["unit"])
    if "responsible_unit" in given:
        given["responsible_unit"] = Unit.objects.get(key=given["responsible_unit"])
    if "focus_area" in given:
        given["focus_area"] = FocusArea.objects.get(key=given["focus_area"])
    return OverviewFilters(**given)


def _editor(unit_key: str) -> User:
    user = User.objects.create_user(username=f"redaktoer-{unit_key}", password="x")
    RoleGrant.objects.create(user=user, unit=Unit.objects.get(key=unit_key), role=Role.EDITOR)
    return user


def _draft(unit_key: str, year: int, goals: int = 2) -> Plan:
    """A draft plan of the unit with a focus area of its own and some goals."""
    plan = services.plan_create(
        user=SYSTEM_ACTOR,
        unit=Unit.objects.get(key=unit_key),
        title=f"Virksomhedsplan {year}",
        start_year=year,
        end_year=year,
    )
    area = services.plan_focus_area_add(user=SYSTEM_ACTOR, plan=plan, title="Klima")
    for number in range(goals):
        services.goal_create(user=SYSTEM_ACTOR, area=area, statement=f"Vi vil {number}.")
    return plan


# --- the selector -------------------------------------------------------------------------


def test_each_current_plan_has_its_goals_counted_by_status(demo):
    # When an anonymous reader asks for the overview of the whole municipality
    result = overview(user=None, today=datetime.date(2026, 6, 1))
    # Then each unit's current plans are there, in the units' order, goals counted by status
    assert [group.unit.key for group in result.groups] == [
        "miljo-teknik",
        "miljo-teknikforvaltningen",
    ]
    assert _rows(result) == {"mt-2014": COUNTS_2014, "mtf-2012-2013": COUNTS_2012_2013}
    # And the totals are over every row
    assert result.plans == 2
    assert result.goals == 35
    assert result.totals == {**COUNTS_2014, **COUNTS_2012_2013}
    # And the row's cells give every status in order, zeros too
    row_2014, row_2012 = result.rows
    assert [cell.count for cell in row_2012.cells] == [1, 0, 0, 1, 1, 1, 15, 0]
    assert [(part.status, part.count) for part in row_2014.parts] == [(NOT_FOLLOWED_UP, 16)]


def test_last_follow_up_and_what_is_overdue(demo):
    # Given the demo: 2012–2013 was followed up (imported statuses of 31 December 2013),
    # 2014 never was
    result = overview(user=None, today=datetime.date(2026, 6, 1))
    row_2014, row_2012 = result.rows
    assert row_2012.last_follow_up == datetime.date(2013, 12, 31)
    assert row_2014.last_follow_up is None
    # Then 2014's 16 goals are overdue since the end of March 2015; 2012–2013's are not
    assert row_2014.follow_up_due == datetime.date(2015, 3, 31)
    assert row_2014.overdue_goals == 16 and row_2014.overdue
    assert row_2012.overdue_goals == 0 and not row_2012.overdue
    assert result.overdue_plans == 1
    # And before the due date nothing is overdue
    early = overview(user=None, today=datetime.date(2015, 3, 31))
    assert early.overdue_plans == 0


def test_a_finished_round_counts_and_dates_the_plan_an_open_one_is_overdue_in_time(demo):
    plan = Plan.objects.get(key="mt-2014")
    goals = list(Goal.objects.filter(plan_focus_area__plan=plan).order_by("id")[:3])
    # Given a follow-up round on 2014 in which two goals were met and one is in progress
    round = services.follow_up_round_start(
        user=SYSTEM_ACTOR, plan=plan, on=datetime.date(2026, 1, 15)
    )
    for goal, status in zip(goals, ("met", "met", "in_progress"), strict=True):
        services.goal_assess(user=SYSTEM_ACTOR, goal=goal, round=round, status=status)
    # While it is open its statuses count, and date the plan's last follow-up
    today = timezone.localdate()
    row = overview(user=None, today=today).rows[0]
    assert row.counts == {"met": 2, "in_progress": 1, NOT_FOLLOWED_UP: 13}
    assert row.last_follow_up == datetime.date(2026, 1, 15)
    assert row.open_round_since == today and not row.round_overdue
    # And an open round is overdue once it has been open more than OPEN_ROUND_DAYS days
    later = today + datetime.timedelta(days=OPEN_ROUND_DAYS + 1)
    assert overview(user=None, today=later).rows[0].round_overdue
    # When the round is finished
    services.follow_up_round_finish(user=SYSTEM_ACTOR, round=round)
    # Then the plan was last followed up on the round's date, and no round is open
    row = overview(user=None, today=later).rows[0]
    assert row.last_follow_up == datetime.date(2026, 1, 15)
    assert row.open_round_since is None and not row.round_overdue
    assert row.overdue_goals == 13


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # a unit with every unit under it
        ({"unit": "albertslund"}, {"mt-2014": COUNTS_2014, "mtf-2012-2013": COUNTS_2012_2013}),
        ({"unit": "by-miljoe-og-beskaeftigelse"}, {"mt-2014": COUNTS_2014}),
        ({"unit": "forsyning"}, {}),
        # plans whose period contains the year
        ({"year": 2013}, {"mtf-2012-2013": COUNTS_2012_2013}),
        ({"year": 2014}, {"mt-2014": COUNTS_2014}),
        ({"year": 2015}, {}),
        # goals under a focus area the executive board set
        ({"focus_area": "mt-2014-fa-bo-i-albertslund"}, {"mt-2014": {NOT_FOLLOWED_UP: 7}}),
        # goals by their current status
        ({"goal_status": "met"}, {"mtf-2012-2013": {"met": 1}}),
        ({"goal_status": NOT_FOLLOWED_UP}, {"mt-2014": COUNTS_2014}),
        ({"goal_status": "in_progress"}, {}),
        # goals naming no one count for the unit whose plan they are in
        ({"responsible_unit": "miljo-teknik"}, {"mt-2014": COUNTS_2014}),
        ({"responsible_unit": "forsyning"}, {}),
        # together
        (
            {"year": 2013, "goal_status": "not_assessed", "unit": "miljo-teknikforvaltningen"},
            {"mtf-2012-2013": {"not_assessed": 15}},
        ),
    ],
)
def test_filters(demo, given, expected):
    assert _rows(overview(user=None, filters=_filters(**given))) == expected


def test_a_responsible_unit_counts_the_goals_it_or_a_unit_under_it_answers_for(demo):
    # Given two goals of 2014 that Forsyning answers for
    goals = Goal.objects.filter(plan_focus_area__plan__key="mt-2014").order_by("id")[:2]
    Goal.objects.filter(pk__in=[goal.pk for goal in goals]).update(
        responsible_unit=Unit.objects.get(key="forsyning")
    )
    # Then Forsyning's goals are those two, and Miljø & Teknik's (above it) all 16
    forsyning = overview(user=None, filters=_filters(responsible_unit="forsyning"))
    assert _rows(forsyning) == {"mt-2014": {NOT_FOLLOWED_UP: 2}}
    department = overview(user=None, filters=_filters(responsible_unit="miljo-teknik"))
    assert _rows(department) == {"mt-2014": COUNTS_2014}


def test_a_draft_is_shown_to_its_units_editor_and_not_to_anonymous_readers(demo):
    # Given a draft plan 2015 of Miljø & Teknik with two goals
    _draft("miljo-teknik", 2015)
    editor = _editor("miljo-teknik")
    # Then an anonymous reader sees the published plans only
    assert set(_rows(overview(user=None))) == {"mt-2014", "mtf-2012-2013"}
    # And the unit's editor sees the draft too, beside 2014, the plan before it
    seen = overview(user=editor)
    by_title = {row.plan.title: row for row in seen.rows}
    assert by_title["Virksomhedsplan 2015"].counts == {NOT_FOLLOWED_UP: 2}
    assert by_title["Virksomhedsplan 2015"].plan.status == "draft"
    assert not by_title["Virksomhedsplan 2015"].overdue  # a draft is not followed up
    assert set(by_title) == {
        "Virksomhedsplan 2015",
        "Virksomhedsplan 2014",
        "Virksomhedsplan 2012–2013",
    }
    assert seen.goals == 37


def test_without_a_year_a_unit_shows_its_newest_plans_and_the_one_before(demo):
    # Given Miljø & Teknik has published plans for 2015 and 2016 besides 2014
    for year in (2015, 2016):
        plan = _draft("miljo-teknik", year)
        for status in ("submitted", "approved", "published"):
            services.plan_transition(user=SYSTEM_ACTOR, plan=plan, to_status=status)
    # Then its current plans are 2016 and 2015; 2014 is shown for its year
    current = overview(user=None, filters=_filters(unit="miljo-teknik"))
    assert [row.plan.title for row in current.rows] == [
        "Virksomhedsplan 2016",
        "Virksomhedsplan 2015",
    ]
    in_2014 = overview(user=None, filters=_filters(unit="miljo-teknik", year=2014))
    assert [row.plan.key for row in in_2014.rows] == ["mt-2014"]


# --- the page -----------------------------------------------------------------------------


def _page(client, **params):
    return client.get(reverse("web:overview"), params)


def test_the_page_shows_each_unit_with_its_plans_and_their_goals_by_status(client, demo):
    # When an anonymous reader opens the overview
    response = _page(client)
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html)
    # Then the columns are the plan, its status, its goals and every goal status, in Danish
    assert rows[0][:7] == [
        "Plan",
        "Planens status",
        "Mål",
        "Mål efter status",
        "Opfyldt",
        "Delvist opfyldt",
        "I gang",
    ]
    assert rows[0][-2:] == ["Seneste opfølgning", "Forsinket"]
    # And each unit heads its plans, each plan with its counts, bar, last follow-up, overdue
    assert rows[1] == ["Miljø & Teknik"]
    plan_2014 = rows[2]
    assert plan_2014[0].startswith("Virksomhedsplan 2014 Statusoverblik")
    assert plan_2014[1:12] == ["Offentliggjort", "16", "", *["0"] * 7, "16"]
    assert plan_2014[12] == "Endnu ikke"
    assert plan_2014[13] == "16 mål ikke fulgt op, frist 31. marts 2015"
    assert rows[3] == ["Miljø- og Teknikforvaltningen"]
    plan_2012 = rows[4]
    assert plan_2012[1:12] == ["Offentliggjort", "19", "", "1", "0", "0", "1", "1", "1", "15", "0"]
    assert plan_2012[12:] == ["31. december 2013", "Intet"]
    # And the totals close the table
    assert rows[5][:11] == ["I alt", "35", "", "1", "0", "0", "1", "1", "1", "15", "16"]
    text = page_text(html)
    assert "2 planer med 35 mål" in text
    assert "1 plan har noget, der er forsinket." in text
    # And the bar says in words what it shows
    assert (
        'aria-label="Mål efter status: 1 opfyldt, 1 udskudt, 1 ikke opfyldt, 1 bortfaldet' in html
    )
    # And each plan links to its page and its status page, each unit to its page
    hrefs = links(html)
    for key in ("mt-2014", "mtf-2012-2013"):
        assert reverse("web:plan", args=[key]) in hrefs
        assert reverse("web:plan-status", args=[key]) in hrefs
    assert reverse("web:unit", args=["miljo-teknik"]) in hrefs


def test_the_filters_are_in_the_address_and_the_downloads_keep_them(client, demo):
    # When the reader filters by year and goal status
    response = _page(client, aar="2013", status="met")
    html = response.content.decode()
    # Then only the matching plan and goals are counted
    rows = table_rows(html)
    assert [row[0] for row in rows if row and row[0].startswith("Virksomhedsplan")] == [
        "Virksomhedsplan 2012–2013 Statusoverblik: Virksomhedsplan 2012–2013, "
        "Miljø- og Teknikforvaltningen"
    ]
    assert "1 plan med 1 mål" in page_text(html)
    assert "1 plan with 1 goal" not in page_text(html)
    # And the choices stay selected, and the downloads carry the same filters
    assert '<option value="2013" selected>2013</option>' in html
    assert '<option value="met" selected>opfyldt</option>' in html
    hrefs = links(html)
    assert reverse("web:overview-xlsx") + "?aar=2013&status=met" in hrefs
    assert reverse("web:overview-csv") + "?aar=2013&status=met" in hrefs


def test_nothing_matching_is_said_in_words(client, demo):
    response = _page(client, aar="2014", status="met")
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "0 planer med 0 mål" in text
    assert "Ingen plan, du må læse, passer til filtrene." in text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"enhed": "atlantis"}, "Enhed", "Der er ingen enhed “atlantis”. Vælg en enhed på listen."),
        (
            {"aar": "1850"},
            "År",
            "Der er ingen planer for året “1850”. Vælg et år fra 2012 til 2014.",
        ),
        ({"aar": "snart"}, "År", "Der er ingen planer for året “snart”."),
        (
            {"indsatsomraade": "hemmeligt"},
            "Indsatsområde",
            "Der er intet indsatsområde “hemmeligt”, som du har adgang til.",
        ),
        ({"status": "fint"}, "Målets status", "“fint” er ikke en status for et mål."),
        ({"ansvarlig": "<b>x</b>"}, "Ansvarlig enhed", "Der er ingen enhed “<b>x</b>”."),
    ],
)
def test_a_bad_filter_is_named_in_danish(client, demo, params, field, message):
    for url in (reverse("web:overview"), reverse("web:overview-csv")):
        # When a filter in the address is not one the overview knows
        response = client.get(url, params)
        # Then the page says which, and why, and shows no table
        assert response.status_code == 400, url
        html = response.content.decode()
        text = page_text(html)
        assert "Overblikket kan ikke vises med disse filtre" in text
        assert f"</a>: {escape(message)}" in html
        assert f">{field}</a>: " in html
        assert "<b>x</b>" not in html
        assert "vp-overview-table" not in html


def test_a_focus_area_of_a_plan_the_reader_may_not_see_is_not_offered(client, demo):
    # Given a draft with a focus area of its own
    draft = _draft("miljo-teknik", 2015)
    own = draft.plan_focus_areas.get().focus_area
    # Then an anonymous reader is neither offered it nor may choose it
    assert own.key not in _page(client).content.decode()
    assert _page(client, indsatsomraade=own.key).status_code == 400
    # And the unit's editor may
    client.force_login(_editor("miljo-teknik"))
    response = _page(client, indsatsomraade=own.key)
    assert response.status_code == 200
    assert "1 plan med 2 mål" in page_text(response.content.decode())


def test_the_focus_area_list_offers_the_cross_cutting_ones_and_takes_any_from_the_address(
    client, demo
):
    # The executive board's four focus areas of 2014 are offered, named with who set them
    html = _page(client).content.decode()
    assert '<option value="mt-2014-fa-bo-i-albertslund">Bo i Albertslund (2014, ' in html
    own = "mtf-2012-2013-fa-den-kompetente-kommune"
    # A unit's own focus area is not in the list (a large municipality has thousands)
    assert f'value="{own}"' not in html
    # But an address with it is understood, and keeps it chosen
    response = _page(client, indsatsomraade=own)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{own}" selected>Den kompetente kommune (2012–2013' in html
    assert "1 plan med 5 mål" in page_text(html)


def test_the_front_page_links_to_the_overview(client, demo):
    assert reverse("web:overview") in links(client.get(reverse("web:front")).content.decode())


def test_the_page_in_english(client, demo):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page_text(_page(client).content.decode())
    assert "Overview of the plans" in text
    assert "2 plans with 35 goals" in text
    assert "1 plan with 1 goal" in page_text(_page(client, status="met").content.decode())
    assert "16 goals not followed up, due March 31, 2015" in text


# --- the downloads ------------------------------------------------------------------------

HEADINGS = [
    "Enhed",
    "Plan",
    "Første år",
    "Sidste år",
    "Planens status",
    "Mål",
    "Opfyldt",
    "Delvist opfyldt",
    "I gang",
    "Udskudt",
    "Ikke opfyldt",
    "Bortfaldet",
    "Ikke vurderet",
]


def test_the_csv_download_is_the_filtered_table_for_danish_excel(client, demo):
    response = client.get(reverse("web:overview-csv"), {"enhed": "albertslund"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="overblik-')
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][: len(HEADINGS)] == HEADINGS
    assert rows[0][-6:] == [
        "Seneste opfølgning",
        "Opfølgningsrunde åben siden",
        "Opfølgning senest",
        "Mål ikke fulgt op ved fristen",
        "Forsinket",
        "Planens nøgle",
    ]
    assert rows[1][:6] == [
        "Miljø & Teknik",
        "Virksomhedsplan 2014",
        "2014",
        "2014",
        "Offentliggjort",
        "16",
    ]
    assert rows[1][13:] == ["16", "", "", "2015-03-31", "16", "ja", "mt-2014"]
    assert rows[2][5:13] == ["19", "1", "0", "0", "1", "1", "1", "15"]
    assert rows[2][14] == "2013-12-31"
    assert len(rows) == 3
    # And the plain dialect is comma-separated without a byte order mark
    plain = client.get(reverse("web:overview-csv"), {"aar": "2013", "dialect": "plain"})
    assert not plain.content.startswith("\ufeff".encode())
    assert (
        plain.content.decode()
        .splitlines()[1]
        .startswith("Miljø- og Teknikforvaltningen,Virksomhedsplan 2012–2013,2012,2013,")
    )


def test_the_excel_download_has_numbers_as_numbers_and_dates_as_dates(client, demo):
    response = client.get(reverse("web:overview-xlsx"), {"status": "met"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert sheet.title == "Overblik"
    assert list(values[0][: len(HEADINGS)]) == HEADINGS
    # Only the plan with a goal met, counted as numbers
    assert len(values) == 2
    row = values[1]
    assert row[:7] == (
        "Miljø- og Teknikforvaltningen",
        "Virksomhedsplan 2012–2013",
        2012,
        2013,
        "Offentliggjort",
        1,
        1,
    )
    assert row[7:14] == (0, 0, 0, 0, 0, 0, 0)
    assert row[14] == datetime.datetime(2013, 12, 31)
    # Years as written (2012, not 2.012), counts grouped, as numbers
    cells = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    assert [c.number_format for c in cells[2:4]] == ["0", "0"]
    assert all(c.data_type == "n" and c.number_format == "#,##0" for c in cells[5:14])
    # The statuses' headings as the page writes them
    assert values[0][6] == "Opfyldt"
    # Printed on A4 across, one page wide, the headings repeated on every page
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    # The headings that wrap get the room they need
    assert sheet.row_dimensions[1].height >= 2 * 15


def test_a_draft_is_in_its_editors_download_and_not_in_an_anonymous_one(client, demo):
    _draft("miljo-teknik", 2015)
    anonymous = client.get(reverse("web:overview-csv")).content.decode("utf-8-sig")
    assert "Virksomhedsplan 2015" not in anonymous
    client.force_login(_editor("miljo-teknik"))
    signed_in = client.get(reverse("web:overview-csv")).content.decode("utf-8-sig")
    assert "Virksomhedsplan 2015;2015;2015;Kladde;2;" in signed_in


# --- queries ------------------------------------------------------------------------------


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def drafts_everywhere(goals: int) -> list[Plan]:
    """Two more plans, 2013 and 2014, for every department and unit, each with `goals` goals."""
    return [
        _draft(unit.key, year, goals=goals)
        for unit in Unit.objects.filter(kind__in=["department", "unit"])
        for year in (2013, 2014)
    ]


# The plans are written through the services once per session and copied into each test.
more_drafts_snapshot, more_drafts = added_each_test(
    "more_drafts", "demo", functools.partial(drafts_everywhere, goals=5)
)

FILTERS = [
    {},
    {"enhed": "albertslund", "aar": "2014", "indsatsomraade": "mt-2014-fa-godt-i-gang"},
    {"status": "not_followed_up", "ansvarlig": "miljo-teknik"},
]


@pytest.mark.parametrize("params", FILTERS)
@pytest.mark.parametrize("name", ["web:overview", "web:overview-xlsx", "web:overview-csv"])
def test_the_number_of_queries_does_not_grow_with_plans_and_goals(
    client, demo, more_drafts, name, params
):
    # Given a signed-in administrator, who sees every plan
    admin = User.objects.create_user(username="admin", password="x", is_superuser=True)
    client.force_login(admin)
    url = reverse(name)
    before = _queries(client, url, params)
    # When every department gets more plans, with many goals
    more_drafts()
    assert Plan.objects.count() == 20
    # Then the page asks the database as many times as before
    assert _queries(client, url, params) == before
    # (the page's count of projects is one query, and one more for a unit's subtree)
    assert before <= 16 + (name == "web:overview")


def test_the_overview_counts_the_projects_the_list_shows(client, demo) -> None:
    import re

    from tests.factories import user_with_roles
    from virkplan.projects.models import Project

    # Given the demo's projects, some with a milestone not met by its date
    assert Project.objects.exists()
    # An anonymous reader's overview says nothing of them (projects are internal)
    assert "vp-overview-projects" not in client.get(reverse("web:overview")).content.decode()
    # When a reader of the municipality opens the overview, filtered to Miljø & Teknik
    client.force_login(user_with_roles("laeser-kommune", ("albertslund", Role.READER)))
    html = client.get(reverse("web:overview"), {"enhed": "miljo-teknik"}).content.decode()
    # Then it counts the projects, and those with a milestone overdue, and links to the list
    line = html.split('class="vp-overview-projects"', 1)[1].split("</p>", 1)[0]
    found = re.search(r'href="([^"]+)">(\d+) projekter indfrier målene</a>', line)
    assert found is not None, line
    url, counted = found.group(1).replace("&amp;", "&"), int(found.group(2))
    assert url == reverse("web:projects") + "?enhed=miljo-teknik"
    # And the list it links to shows that many, with as many marked overdue
    listed = client.get(url).content.decode()
    assert f"{counted} projekter</h2>" in listed
    overdue = listed.count("milepæl forsinket") + listed.count("milepæle forsinket")
    if overdue:
        assert f"{overdue} med " in line
    else:
        assert "forsink" not in line
