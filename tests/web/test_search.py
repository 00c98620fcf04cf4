"""The search page and the header's search box, through Django's test client, on the demo."""

import re

import pytest
from django.urls import reverse

from virkplan.plans.models import Goal
from virkplan.plans.search.selectors import PAGE_SIZE

from .conftest import links, page_text

pytestmark = pytest.mark.django_db


def _search(client, **params):
    return client.get(reverse("web:search"), params)


def test_every_page_has_a_search_box_that_keeps_it_cacheable(client, demo):
    # Given an anonymous reader on the front page
    response = client.get(reverse("web:front"))
    html = response.content.decode()
    # Then the header holds a search form that sends the words to the search page by GET
    form = re.search(r'<form action="([^"]+)" method="get" class="search[^"]*"', html)
    assert form is not None and form.group(1) == reverse("web:search")
    assert 'name="q"' in html
    # And the page still carries no form token and sets no cookie
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_the_search_page_lists_the_hits_with_their_snippets(client, demo):
    # When an anonymous reader searches for "borgerinddragelse"
    response = _search(client, q="borgerinddragelse")
    # Then the hits are listed: the goal that has the word first, linked to its page
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    goal = Goal.objects.get(statement__startswith="Vi vil gøre aktiv borgerinddragelse")
    assert reverse("web:goal", args=[goal.key]) in links(html)
    assert "<mark>borgerinddragelse</mark>" in html
    # And the criterion that says it in two words
    assert "<mark>inddragelse</mark> af <mark>borgere</mark>" in html
    text = page_text(html)
    assert "Virksomhedsplan 2012–2013 · Miljø- og Teknikforvaltningen · 2012–2013" in text


def test_the_page_says_when_nothing_was_found_and_when_nothing_was_asked(client, demo):
    assert "Intet af det, du må læse, indeholder alle ordene" in page_text(
        _search(client, q="kvantecomputer").content.decode()
    )
    assert "Ingen resultater" in page_text(_search(client, q="kvantecomputer").content.decode())
    empty = _search(client)
    assert empty.status_code == 200
    assert "Ingen resultater" not in page_text(empty.content.decode())
    assert "Skriv et eller flere ord" in page_text(_search(client, q="og").content.decode())


def test_what_was_typed_is_shown_escaped(client, demo):
    response = _search(client, q='<script>alert("x")</script>')
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def _kinds(html: str) -> set[str]:
    return set(re.findall(r'<p class="vp-overline">([^<·]+)', html))


def test_the_filters_narrow_the_hits_and_stay_in_the_address(client, demo):
    all_hits = _search(client, q="borgere").content.decode()
    goals_2014 = _search(client, q="borgere", aar=2014, type="goal").content.decode()
    assert {"Mål", "Dokumentationspunkt "} <= _kinds(all_hits)
    assert _kinds(goals_2014) == {"Mål"}
    assert "2012–2013 ·" not in page_text(goals_2014)
    assert '<option value="2014" selected>' in goals_2014
    assert '<option value="goal" selected>' in goals_2014


def test_an_unknown_filter_is_shown_as_an_error(client, demo):
    response = _search(client, q="borgere", enhed="ingen-saadan")
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()


def test_hits_come_a_page_at_a_time(client, scaled_demo):
    first = _search(client, q="borgere").content.decode()
    assert first.count('class="vp-search-hit"') == PAGE_SIZE
    assert "side=2" in first
    second = _search(client, q="borgere", side=2).content.decode()
    assert 'class="vp-search-hit"' in second
    assert "Side 2 af" in page_text(second)


def test_a_common_word_is_counted_to_a_thousand(client, demo, monkeypatch):
    from virkplan.plans.search import selectors

    monkeypatch.setattr(selectors, "MAX_HITS", 5)
    text = page_text(_search(client, q="borgere").content.decode())
    assert "Mere end 5 resultater" in text
    assert "De nyeste 5 vises, nyeste først." in text


def test_the_page_in_english(client, demo, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _search(client, q="borgere").content.decode()
    assert "Search the plans" in page_text(html)
    assert re.search(r"\d+ hits", page_text(html))


@pytest.mark.parametrize("plans", ["demo", "scaled_demo"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_search_page_takes_the_same_queries_for_more_plans(
    request, client, plans, signed_in, django_assert_max_num_queries
):
    # Given the demo, or the demo ten times over, and a reader with a role or none
    request.getfixturevalue(plans)
    if signed_in:
        from tests.factories import user_with_roles
        from virkplan.organisation.models import Role

        client.force_login(user_with_roles("laeser", ("miljo-teknik", Role.READER)))
    # Then a search with a compound word (its splits tried), filtered, takes a fixed number
    # (signed in, one more: the header's count of unread notifications), counted on a page
    # after the first, as on a running site (the first reads the municipality for the header)
    _search(client, q="borgerinddragelse miljø", aar=2013, side=1)
    with django_assert_max_num_queries(10 if signed_in else 8):
        response = _search(client, q="borgerinddragelse miljø", aar=2013, side=1)
        assert response.status_code == 200
