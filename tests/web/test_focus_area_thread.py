"""The red thread: a focus area through every plan that includes it, and the list of them.

The demo's Miljø & Teknik 2014 plan includes the executive board's "Bo i Albertslund". Here
two more departments answer it in 2014, the board sets it again for 2015 with a new text
(a row of its own), Miljø & Teknik answers that too, and a draft plan of a third department
includes it; a focus area of the same title that a department set for itself is another
subject.
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from tests.factories import user_with_roles
from virkplan.organisation.models import Role, Unit, UnitKind
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans import services
from virkplan.plans.goal_status import NOT_FOLLOWED_UP, goal_status_label
from virkplan.plans.models import (
    FocusArea,
    FocusAreaGroup,
    FollowUpStatus,
    Goal,
    Plan,
    PlanStatus,
)

from .conftest import SCALE, links, page_text

BO = "mt-2014-fa-bo-i-albertslund"
BO_TEXT_2014 = "Målet i Forstad på Forkant er at tiltrække 500 ungefamilier årligt."
MT_TEXT_2014 = "For Miljø & Teknik betyder det, at arbejdet med udviklingen af ledige byggefelter"


def _url(key: str = BO) -> str:
    return reverse("web:focus-area", args=[key])


def _published(plan: Plan) -> Plan:
    for status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        plan = services.plan_transition(user=SYSTEM_ACTOR, plan=plan, to_status=status)
    return plan


def _plan(
    unit_key: str, year: int, area: FocusArea, unit_text: str, goals: dict[str, str | None]
) -> tuple[Plan, list[Goal]]:
    """A draft plan of the unit for the year that includes the focus area with the text and
    goals (statement: the status it gets at a follow-up round, None for none)."""
    plan = services.plan_create(
        user=SYSTEM_ACTOR,
        unit=Unit.objects.get(key=unit_key),
        title=f"Virksomhedsplan {year}",
        start_year=year,
        end_year=year,
    )
    answer = services.plan_focus_area_add(
        user=SYSTEM_ACTOR, plan=plan, title="", focus_area=area, unit_text=unit_text
    )
    made = [
        services.goal_create(user=SYSTEM_ACTOR, area=answer, statement=statement)
        for statement in goals
    ]
    return plan, made


def _assessed(plan: Plan, goals: list[Goal], statuses: list[str | None]) -> None:
    """Give the goals their statuses at a finished follow-up round of the (published) plan."""
    round = services.follow_up_round_start(user=SYSTEM_ACTOR, plan=plan, on=date(2015, 1, 15))
    for goal, status in zip(goals, statuses, strict=True):
        if status is not None:
            services.goal_assess(user=SYSTEM_ACTOR, goal=goal, round=round, status=status)
    services.follow_up_round_finish(user=SYSTEM_ACTOR, round=round)


@dataclass
class Thread:
    bo_2015: FocusArea
    drift_2014: Plan
    mt_2015: Plan
    draft: Plan


@pytest.fixture
def thread(demo) -> Thread:
    return _thread_build()


def _thread_build() -> Thread:
    bo_2014 = FocusArea.objects.get(key=BO)
    # Given two more departments answering the board's focus area in 2014, followed up
    drift, drift_goals = _plan(
        "drift-service",
        2014,
        bo_2014,
        "For Drift & Service betyder det rene og trygge veje.",
        {"Vi vil feje alle stier hver uge.": None, "Vi vil plante 200 træer.": None},
    )
    drift = _published(drift)
    _assessed(drift, drift_goals, [FollowUpStatus.MET, FollowUpStatus.POSTPONED])
    jobs, _ = _plan(
        "arbejdsmarked-ydelse-erhverv",
        2014,
        bo_2014,
        "For Arbejdsmarked betyder det job til nye borgere.",
        {"Vi vil skaffe 50 job til nye borgere.": None},
    )
    _published(jobs)
    # And the board's focus area again for 2015, a row of its own with a new text
    bo_2015 = FocusArea.objects.create(
        key="bo-i-albertslund-2015",
        title="Bo i Albertslund",
        tagline="Den attraktive kommune",
        group=FocusAreaGroup.EXECUTIVE_BOARD,
        set_by=bo_2014.set_by,
        start_year=2015,
        end_year=2015,
        body="I 2015 skal byen **tiltrække** seniorer.",
    )
    mt_2015, mt_goals = _plan(
        "miljo-teknik",
        2015,
        bo_2015,
        "Miljø & Teknik bygger seniorboliger.",
        {"Vi vil bygge 40 seniorboliger.": None},
    )
    mt_2015 = _published(mt_2015)
    _assessed(mt_2015, mt_goals, [FollowUpStatus.IN_PROGRESS])
    # And a draft plan of By & Miljø including it
    draft, _ = _plan(
        "by-miljoe",
        2015,
        bo_2015,
        "By & Miljø planlægger nye byggefelter (kladde).",
        {"Vi vil udstykke 3 byggefelter.": None},
    )
    # And a focus area of the same title that Forsyning set for itself
    own = services.plan_create(
        user=SYSTEM_ACTOR,
        unit=Unit.objects.get(key="forsyning"),
        title="Årsplan 2015",
        start_year=2015,
        end_year=2015,
    )
    services.plan_focus_area_add(
        user=SYSTEM_ACTOR, plan=own, title="Bo i Albertslund", unit_text="Forsyningens egen tekst."
    )
    _published(own)
    return Thread(bo_2015=bo_2015, drift_2014=drift, mt_2015=mt_2015, draft=draft)


def _status(status: str) -> str:
    """A goal status as the Danish page says it, after the words "Status:"."""
    with translation.override("da"):
        return capfirst(goal_status_label(status))


def _years(html: str) -> dict[str, dict]:
    """Each year's section of the page: its units' names (h3) and its text, in page order."""
    years = {}
    for part in html.split('class="vp-thread-year"')[1:]:
        label = page_text(re.search(r"<h2[^>]*>(.*?)</h2>", part).group(1))
        units = [page_text(h3) for h3 in re.findall(r"<h3[^>]*>(.*?)</h3>", part, re.S)]
        years[label] = {"units": units, "text": page_text(part)}
    return years


def _read(url: str, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _text(url: str, user=None) -> str:
    response = _read(url, user)
    assert response.status_code == 200, url
    return page_text(response.content.decode())


# --- the thread page ---------------------------------------------------------------------------


def test_the_page_shows_every_plan_with_its_text_and_its_goals_statuses(thread) -> None:
    # When an anonymous reader opens the board's focus area
    response = _read(_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    # Then it names the focus area, who set it and the years it spans
    assert "Bo i Albertslund – Den attraktive kommune" in text
    assert "Direktørgruppen" in text and "2014–2015" in text
    # And every plan that includes it, newest year first, each unit's text under its plan
    years = _years(html)
    assert list(years) == ["2015", "2014"]
    assert years["2015"]["units"] == ["Miljø & Teknik"]
    assert years["2014"]["units"] == [
        "Arbejdsmarked, Ydelse & Erhverv",
        "Drift & Service",
        "Miljø & Teknik",
    ]
    for year, answer in (
        ("2015", "Miljø & Teknik bygger seniorboliger."),
        ("2014", "For Arbejdsmarked betyder det job til nye borgere."),
        ("2014", "For Drift & Service betyder det rene og trygge veje."),
        ("2014", MT_TEXT_2014),
    ):
        assert answer in years[year]["text"], answer
    public = Plan.objects.filter(
        status=PlanStatus.PUBLISHED, plan_focus_areas__focus_area__set_by__key="direktoergruppen"
    ).distinct()
    assert public.count() == 4
    for plan in public:
        assert reverse("web:plan", args=[plan.key]) in links(html), plan
    # And each goal there with its status now, linking to the goal's page
    for statement, status in (
        ("Vi vil feje alle stier hver uge.", FollowUpStatus.MET),
        ("Vi vil plante 200 træer.", FollowUpStatus.POSTPONED),
        ("Vi vil bygge 40 seniorboliger.", FollowUpStatus.IN_PROGRESS),
        ("Vi vil skaffe 50 job til nye borgere.", NOT_FOLLOWED_UP),
    ):
        assert f"{statement} Status: {_status(status)}" in text, statement
        goal = Goal.objects.get(statement=statement)
        assert reverse("web:goal", args=[goal.key]) in links(html)
    demo_goals = Goal.objects.filter(
        plan_focus_area__plan__key="mt-2014", plan_focus_area__focus_area__key=BO
    )
    assert demo_goals.count() == 7
    for goal in demo_goals:
        assert f"{goal.statement} Status: {_status(NOT_FOLLOWED_UP)}" in text
    # And how the goals stand in each year, counted
    with translation.override("da"):
        met, postponed, in_progress, not_yet = (
            goal_status_label(status)
            for status in (
                FollowUpStatus.MET,
                FollowUpStatus.POSTPONED,
                FollowUpStatus.IN_PROGRESS,
                NOT_FOLLOWED_UP,
            )
        )
    assert f"2015 1 mål: 1 {in_progress} " in years["2015"]["text"]
    assert f"2014 10 mål: 1 {met} · 1 {postponed} · 8 {not_yet} " in years["2014"]["text"]
    # And each year's shared text, as the board wrote it for that year
    assert "I 2015 skal byen <strong>tiltrække</strong> seniorer." in html
    assert "I 2015 skal byen tiltrække seniorer." in years["2015"]["text"]
    assert BO_TEXT_2014 in years["2014"]["text"]
    # But not the text of a focus area of the same title that a unit set for itself
    assert "Forsyningens egen tekst." not in text


def test_the_thread_is_the_same_from_either_years_row(thread) -> None:
    # The 2015 row leads to the same thread as the 2014 one
    older, newer = _text(_url()), _text(_url(thread.bo_2015.key))
    assert older == newer
    # A focus area of the same title set by another unit is a thread of its own
    own = FocusArea.objects.get(title="Bo i Albertslund", group=FocusAreaGroup.UNIT)
    text = _text(_url(own.key))
    assert "Forsyningens egen tekst." in text
    assert MT_TEXT_2014 not in text and "Direktørgruppen" not in text


def test_a_draft_plan_is_hidden_from_anonymous_readers_and_shown_to_its_units_editor(
    thread,
) -> None:
    draft_text = "By & Miljø planlægger nye byggefelter (kladde)."
    draft_url = reverse("web:plan", args=[thread.draft.key])
    # An anonymous reader does not see the draft's text, goals or address
    response = _read(_url())
    assert draft_text not in page_text(response.content.decode())
    assert "Vi vil udstykke 3 byggefelter." not in page_text(response.content.decode())
    assert draft_url not in links(response.content.decode())
    # Nor does a reader with a role on another department
    other = user_with_roles("drift-redaktoer", ("drift-service", Role.EDITOR))
    assert draft_text not in _text(_url(), other)
    # By & Miljø's editor sees it in 2015, marked a draft
    editor = user_with_roles("bm-redaktoer", ("by-miljoe", Role.EDITOR))
    html = _read(_url(), editor).content.decode()
    text = page_text(html)
    assert draft_text in text and draft_url in links(html)
    assert f"{thread.draft.title} 2015 · Kladde" in text
    assert "Vi vil udstykke 3 byggefelter." in text


def test_a_focus_area_only_drafts_include_is_not_found_by_anonymous_readers(thread) -> None:
    area = services.plan_focus_area_add(
        user=SYSTEM_ACTOR, plan=thread.draft, title="Klimatilpasning", unit_text="Regnvand."
    )
    url = _url(area.focus_area.key)
    assert _read(url).status_code == 404
    editor = user_with_roles("bm-redaktoer", ("by-miljoe", Role.EDITOR))
    assert "Regnvand." in _text(url, editor)


def test_an_unknown_key_is_not_found(demo) -> None:
    assert _read(_url("findes-ikke")).status_code == 404


def test_a_thread_of_one_text_shows_it_once(demo) -> None:
    # The demo's focus area is in one plan with one shared text
    html = _read(_url()).content.decode()
    assert html.count(BO_TEXT_2014) == 1
    assert "Den fælles tekst" in page_text(html)


def test_the_page_shows_a_change_at_once(thread, django_capture_on_commit_callbacks) -> None:
    # Given the page read by an anonymous visitor (and so kept in the page cache)
    assert "Virksomhedsplan 2015 2015 · Offentliggjort" in _text(_url())
    # When Miljø & Teknik's 2015 plan is archived
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_transition(
            user=SYSTEM_ACTOR, plan=thread.mt_2015, to_status=PlanStatus.ARCHIVED
        )
    # Then the next anonymous reader sees it so
    assert "Virksomhedsplan 2015 2015 · Arkiveret" in _text(_url())


# --- the list of focus areas, and the links to a thread ---------------------------------------


def _list_items(html: str) -> list[str]:
    return [page_text(item) for item in re.findall(r"<li>(.*?)</li>", html, re.S)]


def test_the_list_shows_each_shared_focus_area_once_with_its_years_and_plans(thread) -> None:
    # When an anonymous reader opens the list of focus areas
    html = _read(reverse("web:focus-areas")).content.decode()
    text = page_text(html)
    # Then the board's focus area is one entry, from 2014 to 2015 in the four published plans,
    # linking to its thread (from its newest row)
    items = [item for item in _list_items(html) if item.startswith("Bo i Albertslund")]
    assert items == [
        "Bo i Albertslund – Den attraktive kommune 2014–2015 · Direktørgruppen · 4 planer"
    ]
    assert _url(thread.bo_2015.key) in links(html)
    # And the board's other focus areas are there, under who set them
    assert "Fastsat af direktionen" in text
    for key in (
        "mt-2014-fa-godt-i-gang",
        "mt-2014-fa-digitale-kompetencer",
        "mt-2014-fa-smart-city-og-velfaerdsinnovation",
    ):
        assert _url(key) in links(html), key
    # But no unit's own focus area
    assert "Aktivt medborgerskab" not in text
    assert _url(FocusArea.objects.get(set_by__key="forsyning").key) not in links(html)
    # And the editor of the draft's unit counts the draft too
    editor = user_with_roles("bm-redaktoer", ("by-miljoe", Role.EDITOR))
    html = _read(reverse("web:focus-areas"), editor).content.decode()
    assert "Bo i Albertslund – Den attraktive kommune 2014–2015 · Direktørgruppen · 5 planer" in (
        _list_items(html)
    )


def test_the_front_page_links_to_the_list(demo) -> None:
    html = _read(reverse("web:front")).content.decode()
    assert reverse("web:focus-areas") in links(html)


def test_plan_and_goal_pages_link_each_focus_area_to_its_thread(demo) -> None:
    plan = Plan.objects.get(key="mt-2014")
    html = _read(reverse("web:plan", args=[plan.key])).content.decode()
    areas = list(plan.plan_focus_areas.select_related("focus_area"))
    assert len(areas) == 4
    for area in areas:
        # The focus area's heading is the link
        heading = re.search(
            rf'<h3[^>]*><a href="{re.escape(_url(area.focus_area.key))}">(.*?)</a>', html
        )
        assert heading is not None and heading.group(1) == area.focus_area.title
    goal = Goal.objects.get(key="mt-2014-g02")
    html = _read(reverse("web:goal", args=[goal.key])).content.decode()
    assert _url(goal.plan_focus_area.focus_area.key) in links(html)


# --- what the pages cost ----------------------------------------------------------------------


def _queries(url: str, user=None) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(reverse("web:front"))  # the session, once, before counting
    for cache in caches.all():  # the page drawn, not taken from the page cache
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _departments_answer(count: int) -> None:
    """`count` more departments answer the board's focus area in 2014, three goals each, two
    of them followed up."""
    area = FocusArea.objects.get(key=BO)
    top = Unit.objects.get(key="albertslund")
    for n in range(count):
        Unit.objects.create(
            key=f"afdeling-{n}", name=f"Afdeling {n}", kind=UnitKind.DEPARTMENT, parent=top
        )
        plan, goals = _plan(
            f"afdeling-{n}",
            2014,
            area,
            f"For afdeling {n} betyder det noget.",
            {f"Vi vil nå mål {n}.{g}.": None for g in range(3)},
        )
        _assessed(_published(plan), goals, [FollowUpStatus.MET, FollowUpStatus.NOT_MET, None])


def test_the_pages_cost_the_same_however_many_plans_goals_and_years(demo) -> None:
    # Given the demo's one plan including the board's focus area, read by anyone and an editor
    editor = user_with_roles("bm-redaktoer", ("by-miljoe", Role.EDITOR))
    pages = [_url(), reverse("web:focus-areas")]
    before = [(_queries(url), _queries(url, editor)) for url in pages]
    # When more departments answer it, over two years, with goals followed up and a draft
    _thread_build()
    _departments_answer(SCALE)
    # Then each page issues as many queries as before
    after = [(_queries(url), _queries(url, editor)) for url in pages]
    assert after == before
    # (which means something only while the page shows every plan and goal)
    html = _read(_url()).content.decode()
    assert len(re.findall('class="vp-thread-answer"', html)) == 4 + SCALE
    assert html.count('class="vp-thread-goal"') == 7 + 2 + 1 + 1 + 3 * SCALE
    assert page_text(html).count(f"Status: {_status(FollowUpStatus.NOT_MET)}") == SCALE
