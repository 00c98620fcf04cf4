"""The citizens' start page (/planer/, and the front page for anonymous readers): only what is
published, the departments' plans by period with their goals counted by status, filters in the
address, no cookies, and a query count that does not grow with the plans.

On the demo: Miljø & Teknik's plan 2014 (16 goals, none followed up) and Miljø- og
Teknikforvaltningen's plan 2012–2013 (19 goals: 1 met, 1 postponed, 1 not met, 1 dropped,
15 not assessed), both published.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from virkplan.organisation.models import Role, RoleGrant, Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans import services
from virkplan.plans.models import Plan, PlanStatus
from virkplan.web.identity import current_authority

from .conftest import links, page_text

pytestmark = pytest.mark.django_db

CITIZENS = "/planer/"
DRAFT_TITLE = "Kladde om velomobiler"


def _draft() -> Plan:
    """A draft plan of Miljø & Teknik for 2015, with a goal about velomobiles."""
    plan = services.plan_create(
        user=SYSTEM_ACTOR,
        unit=Unit.objects.get(key="miljo-teknik"),
        title=DRAFT_TITLE,
        start_year=2015,
        end_year=2015,
    )
    area = services.plan_focus_area_add(user=SYSTEM_ACTOR, plan=plan, title="Trafik")
    services.goal_create(
        user=SYSTEM_ACTOR, area=area, statement="Vi vil bygge stier til velomobiler."
    )
    return plan


def _editor() -> User:
    user = User.objects.create_user(username="redaktoer-mt", password="x")
    RoleGrant.objects.create(user=user, unit=Unit.objects.get(key="miljo-teknik"), role=Role.EDITOR)
    return user


def _periods(html: str) -> list[str]:
    return re.findall(r'<h3 id="period-\d+-title">(.*?)</h3>', html)


def _plan_items(html: str) -> dict[str, str]:
    """Each plan's list item's text, by the plan's key."""
    found = {}
    for item in html.split('<li class="vp-citizens-plan">')[1:]:
        item = item.split("</section>")[0]
        key = re.search(r'href="/plan/([^/]+)/"', item).group(1)
        found[key] = page_text(item)
    return found


def test_an_anonymous_reader_sees_the_published_plans_with_their_goals_by_status(client, demo):
    # Given a draft beside the demo's two published plans
    draft = _draft()
    for address in ("/", CITIZENS):
        # When an anonymous reader opens the front page, or the citizens' page
        response = client.get(address)
        assert response.status_code == 200
        html = response.content.decode()
        # Then it is the citizens' page, in plain Danish, with the municipality's name
        assert "<h1>Kommunens planer</h1>" in html
        assert (
            "Her kan du se, hvad afdelingerne i Albertslund Kommune har lovet, og hvordan det gik."
            in html
        )
        # And the published plans are there by period, newest first, and the draft is not
        assert _periods(html) == ["Planer for 2014", "Planer for 2012–2013"]
        items = _plan_items(html)
        assert list(items) == ["mt-2014", "mtf-2012-2013"]
        assert DRAFT_TITLE not in html and draft.key not in html
        # And each plan's goals are counted by status, in the status vocabulary's words and badges
        assert "16 mål: 16 ikke fulgt op" in items["mt-2014"]
        assert (
            "19 mål: 1 opfyldt 1 udskudt 1 ikke opfyldt 1 bortfaldet 15 ikke vurderet"
            in items["mtf-2012-2013"]
        )
        assert '<span class="badge vp-goal-status badge-success">' in html
        assert '<span class="badge vp-goal-status badge-error">' in html
        # And it links to each plan, its status, the focus areas, the search and open data
        hrefs = links(html)
        for key in ("mt-2014", "mtf-2012-2013"):
            assert reverse("web:plan", args=[key]) in hrefs
            assert reverse("web:plan-status", args=[key]) in hrefs
        assert reverse("web:focus-area", args=["mt-2014-fa-bo-i-albertslund"]) in hrefs
        assert reverse("web:open-data") in hrefs
        form = re.search(r'<form action="([^"]+)" method="get" class="vp-citizens-search"', html)
        assert form is not None and form.group(1) == reverse("web:search")


def test_the_page_is_the_same_for_staff_and_their_front_page_links_to_it(client, demo):
    # Given a draft, and its unit's editor signed in
    _draft()
    client.force_login(_editor())
    # When they open the citizens' page, it shows only what is published
    html = client.get(CITIZENS).content.decode()
    assert list(_plan_items(html)) == ["mt-2014", "mtf-2012-2013"]
    assert DRAFT_TITLE not in html
    # While their front page is the organisation with the plans they work on, and links to it
    front = client.get("/").content.decode()
    assert "<h1>Organisation og planer</h1>" in front
    assert DRAFT_TITLE in front
    assert CITIZENS in links(front)


def test_the_search_from_the_page_finds_only_published_text_for_anonymous_readers(client, demo):
    # Given a draft whose goal speaks of velomobiles
    _draft()
    search = reverse("web:search")
    # When an anonymous reader searches for it, nothing is found
    html = client.get(search, {"q": "velomobiler"}).content.decode()
    assert "Ingen resultater" in page_text(html) and DRAFT_TITLE not in html
    # While a published goal's words are found
    found = client.get(search, {"q": "borgere"}).content.decode()
    assert "Ingen resultater" not in page_text(found)
    # And the draft's editor finds the draft
    client.force_login(_editor())
    assert DRAFT_TITLE in client.get(search, {"q": "velomobiler"}).content.decode()


@pytest.mark.parametrize(
    ("query", "plans"),
    [
        ({"aar": "2014"}, ["mt-2014"]),
        ({"aar": "2013"}, ["mtf-2012-2013"]),
        ({"afdeling": "miljo-teknikforvaltningen"}, ["mtf-2012-2013"]),
        # A unit with the units under it
        ({"afdeling": "albertslund"}, ["mt-2014", "mtf-2012-2013"]),
        ({"afdeling": "miljo-teknik", "aar": "2014"}, ["mt-2014"]),
        ({"afdeling": "miljo-teknik", "aar": "2013"}, []),
    ],
)
def test_the_filters_narrow_the_plans_from_the_address(client, demo, query, plans):
    # When a reader chooses a department, a year or both
    response = client.get(CITIZENS, query)
    # Then only those plans are listed, and the choices stay chosen in the form
    assert response.status_code == 200
    html = response.content.decode()
    assert list(_plan_items(html)) == plans
    for name, value in query.items():
        chosen = rf'<select name="{name}"[^>]*>.*?<option value="{value}" selected>'
        assert re.search(chosen, html, re.S)
    if not plans:
        assert "Ingen offentliggjorte planer passer." in page_text(html)
    assert reverse("web:citizens") in links(html)  # "Vis alle planer"


def test_a_year_with_only_a_draft_is_not_offered(client, demo):
    # Given a draft for 2015, the only plan of that year
    _draft()
    html = client.get(CITIZENS).content.decode()
    assert '<option value="2015"' not in html
    # When a reader asks for 2015 all the same, the year is refused and the draft not shown
    response = client.get(CITIZENS, {"aar": "2015"})
    assert response.status_code == 400
    assert DRAFT_TITLE not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"aar": "1850"}, "Der er ingen planer for året “1850”. Vælg et år fra 2012 til 2014."),
        ({"afdeling": "nedlagt"}, "Der er ingen afdeling “nedlagt”. Vælg en på listen."),
    ],
)
def test_a_bad_filter_is_refused_naming_the_field(client, demo, query, message):
    # When a shared address names a year without plans, or a department that is gone
    response = client.get(CITIZENS, query)
    # Then the page says so, naming the field and linking to it, and lists no plans
    assert response.status_code == 400
    html = response.content.decode()
    alert = re.search(r'<div class="alert alert-error" role="alert">(.*?)</div></div>', html, re.S)
    assert alert is not None
    name, label = {"aar": ("aar", "År"), "afdeling": ("afdeling", "Afdeling")}[next(iter(query))]
    assert f'<a href="#id_{name}">{label}</a>: {message}' in alert.group(1)
    assert _plan_items(html) == {}


def test_anonymous_readers_get_no_cookie_and_a_cached_page(client, demo):
    for address in ("/", CITIZENS, f"{CITIZENS}?aar=2014&afdeling=miljo-teknik"):
        # When a new anonymous reader opens the page
        response = Client().get(address)
        # Then no cookie is set, and the page carries no form token
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, address
        assert not response.cookies, address
        assert "csrfmiddlewaretoken" not in response.content.decode()
        # And browsers are asked to check with the server, as for every public page
        assert "no-cache" in response.headers["Cache-Control"]
    # And the page without filters is kept whole in the page cache (web.caching)
    first = Client().get(CITIZENS)
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(CITIZENS)
    assert again.content == first.content and len(queries) == 0
    assert again.headers["ETag"] == first.headers["ETag"]


def test_the_page_is_drawn_again_when_a_plan_is_published(demo, django_capture_on_commit_callbacks):
    # Given the page in the cache, without the draft
    with django_capture_on_commit_callbacks(execute=True):
        plan = _draft()
    assert DRAFT_TITLE not in Client().get(CITIZENS).content.decode()
    # When the draft is submitted, approved and published
    for status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        with django_capture_on_commit_callbacks(execute=True):
            plan = services.plan_transition(user=SYSTEM_ACTOR, plan=plan, to_status=status)
    # Then the next anonymous reader sees it
    assert list(_plan_items(Client().get(CITIZENS).content.decode())) == [
        plan.key,
        "mt-2014",
        "mtf-2012-2013",
    ]


def test_the_page_in_english(client, demo, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page_text(client.get(CITIZENS).content.decode())
    assert "Here you can see what the departments of Albertslund Kommune have promised" in text
    assert "16 goals: 16 not followed up" in text


@pytest.mark.parametrize("plans", ["demo", "scaled_demo"])
def test_the_filtered_page_takes_the_same_queries_however_many_plans(request, plans):
    # Given the demo, or the demo ten times over
    request.getfixturevalue(plans)
    current_authority()  # the header's municipality, kept as on a running site (conftest)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CITIZENS, {"afdeling": "albertslund", "aar": "2013"})
    # Then the page takes the unfiltered page's five queries, and the department's row and the
    # units under it
    assert response.status_code == 200
    assert _plan_items(response.content.decode())
    assert len(queries) == 7, [query["sql"][:80] for query in queries]
