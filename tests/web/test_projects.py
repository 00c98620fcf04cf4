"""The project list, its Excel export, a project's page and its forms, as a user uses them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import user_with_roles
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.projects import services
from virkplan.projects.models import Milestone, Project, ProjectStatus

from .conftest import page_text, table_rows

LIST = reverse("web:projects")


@pytest.fixture
def chef(demo):
    """An editor of Miljø & Teknik (and so of its units), reading in Danish."""
    return user_with_roles("chef", ("miljo-teknik", Role.EDITOR))


@pytest.fixture
def signed_in(client, chef):
    client.force_login(chef)
    return client


def _titles(html: str) -> list[str]:
    return [row[0] for row in table_rows(html)[1:]]


def test_anonymous_visitors_are_sent_to_sign_in_and_no_role_sees_no_projects(client, demo):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(user_with_roles("uden-rolle"))
    html = client.get(LIST).content.decode()
    assert "0 projekter" in page_text(html)
    assert client.get(reverse("web:project", args=["vand-i-byer"])).status_code == 404


def test_the_list_shows_the_demos_projects_sorted_by_title(signed_in):
    html = signed_in.get(LIST).content.decode()
    assert _titles(html) == [
        "Affaldsplan 2014–2018",
        "Energirenovering af Hyldespjældet",
        "Fremtidens lys: LED i vejbelysningen",
        "Vand i Byer: klimatilpasning ved Store Vejleå",
    ]
    rows = {row[0]: row for row in table_rows(html)[1:]}
    # Danish numbers and dates, the status in words
    assert rows["Energirenovering af Hyldespjældet"][1:6] == [
        "Ejendom, Vej & Park",
        "I gang",
        "01.09.2013",
        "31.12.2016",
        "4.500.000",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("enhed=forsyning", ["Affaldsplan 2014–2018"]),
        ("status=approved", ["Vand i Byer: klimatilpasning ved Store Vejleå"]),
        ("maal=mt-2014-g16", ["Energirenovering af Hyldespjældet"]),
        ("til=2013-06-30", ["Fremtidens lys: LED i vejbelysningen"]),
        (
            "fra=2016-01-01",
            ["Affaldsplan 2014–2018", "Energirenovering af Hyldespjældet"],
        ),
        (
            "budget_min=1.000.000&budget_max=2.300.000",
            [
                "Fremtidens lys: LED i vejbelysningen",
                "Vand i Byer: klimatilpasning ved Store Vejleå",
            ],
        ),
    ],
)
def test_the_filters_narrow_the_list(signed_in, query, expected):
    response = signed_in.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert _titles(response.content.decode()) == expected


def test_a_bad_filter_is_refused_in_danish_naming_the_field(signed_in):
    response = signed_in.get(f"{LIST}?fra=2016-01-01&til=2015-01-01&budget_min=mange")
    assert response.status_code == 400
    text = page_text(response.content.decode())
    assert "Kører til : “Til” kan ikke ligge før “fra”." in text
    assert "Laveste budget (kr.) : Skriv et tal, fx 9.187 eller 3,79." in text


@pytest.mark.parametrize(
    ("sort", "expected_first"),
    [
        ("sorter=budget", "Affaldsplan 2014–2018"),
        ("sorter=budget&retning=ned", "Energirenovering af Hyldespjældet"),
        ("sorter=start", "Fremtidens lys: LED i vejbelysningen"),
        ("sorter=status", "Vand i Byer: klimatilpasning ved Store Vejleå"),
        ("sorter=milepael", "Vand i Byer: klimatilpasning ved Store Vejleå"),
        ("sorter=enhed", "Vand i Byer: klimatilpasning ved Store Vejleå"),
    ],
)
def test_columns_sort_the_list(signed_in, sort, expected_first):
    html = signed_in.get(f"{LIST}?{sort}").content.decode()
    assert _titles(html)[0] == expected_first
    assert 'aria-sort="' in html


def test_overdue_milestones_are_marked_with_a_tag_and_words(signed_in):
    html = signed_in.get(LIST).content.decode()
    rows = {row[0]: row for row in table_rows(html)[1:]}
    # The demo's milestones lie in 2014–2016: those not met are overdue now
    assert "1 milepæl forsinket" in rows["Energirenovering af Hyldespjældet"][6]
    assert "forsinket" not in rows["Fremtidens lys: LED i vejbelysningen"][6]
    assert 'class="badge badge-error vp-overdue"' in html


def test_the_list_pages_by_25(signed_in, chef):
    unit = Unit.objects.get(key="forsyning")
    for number in range(30):
        services.project_create(user=chef, unit=unit, title=f"Projekt {number:02d}")
    first = signed_in.get(LIST).content.decode()
    assert len(table_rows(first)) == 1 + 25
    assert "34 projekter" in page_text(first)
    second = signed_in.get(f"{LIST}?side=2").content.decode()
    assert len(table_rows(second)) == 1 + 9


def test_the_excel_export_holds_the_filtered_list(signed_in):
    response = signed_in.get(
        reverse("web:projects-xlsx") + "?sorter=budget&retning=ned&fra=2016-01-01"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "Titel",
        "Enhed",
        "Status",
        "Projektleder",
        "Startdato",
        "Slutdato",
        "Budget (kr.)",
        "Næste milepæl",
        "Forsinkede milepæle",
    )
    assert [row[0] for row in rows[1:]] == [
        "Energirenovering af Hyldespjældet",
        "Affaldsplan 2014–2018",
    ]
    energy = rows[1]
    assert energy[2] == "I gang"
    assert energy[4].date() == date(2013, 9, 1)
    assert energy[6] == 4500000
    assert energy[8] == 1


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_and_a_project_cost_the_same_queries_however_many_rows(signed_in, chef):
    goal_page = reverse("web:goal", args=["mt-2014-g04"])
    project_url = reverse("web:project", args=["vand-i-byer"])
    # (the project's history names a user once someone has changed it: one query for the names)
    services.project_update(
        user=chef,
        project=Project.objects.get(key="vand-i-byer"),
        expected_version=Project.objects.get(key="vand-i-byer").version,
        budget=Decimal(1),
    )
    before = [_count(signed_in, url) for url in (LIST, project_url, goal_page)]
    # Given many more projects, milestones and goals
    unit = Unit.objects.get(key="by-miljoe")
    project = Project.objects.get(key="vand-i-byer")
    from virkplan.plans.models import Goal

    for number in range(12):
        extra = services.project_create(user=chef, unit=unit, title=f"Ekstra {number}")
        services.milestone_create(user=chef, project=extra, title="M", due_date=date(2020, 1, 1))
        services.project_goal_link(
            user=chef, project=extra, goal=Goal.objects.get(key="mt-2014-g04")
        )
        services.milestone_create(
            user=chef, project=project, title=f"Milepæl {number}", due_date=date(2027, 1, 1)
        )
        services.project_update(
            user=chef, project=project, expected_version=project.version, budget=Decimal(number)
        )
        project.refresh_from_db()
    for goal in Goal.objects.filter(key__in=["mt-2014-g01", "mt-2014-g03", "mt-2014-g06"]):
        services.project_goal_link(user=chef, project=project, goal=goal)
    # Then each page asks as many queries as before
    assert [_count(signed_in, url) for url in (LIST, project_url, goal_page)] == before
    assert before[0] <= 12 and before[1] <= 18


def test_the_project_page_shows_its_data_milestones_goals_and_history(signed_in):
    html = signed_in.get(
        reverse("web:project", args=["energirenovering-hyldespjaeldet"])
    ).content.decode()
    text = page_text(html)
    assert "Energirenovering af Hyldespjældet" in text
    assert "4.500.000 kr." in text
    assert "I gang" in text
    # Milestones, the overdue one marked in words
    rows = table_rows(html)
    assert rows[1][0] == "Aftale med boligselskabet underskrevet"
    assert "Forsinket" in rows[3][1] and "Forsinket" not in rows[1][1]
    # Goals, linked to their pages
    assert reverse("web:goal", args=["mt-2014-g02"]) in html
    # History: who and what
    assert "Historik" in text and "Oprettet" in text


def test_create_refuses_end_before_start_and_a_negative_budget_in_danish(signed_in):
    unit = Unit.objects.get(key="forsyning")
    data = {
        "title": "Ny genbrugsstation",
        "unit": unit.pk,
        "start_date": "2027-06-01",
        "end_date": "2027-05-01",
        "budget": "-5.000",
    }
    response = signed_in.post(reverse("web:project-create"), data)
    assert response.status_code == 400
    text = page_text(response.content.decode())
    assert "Slutdatoen kan ikke ligge før startdatoen." in text
    assert "Budgettet kan ikke være negativt." in text
    assert not Project.objects.filter(title="Ny genbrugsstation").exists()
    # Corrected, it is made, and the page shows it
    data.update(end_date="2027-12-31", budget="1.500.000,50", leader="chef")
    response = signed_in.post(reverse("web:project-create"), data)
    assert response.status_code == 302
    project = Project.objects.get(title="Ny genbrugsstation")
    assert project.budget == Decimal("1500000.50") and project.leader.username == "chef"
    assert "1.500.000,5 kr." in page_text(signed_in.get(response["Location"]).content.decode())


def test_an_edit_from_an_old_version_shows_both_texts_and_saves_nothing(signed_in, chef):
    project = Project.objects.get(key="vand-i-byer")
    url = reverse("web:project-edit", args=[project.key])
    form = {
        "title": project.title,
        "unit": project.unit_id,
        "description": project.description,
        "leader": "",
        "leader_name": project.leader_name,
        "start_date": "2014-01-01",
        "end_date": "2015-06-30",
        "budget": "1.300.000",
        "version": project.version,
    }
    # Someone else saves first
    services.project_update(
        user=SYSTEM_ACTOR, project=project, expected_version=project.version, budget=Decimal(999)
    )
    response = signed_in.post(url, form)
    assert response.status_code == 409
    text = page_text(response.content.decode())
    assert "En anden har gemt en ændring" in text
    assert "999" in text and "1300000" in text
    project.refresh_from_db()
    assert project.budget == Decimal(999)
    # Saved again from the new version, it goes through
    form["version"] = project.version
    assert signed_in.post(url, form).status_code == 302
    project.refresh_from_db()
    assert project.budget == Decimal(1300000)


def test_status_milestones_and_goals_change_from_the_project_page(signed_in, chef):
    project = Project.objects.get(key="vand-i-byer")
    url = reverse("web:project", args=[project.key])
    assert (
        signed_in.post(
            reverse("web:project-status", args=[project.key]),
            {"status": ProjectStatus.IN_PROGRESS, "version": project.version},
        ).status_code
        == 302
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    # An editor may not approve: only approvers approve ideas, and cancelled ideas go back
    response = signed_in.post(
        reverse("web:project-status", args=[project.key]),
        {"status": ProjectStatus.IDEA, "version": project.version},
    )
    assert response.status_code == 409
    # A milestone is added, edited and deleted
    response = signed_in.post(
        reverse("web:milestone-create", args=[project.key]),
        {"title": "Andet regnbed", "due_date": "2030-05-01"},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Andet regnbed")
    response = signed_in.post(
        reverse("web:milestone-edit", args=[project.key, milestone.pk]),
        {
            "title": "Andet regnbed",
            "due_date": "2030-05-01",
            "met": "on",
            "met_date": "2030-04-01",
            "version": 1,
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.met and milestone.met_date == date(2030, 4, 1)
    response = signed_in.post(
        reverse("web:milestone-delete", args=[project.key, milestone.pk]), {"version": 2}
    )
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    # A goal is linked and unlinked
    response = signed_in.post(
        reverse("web:project-goal-link", args=[project.key]), {"goal": "mt-2014-g06"}
    )
    assert response.status_code == 302
    assert project.goals.filter(key="mt-2014-g06").exists()
    response = signed_in.post(reverse("web:project-goal-unlink", args=[project.key, "mt-2014-g06"]))
    assert response.status_code == 302
    assert not project.goals.filter(key="mt-2014-g06").exists()
    text = page_text(signed_in.get(url).content.decode())
    assert "Andet regnbed" in text  # in the history


def test_a_goal_page_lists_its_projects_for_signed_in_users_only(client, chef):
    url = reverse("web:goal", args=["mt-2014-g05"])
    anonymous = client.get(url).content.decode()
    assert "Affaldsplan 2014–2018" not in anonymous
    client.force_login(chef)
    html = client.get(url).content.decode()
    assert "Projekter" in page_text(html)
    assert reverse("web:project", args=["affaldsplan-2014-2018"]) in html


def test_the_main_menu_links_the_projects_for_signed_in_users(client, chef):
    assert LIST not in client.get(reverse("web:front")).content.decode()
    client.force_login(chef)
    assert f'href="{LIST}"' in client.get(reverse("web:front")).content.decode()


def test_the_list_and_its_export_read_in_english(signed_in):
    # Given a reader who chose English
    signed_in.cookies["virkplan_language"] = "en"
    html = signed_in.get(LIST).content.decode()
    text = page_text(html)
    assert "Project list" in text and "4 projects" in text
    rows = {row[0]: row for row in table_rows(html)[1:]}
    assert rows["Energirenovering af Hyldespjældet"][2] == "In progress"
    assert rows["Energirenovering af Hyldespjældet"][5] == "4,500,000"
    assert "1 milestone overdue" in rows["Energirenovering af Hyldespjældet"][6]
    sheet = load_workbook(io.BytesIO(signed_in.get(reverse("web:projects-xlsx")).content)).active
    assert next(sheet.iter_rows(values_only=True))[:3] == ("Title", "Unit", "Status")


def test_a_goal_page_shows_no_projects_section_to_a_user_without_a_role(client, demo):
    client.force_login(user_with_roles("uden-rolle"))
    html = client.get(reverse("web:goal", args=["mt-2014-g05"])).content.decode()
    assert 'id="goal-projects"' not in html
    assert "Affaldsplan 2014–2018" not in html
