"""Whole pages for anonymous readers come from the cache, and every write shows at once.

Each test reads the pages as an anonymous visitor before a write (so they are
cached) and after it. The writes go through the services as the pages, the
importer and the command line make them; `committed` runs what the services
leave for the commit of their transaction (the test's own transaction is
never committed), as a real request's commit does.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from tests.factories import user_with_roles
from virkplan.core import data_version
from virkplan.core.errors import EditConflict
from virkplan.demo.services import demo_document
from virkplan.interchange.services import document_import
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.services import UnitData, units_import
from virkplan.plans import services
from virkplan.plans.models import FollowUp, FollowUpStatus, Goal, Plan, PlanStatus
from virkplan.plans.selectors import SYSTEM_ACTOR

from .conftest import page_text

PLAN = "mt-2014"
OLD_PLAN = "mtf-2012-2013"
GOAL = "mt-2014-g02"
OLD_GOAL = "mtf-2012-2013-g01"


def _pages(plan: str = PLAN, goal: str = GOAL) -> list[str]:
    return [
        reverse("web:front"),
        reverse("web:plan", args=[plan]),
        reverse("web:plan-status", args=[plan]),
        reverse("web:goal", args=[goal]),
    ]


def read(url: str, **headers: str):
    """The page as a new anonymous visitor gets it (no cookies)."""
    response = Client().get(url, headers=headers)
    assert response.status_code == 200, url
    return response


def text(url: str) -> str:
    return page_text(read(url).content.decode())


@contextmanager
def committed(django_capture_on_commit_callbacks) -> Iterator[None]:
    with django_capture_on_commit_callbacks(execute=True):
        yield


@pytest.fixture
def admin(demo):
    """An administrator of the whole municipality (which holds every lesser role too)."""
    return user_with_roles("admin", ("albertslund", Role.ADMINISTRATOR))


# --- what an anonymous page carries ----------------------------------------------------------


@pytest.mark.parametrize("index", range(4), ids=["front", "plan", "status", "goal"])
def test_anonymous_pages_set_no_cookie_and_carry_no_token(demo, index) -> None:
    url = _pages()[index]
    # When an anonymous visitor reads the page, first and from the cache
    for response in (read(url), read(url)):
        # Then no cookie is set and no form token is in the page
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content
        # And the page says what it varies by, carries its ETag and is checked each time
        assert "Cookie" in response.headers["Vary"]
        assert response.headers["ETag"]
        assert "no-cache" in response.headers["Cache-Control"]


def test_the_language_form_works_without_a_token(demo) -> None:
    # Given a visitor whose browser enforces the form token as a real one does
    browser = Client(enforce_csrf_checks=True)
    url = reverse("web:plan", args=[PLAN])
    danish = browser.get(url)
    # When they choose English on the cached Danish page
    response = browser.post(reverse("set_language"), {"language": "en", "next": url})
    # Then they are back on the page, in English, and the Danish page stays Danish for others
    assert response.status_code == 302 and response.headers["Location"] == url
    english = browser.get(url)
    assert '<html lang="en" class="no-js">' in english.content.decode()
    assert '<html lang="da" class="no-js">' in read(url).content.decode()
    assert english.headers["ETag"] != danish.headers["ETag"]


def test_a_signed_in_page_keeps_its_token_for_signing_out(demo, admin) -> None:
    client = Client()
    client.force_login(admin)
    html = client.get(reverse("web:plan", args=[PLAN])).content.decode()
    assert "csrfmiddlewaretoken" in html
    assert reverse("logout") in html


# --- served from the cache --------------------------------------------------------------------


def test_pages_are_served_from_the_cache_until_the_data_version_changes(demo) -> None:
    # Given the plan page read once
    url = reverse("web:plan", args=[PLAN])
    first = read(url)
    # When the data changes behind the services' back
    Plan.objects.filter(key=PLAN).update(title="Skrevet uden om tjenesterne")
    # Then anonymous readers still get the cached page
    assert read(url).content == first.content
    # And once a write changes the data version, they get the page as the data is now
    data_version._bump()
    assert "Skrevet uden om tjenesterne" in text(url)


def test_a_matching_if_none_match_gets_304(demo) -> None:
    url = reverse("web:plan", args=[PLAN])
    etag = read(url).headers["ETag"]
    response = Client().get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag
    # An old ETag gets the whole page
    assert Client().get(url, headers={"If-None-Match": '"old"'}).status_code == 200


def test_a_page_says_when_it_was_drawn_and_answers_if_modified_since(demo) -> None:
    url = reverse("web:plan", args=[PLAN])
    drawn = read(url).headers["Last-Modified"]
    # The cached copy says the same, and a client that asks by that date gets 304
    assert read(url).headers["Last-Modified"] == drawn
    response = Client().get(url, headers={"If-Modified-Since": drawn})
    assert response.status_code == 304
    assert response.content == b""
    # One that has an older copy gets the page
    older = http_date(parse_http_date(drawn) - 60)
    assert Client().get(url, headers={"If-Modified-Since": older}).status_code == 200


def test_after_a_write_the_page_is_drawn_again_with_a_later_date(demo, monkeypatch) -> None:
    url = reverse("web:plan", args=[PLAN])
    drawn = read(url).headers["Last-Modified"]
    # When the data changes a minute later
    later = parse_http_date(drawn) + 60
    monkeypatch.setattr("virkplan.web.caching.time.time", lambda: later)
    data_version._bump()
    # Then a client asking since the old date gets the new page, dated when it was drawn
    response = Client().get(url, headers={"If-Modified-Since": drawn})
    assert response.status_code == 200
    assert response.headers["Last-Modified"] == http_date(later)


def test_after_a_write_the_old_etag_gets_the_new_page(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    url = reverse("web:plan", args=[PLAN])
    etag = read(url).headers["ETag"]
    with committed(django_capture_on_commit_callbacks):
        services.plan_transition(
            user=admin, plan=Plan.objects.get(key=PLAN), to_status=PlanStatus.ARCHIVED
        )
    response = Client().get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Status: arkiveret" in page_text(response.content.decode())


def test_a_signed_in_user_never_gets_the_cached_anonymous_page(demo, admin) -> None:
    # Given the plan page cached for anonymous readers
    url = reverse("web:plan", args=[PLAN])
    anonymous = read(url)
    # When a signed-in user reads it
    client = Client()
    client.force_login(admin)
    signed_in = client.get(url)
    # Then they get their own page (their name, their workflow), not the cached one
    html = signed_in.content.decode()
    assert signed_in.content != anonymous.content
    assert "admin" in page_text(html) and 'id="workflow"' in html
    assert "no-cache" not in signed_in.headers.get("Cache-Control", "")
    # And their page was not stored for anonymous readers
    assert read(url).content == anonymous.content


def test_a_signed_in_page_does_not_fill_the_cache(demo, admin) -> None:
    url = reverse("web:goal", args=[GOAL])
    client = Client()
    client.force_login(admin)
    client.get(url)
    assert "admin" not in text(url)


def test_a_visitor_with_messages_to_show_is_not_served_from_the_cache(demo) -> None:
    # Given the plan page cached, and then changed behind the services' back
    url = reverse("web:plan", args=[PLAN])
    read(url)
    Plan.objects.filter(key=PLAN).update(title="Skrevet uden om tjenesterne")
    # When a visitor with messages waiting (in their cookie) reads it
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    response = visitor.get(url)
    # Then the page is drawn for them, not taken from the cache
    assert "Skrevet uden om tjenesterne" in page_text(response.content.decode())
    assert "Skrevet uden om tjenesterne" not in text(url)


def test_an_address_with_a_query_string_is_drawn_not_kept(demo) -> None:
    url = reverse("web:plan", args=[PLAN])
    read(url)
    Plan.objects.filter(key=PLAN).update(title="Skrevet uden om tjenesterne")
    assert "Skrevet uden om tjenesterne" in text(url + "?anything=1")
    assert "Skrevet uden om tjenesterne" not in text(url)


def test_a_filtered_citizens_page_is_kept_under_its_filters_in_any_order(demo) -> None:
    # Given the citizens' page filtered to a department and a year, read once
    url = reverse("web:citizens")
    read(url + "?afdeling=miljo-teknik&aar=2014")
    Plan.objects.filter(key=PLAN).update(title="Skrevet uden om tjenesterne")
    # Then the next reader gets the kept page, with the filters in either order
    assert "Skrevet uden om tjenesterne" not in text(url + "?afdeling=miljo-teknik&aar=2014")
    assert "Skrevet uden om tjenesterne" not in text(url + "?aar=2014&afdeling=miljo-teknik")
    # But another filter is another page, drawn now
    assert "Skrevet uden om tjenesterne" in text(url + "?afdeling=miljo-teknik")
    # And a parameter the page does not take, or one given twice, is drawn and not kept
    assert "Skrevet uden om tjenesterne" in text(url + "?afdeling=miljo-teknik&aar=2014&x=1")
    assert "Skrevet uden om tjenesterne" in text(url + "?aar=2014&aar=2014&afdeling=miljo-teknik")


def test_a_refused_filter_is_not_kept(demo) -> None:
    # Given a filter with a year no plan covers, refused with 400
    url = reverse("web:citizens") + "?aar=1900"
    assert Client().get(url).status_code == 400
    # When a plan comes to cover it behind the services' back
    Plan.objects.filter(key=OLD_PLAN).update(start_year=1900, end_year=1900)
    # Then the page is drawn again, not the refusal from before
    assert Client().get(url).status_code == 200


def test_the_overview_is_kept_under_its_filters(demo) -> None:
    url = reverse("web:overview") + "?enhed=miljo-teknik"
    read(url)
    Plan.objects.filter(key=PLAN).update(title="Skrevet uden om tjenesterne")
    assert "Skrevet uden om tjenesterne" not in text(url)
    assert "Skrevet uden om tjenesterne" in text(reverse("web:overview") + "?enhed=albertslund")


# --- every kind of write shows at once --------------------------------------------------------


def test_a_rolled_back_write_keeps_the_data_version(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    version = data_version.current()
    follow_up = FollowUp.objects.filter(goal__key=OLD_GOAL).first()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(EditConflict),
    ):
        services.follow_up_update(
            user=admin,
            follow_up=follow_up,
            expected_version=follow_up.version + 1,
            status=FollowUpStatus.MET,
            text="Aldrig gemt",
        )
    assert callbacks == []
    assert data_version.current() == version


def test_editing_a_follow_up_shows_on_the_plan_status_and_goal_pages(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    # Given the old plan's pages cached
    plan = Plan.objects.get(key=OLD_PLAN)
    pages = _pages(OLD_PLAN, OLD_GOAL)[1:]
    for url in pages:
        read(url)
    follow_up = FollowUp.objects.filter(goal__key=OLD_GOAL).first()
    assert plan.status == PlanStatus.PUBLISHED and follow_up is not None
    # When an editor rewrites a follow-up
    with committed(django_capture_on_commit_callbacks):
        services.follow_up_update(
            user=admin,
            follow_up=follow_up,
            expected_version=follow_up.version,
            status=FollowUpStatus.MET,
            text="Opfølgning skrevet om i dag.",
        )
    # Then the plan and goal pages show it, and the status page counts it
    assert "Opfølgning skrevet om i dag." in text(pages[0])
    assert "Opfølgning skrevet om i dag." in text(pages[2])
    assert read(pages[1]).content != b""


def test_a_new_follow_up_shows_on_the_goal_page(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    url = reverse("web:goal", args=[GOAL])
    read(url)
    with committed(django_capture_on_commit_callbacks):
        services.follow_up_create(
            user=admin,
            goal=Goal.objects.get(key=GOAL),
            status=FollowUpStatus.IN_PROGRESS,
            text="Første opfølgning på målet.",
        )
    assert "Første opfølgning på målet." in text(url)


def test_archiving_shows_on_the_front_and_plan_pages(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    front, plan_url = _pages()[:2]
    assert "Status: offentliggjort" in text(plan_url)
    read(front)
    with committed(django_capture_on_commit_callbacks):
        services.plan_transition(
            user=admin, plan=Plan.objects.get(key=PLAN), to_status=PlanStatus.ARCHIVED
        )
    assert "Status: arkiveret" in text(plan_url)
    assert text(front).count("Arkiveret") == 1


def test_a_revision_edited_and_taken_through_the_workflow_shows_at_each_step(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    """A new revision; the plan, a goal and a criterion edited; submitted, approved, published."""
    front, plan_url, _status, goal_url = _pages()
    for url in (front, plan_url, goal_url):
        read(url)
    published = Plan.objects.get(key=PLAN)
    # When an editor starts a revision (a draft: anonymous readers see no change yet)
    with committed(django_capture_on_commit_callbacks):
        draft = services.plan_start_revision(user=admin, plan=published)
    assert draft.title not in text(front).replace(published.title, "", 1)
    # And edits its title, a goal and a criterion
    goal = Goal.objects.get(plan_focus_area__plan=draft, continues__key=GOAL)
    criterion = goal.criteria.first()
    with committed(django_capture_on_commit_callbacks):
        services.plan_update(
            user=admin, plan=draft, expected_version=draft.version, title="Planen, revideret"
        )
        services.goal_update(
            user=admin, goal=goal, expected_version=goal.version, statement="Et omskrevet mål."
        )
        services.criterion_update(
            user=admin,
            criterion=criterion,
            expected_version=criterion.version,
            text="Et omskrevet kriterie.",
        )
    # And takes it through the workflow, reading the pages after each step
    new_plan_url = reverse("web:plan", args=[draft.key])
    for step in (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        with committed(django_capture_on_commit_callbacks):
            services.plan_transition(user=admin, plan=Plan.objects.get(pk=draft.pk), to_status=step)
        # Then the old plan is archived once the revision is approved
        old_status = "offentliggjort" if step == PlanStatus.SUBMITTED else "arkiveret"
        assert f"Status: {old_status}" in text(plan_url)
    # And the published revision is on the front page with its edits on its pages
    assert "Planen, revideret" in text(front)
    assert "Et omskrevet mål." in text(new_plan_url)
    assert "Et omskrevet kriterie." in text(new_plan_url)
    assert "Et omskrevet mål." in text(reverse("web:goal", args=[goal.key]))
    # And the old goal's page leads to its continuation
    assert "Et omskrevet mål." in text(goal_url)


def test_editing_a_draft_keeps_the_anonymous_pages_but_not_the_plan_files(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    """No anonymous reader can see a draft: its edits leave their pages kept."""
    # Given a draft revision, and the published plan's pages kept for anonymous readers
    with committed(django_capture_on_commit_callbacks):
        draft = services.plan_start_revision(user=admin, plan=Plan.objects.get(key=PLAN))
    pages = _pages()
    kept = [read(url).content for url in pages]
    # (a change behind the services' back shows only when a page is drawn again)
    Plan.objects.filter(key=PLAN).update(title="Skrevet uden om tjenesterne")
    everything, public = data_version.current(), data_version.current(data_version.PUBLIC_KEY)
    # When an editor edits the draft's goal, adds a criterion and moves it
    goal = Goal.objects.get(plan_focus_area__plan=draft, continues__key=GOAL)
    with committed(django_capture_on_commit_callbacks):
        services.goal_update(
            user=admin, goal=goal, expected_version=goal.version, statement="Et kladdemål."
        )
        criterion = services.criterion_create(user=admin, goal=goal, text="Et nyt kriterie.")
        services.row_move(user=admin, row=criterion, offset=-1)
    # Then anonymous readers still get the kept pages, while what any user may see
    # (plan files, drafts included) is under a new version
    assert [read(url).content for url in pages] == kept
    assert data_version.current(data_version.PUBLIC_KEY) == public
    assert data_version.current() != everything
    # And the next write a reader can see draws the pages again
    with committed(django_capture_on_commit_callbacks):
        services.follow_up_create(
            user=admin,
            goal=Goal.objects.get(key=GOAL),
            status=FollowUpStatus.IN_PROGRESS,
            text="En opfølgning på den offentliggjorte plan.",
        )
    assert "Skrevet uden om tjenesterne" in text(pages[1])
    assert "En opfølgning på den offentliggjorte plan." in text(pages[3])


def test_an_import_shows_on_the_front_page(demo, django_capture_on_commit_callbacks) -> None:
    front = reverse("web:front")
    read(front)
    document = demo_document()
    plan = dict(document["plans"][0], key="importeret-2015", title="En importeret plan")
    plan["focus_areas"] = []
    with committed(django_capture_on_commit_callbacks):
        document_import(user=SYSTEM_ACTOR, document=dict(document, plans=[plan]))
    assert "En importeret plan" in text(front)


def test_importing_units_shows_on_the_front_page(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    front = reverse("web:front")
    read(front)
    unit = Unit.objects.get(key="forsyning")
    renamed = UnitData(
        key=unit.key, name="Forsyning og klima", kind=unit.kind, parent_key=unit.parent.key
    )
    with committed(django_capture_on_commit_callbacks):
        units_import(user=admin, units=[renamed], update=True)
    assert "Forsyning og klima" in text(front)


def test_a_reorganisation_shows_on_the_goal_page(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    url = reverse("web:goal", args=[GOAL])
    target = Unit.objects.get(key="forsyning")
    assert target.name not in text(url)
    with committed(django_capture_on_commit_callbacks):
        moved = services.goals_move_to_unit(
            user=admin, source=Unit.objects.get(key="miljo-teknik"), target=target
        )
    assert moved
    assert f"Ansvarlig: {target.name}" in text(url)


def test_restoring_a_follow_up_shows_on_the_goal_page(
    demo, admin, django_capture_on_commit_callbacks
) -> None:
    url = reverse("web:goal", args=[GOAL])
    with committed(django_capture_on_commit_callbacks):
        follow_up = services.follow_up_create(
            user=admin,
            goal=Goal.objects.get(key=GOAL),
            status=FollowUpStatus.IN_PROGRESS,
            text="Den første tekst.",
        )
        services.follow_up_update(
            user=admin,
            follow_up=follow_up,
            expected_version=follow_up.version,
            status=FollowUpStatus.MET,
            text="Den anden tekst.",
        )
    assert "Den anden tekst." in text(url)
    first = follow_up.history.filter(text="Den første tekst.").first()
    with committed(django_capture_on_commit_callbacks):
        services.history_restore(user=admin, record=first)
    html = text(url)
    assert "Den første tekst." in html and "Den anden tekst." not in html
