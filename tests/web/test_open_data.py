"""Open data: the published plans' goals and follow-ups as files at fixed addresses.

Given the demo (Miljø & Teknik 2014 and the old Miljø- og Teknikforvaltningen's
2012–2013, both published), a draft of Miljø & Teknik and a published plan of
Forsyning (a unit under Miljø & Teknik), a reader downloads the files.
"""

import csv
import io
import json
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import user_with_roles
from virkplan.organisation.models import Role, Unit
from virkplan.plans.models import (
    Criterion,
    FollowUp,
    FollowUpStatus,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
)
from virkplan.reports.open_data import FILES, FOLLOW_UP_COLUMNS, GOAL_COLUMNS

from .conftest import page_text

PLAN_2014 = "mt-2014"
PLAN_2012 = "mtf-2012-2013"


def _plan(*, key: str, unit: str, status: str, goals: int = 1) -> Plan:
    """A plan of the unit with `goals` goals under the 2014 plan's first focus area, each with
    a criterion and a follow-up about it."""
    plan = Plan.objects.create(
        key=key,
        title=f"Plan {key}",
        unit=Unit.objects.get(key=unit),
        start_year=2015,
        end_year=2015,
        status=status,
    )
    area = PlanFocusArea.objects.create(
        plan=plan, focus_area=PlanFocusArea.objects.filter(plan__key=PLAN_2014)[0].focus_area
    )
    for number in range(1, goals + 1):
        goal = Goal.objects.create(
            key=f"{key}-g{number}",
            plan_focus_area=area,
            ref=str(number),
            statement=f"Vi vil {key} mål {number}.",
            responsible_unit=Unit.objects.get(key="forsyning"),
        )
        criterion = Criterion.objects.create(goal=goal, text=f"Kriterium {key} {number}")
        follow_up = FollowUp.objects.create(
            goal=goal,
            date=date(2015, 12, 1),
            status=FollowUpStatus.MET,
            text=f"Opfølgning {key} {number}",
        )
        follow_up.criteria.add(criterion)
    return plan


@pytest.fixture
def world(demo) -> None:
    _plan(key="mt-2015-udkast", unit="miljo-teknik", status=PlanStatus.DRAFT)
    plan = _plan(key="forsyning-2015", unit="forsyning", status=PlanStatus.PUBLISHED, goals=2)
    first = Goal.objects.get(key="forsyning-2015-g1")
    Goal.objects.create(
        key="forsyning-2015-g1-1",
        plan_focus_area=first.plan_focus_area,
        parent=first,
        ref="1.1",
        statement="Vi vil også noget mindre.",
    )
    assert plan.status == PlanStatus.PUBLISHED


def url(scope: str, name: str) -> str:
    return reverse("web:open-data-file", args=[scope, name])


def download(scope: str, name: str, client: Client | None = None):
    response = (client or Client()).get(url(scope, name))
    assert response.status_code == 200, (scope, name)
    return response


def csv_rows(scope: str, dataset: str, *, plain: bool = False) -> list[dict[str, str]]:
    name = f"{dataset}.plain.csv" if plain else f"{dataset}.csv"
    content = download(scope, name).content
    if plain:
        assert not content.startswith(b"\xef\xbb\xbf")
        return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
    assert content.startswith(b"\xef\xbb\xbf")
    text = io.StringIO(content.decode("utf-8-sig"), newline="")
    return list(csv.DictReader(text, delimiter=";"))


def published_goal_keys(*plan_keys: str) -> set[str]:
    return set(
        Goal.objects.filter(plan_focus_area__plan__key__in=plan_keys).values_list("key", flat=True)
    )


@pytest.mark.parametrize("plain", [False, True])
def test_goals_csv_has_one_row_per_goal_of_the_published_plans_only(world, plain) -> None:
    rows = csv_rows("alle", "maal", plain=plain)
    assert list(rows[0]) == [c.name for c in GOAL_COLUMNS]
    keys = [row["goal_key"] for row in rows]
    assert len(keys) == len(set(keys))
    assert set(keys) == published_goal_keys(PLAN_2014, PLAN_2012, "forsyning-2015")
    assert not any(row["plan_key"] == "mt-2015-udkast" for row in rows)
    goal = Goal.objects.get(key=rows[0]["goal_key"])
    plan = goal.plan_focus_area.plan
    assert rows[0]["plan"] == plan.title
    assert rows[0]["first_year"] == str(plan.start_year)
    assert rows[0]["statement"] == goal.statement
    assert rows[0]["focus_area"] == goal.plan_focus_area.focus_area.title


def test_goals_carry_their_current_status(world) -> None:
    rows = {row["goal_key"]: row for row in csv_rows("alle", "maal")}
    followed_up = [row for row in rows.values() if row["status_code"] == "met"]
    assert followed_up, "the 2012–2013 plan has goals that were met"
    assert all(row["status"] == "Opfyldt" for row in followed_up)
    assert all(date.fromisoformat(row["status_date"]) for row in followed_up)
    never = rows["forsyning-2015-g1"]
    assert (never["status_code"], never["status_date"]) == ("not_followed_up", "")
    assert never["responsible_unit_key"] == "forsyning"


@pytest.mark.parametrize("plain", [False, True])
def test_follow_ups_csv_has_one_row_per_follow_up(world, plain) -> None:
    rows = csv_rows("alle", "opfoelgninger", plain=plain)
    assert list(rows[0]) == [c.name for c in FOLLOW_UP_COLUMNS]
    published = FollowUp.objects.filter(goal__plan_focus_area__plan__status=PlanStatus.PUBLISHED)
    assert len(rows) == published.count()
    assert not any(row["plan_key"] == "mt-2015-udkast" for row in rows)
    ours = next(row for row in rows if row["plan_key"] == "forsyning-2015")
    assert ours["criteria"] == "Kriterium forsyning-2015 1"
    assert (ours["status_code"], ours["status"], ours["date"]) == ("met", "Opfyldt", "2015-12-01")
    assert ours["text"] == "Opfølgning forsyning-2015 1"
    assert ours["follow_up_no"] == "1"


def test_sub_goals_follow_their_goal_and_name_it(world) -> None:
    rows = csv_rows("forsyning", "maal", plain=True)
    assert [(row["goal_ref"], row["parent_goal_key"]) for row in rows] == [
        ("1", ""),
        ("1.1", "forsyning-2015-g1"),
        ("2", ""),
    ]
    assert rows[1]["responsible_unit"] == ""


def test_a_units_files_hold_its_plans_and_those_of_the_units_under_it(world) -> None:
    plans = {row["plan_key"] for row in csv_rows("miljo-teknik", "maal")}
    assert plans == {PLAN_2014, "forsyning-2015"}
    assert {row["plan_key"] for row in csv_rows("forsyning", "maal")} == {"forsyning-2015"}
    old = {row["plan_key"] for row in csv_rows("miljo-teknikforvaltningen", "opfoelgninger")}
    assert old == {PLAN_2012}
    assert csv_rows("drift-service", "maal") == []


def test_json_is_the_virkplan_document_of_the_published_plans(world) -> None:
    response = download("miljo-teknik", "alt.json")
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["format"] == "virkplan/1"
    assert {plan["key"] for plan in document["plans"]} == {PLAN_2014, "forsyning-2015"}
    assert {plan["status"] for plan in document["plans"]} == {"published"}
    units = {unit["key"] for unit in document["units"]}
    assert {"miljo-teknik", "forsyning", "albertslund"} <= units


def test_excel_has_a_sheet_of_goals_and_one_of_follow_ups(world) -> None:
    workbook = load_workbook(io.BytesIO(download("alle", "alt.xlsx").content))
    goals, follow_ups = workbook.worksheets
    headings = [cell.value for cell in goals[1]]
    assert headings == [c.name for c in GOAL_COLUMNS]
    assert [cell.value for cell in follow_ups[1]] == [c.name for c in FOLLOW_UP_COLUMNS]
    column = headings.index("goal_key")
    keys = {row[column] for row in goals.iter_rows(min_row=2, values_only=True)}
    assert keys == published_goal_keys(PLAN_2014, PLAN_2012, "forsyning-2015")
    assert follow_ups.max_row - 1 == len(csv_rows("alle", "opfoelgninger"))


def test_signed_in_users_get_the_published_plans_only_too(world, client) -> None:
    client.force_login(user_with_roles("redaktoer", ("miljo-teknik", Role.EDITOR)))
    response = download("miljo-teknik", "maal.plain.csv", client)
    assert b"mt-2015-udkast" not in response.content
    assert b"forsyning-2015" in response.content
    again = client.get(
        url("miljo-teknik", "maal.plain.csv"), headers={"if-none-match": response["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("scope", "name", "says"),
    [
        ("ingen-enhed", "maal.csv", "Der er ingen enhed “ingen-enhed”"),
        ("alle", "budget.csv", "Der er ingen åbne data-fil “budget.csv”"),
        ("alle", "maal.pdf", "Der er ingen åbne data-fil “maal.pdf”"),
        ("alle", "alt.csv", "Der er ingen åbne data-fil “alt.csv”"),
    ],
)
def test_unknown_units_and_files_are_not_found_in_danish(world, scope, name, says) -> None:
    response = Client().get(url(scope, name))
    assert response.status_code == 404
    assert says in page_text(response.content.decode())


@pytest.mark.parametrize("name", [*FILES, ""])
def test_anonymous_readers_get_no_cookie_and_an_unchanged_file_is_not_sent_again(
    world, name
) -> None:
    address = url("alle", name) if name else reverse("web:open-data")
    first = Client().get(address)
    assert first.status_code == 200
    assert not first.cookies
    assert "Set-Cookie" not in first.headers
    assert first["ETag"] and first["Last-Modified"]
    again = Client().get(address, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert not again.cookies
    since = Client().get(address, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


def test_files_are_saved_under_names_that_say_what_they_hold(world) -> None:
    assert download("alle", "maal.csv")["Content-Disposition"] == (
        'attachment; filename="aabne-data-alle-maal.csv"'
    )
    assert download("forsyning", "opfoelgninger.plain.csv")["Content-Disposition"] == (
        'attachment; filename="aabne-data-forsyning-opfoelgninger-plain.csv"'
    )
    assert download("alle", "alt.xlsx")["Content-Disposition"] == (
        'attachment; filename="aabne-data-alle-alt.xlsx"'
    )


def test_the_page_documents_every_column_the_files_have(world) -> None:
    page = Client().get(reverse("web:open-data")).content.decode()
    text = page_text(page)
    headers = [
        *csv.reader(io.StringIO(csv_rows_header("maal.plain.csv"))),
        *csv.reader(io.StringIO(csv_rows_header("opfoelgninger.plain.csv"))),
    ]
    for header in headers:
        for column in header:
            assert f"<code>{column}</code>" in page, column
    assert "CC BY 4.0" in text
    assert "Kilde: Albertslund Kommune" in text
    for name in FILES:
        assert url("alle", name) in page
        assert url("forsyning", name) in page


def csv_rows_header(name: str) -> str:
    return download("alle", name).content.decode().splitlines()[0]


def test_the_front_page_links_to_the_open_data(world) -> None:
    assert reverse("web:open-data") in Client().get(reverse("web:front")).content.decode()


def _queries(address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        Client().get(address)
    return len(queries)


@pytest.mark.parametrize("name", ["alt.json", "alt.xlsx", "maal.csv", "opfoelgninger.csv"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_plans(world, name) -> None:
    few = _queries(url("alle", name))
    for number in range(6):
        _plan(key=f"ekstra-{number}", unit="by-miljoe", status=PlanStatus.PUBLISHED, goals=3)
    caches["default"].clear()  # the plans were added past the services: no new data version
    many = _queries(url("alle", name))
    assert Plan.objects.filter(status=PlanStatus.PUBLISHED).count() == 9
    assert many == few


def test_archived_plans_were_published_and_stay_in_the_open_data(world) -> None:
    Plan.objects.filter(key=PLAN_2012).update(status=PlanStatus.ARCHIVED)
    plans = {row["plan_key"] for row in csv_rows("alle", "maal")}
    assert plans == {PLAN_2014, PLAN_2012, "forsyning-2015"}


def test_a_units_page_links_to_its_open_data(world) -> None:
    page = Client().get(reverse("web:unit", args=["miljo-teknik"])).content.decode()
    assert url("miljo-teknik", "alt.xlsx") in page
    assert url("miljo-teknik", "maal.csv") in page
    assert reverse("web:open-data") in page
