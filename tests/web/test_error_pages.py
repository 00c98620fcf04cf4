"""The error pages: the visitor's language, the site's layout and a way on, with DEBUG off."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import PlanFactory, UserFactory
from virkplan.plans.models import PlanStatus

from .conftest import links, page_text

ERROR_URLS = "tests.web.error_urls"


def _sign_in_next(html: str) -> list[str]:
    """The `next` of every sign-in link on the page."""
    found = []
    for href in links(html):
        parts = urlsplit(href)
        if parts.path == "/konto/log-ind/":
            found.extend(parse_qs(parts.query).get("next", []))
    return found


@pytest.mark.django_db
def test_an_anonymous_visitor_following_a_link_to_a_draft_is_offered_sign_in(client) -> None:
    # Given a draft plan, and a visitor who is not signed in
    plan = PlanFactory(status=PlanStatus.DRAFT)
    url = f"/plan/{plan.key}/"
    # When they follow a link to it
    response = client.get(url)
    html = response.content.decode()
    # Then they get a Danish 404 on the site's layout that offers sign-in and brings them back
    assert response.status_code == 404
    assert settings.DEBUG is False
    text = page_text(html)
    assert "Siden blev ikke fundet" in text
    assert "Log ind" in text
    assert "Gå til forsiden" in text
    assert 'class="vp-error-sign-in"' in html
    assert url in _sign_in_next(html)
    assert "/" in links(html)
    assert 'class="header"' in html  # the site's layout, not Django's bare page


@pytest.mark.django_db
def test_the_404_page_is_english_for_a_visitor_who_chose_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/der-er-ingen-side-her/")
    text = page_text(response.content.decode())
    assert response.status_code == 404
    assert "The page was not found" in text
    assert "Sign in" in text
    assert "Go to the front page" in text


@pytest.mark.django_db
def test_a_signed_in_visitor_is_not_offered_sign_in_on_a_404() -> None:
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/der-er-ingen-side-her/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in page_text(html)
    assert 'class="vp-error-sign-in"' not in html


@pytest.mark.django_db
def test_the_403_page_is_danish_and_offers_sign_in_to_an_anonymous_visitor(client) -> None:
    with override_settings(ROOT_URLCONF=ERROR_URLS):
        response = client.get("/test-403/")
    html = response.content.decode()
    assert response.status_code == 403
    text = page_text(html)
    assert "Det må du ikke" in text
    assert "Log ind" in text
    assert "/test-403/" in _sign_in_next(html)


@pytest.mark.django_db
def test_a_refusal_with_a_reason_says_it_to_a_signed_in_user() -> None:
    client = Client()
    client.force_login(UserFactory())
    with override_settings(ROOT_URLCONF=ERROR_URLS):
        response = client.get("/test-403-grund/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Kun en godkender må godkende planen." in page_text(html)
    assert "Dine roller giver ikke adgang" in page_text(html)
    assert 'class="vp-error-sign-in"' not in html


@pytest.mark.django_db
def test_the_403_page_in_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with override_settings(ROOT_URLCONF=ERROR_URLS):
        response = client.get("/test-403/")
    assert response.status_code == 403
    assert "You may not do this" in page_text(response.content.decode())


@pytest.mark.django_db
def test_the_400_page_is_danish(client) -> None:
    with override_settings(ROOT_URLCONF=ERROR_URLS):
        response = client.get("/test-400/")
    text = page_text(response.content.decode())
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in text
    assert "Gå til forsiden" in text


def test_the_500_page_is_danish_and_touches_no_database() -> None:
    # Given no database at all (this test may not open one) and a session cookie that,
    # if anything looked it up, would need the database
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-key-nobody-may-look-up"
    with override_settings(ROOT_URLCONF=ERROR_URLS):
        response = client.get("/fejl-test/")
    html = response.content.decode()
    text = page_text(html)
    assert response.status_code == 500
    assert "Der gik noget galt" in text
    assert "Gå til forsiden" in text
    assert 'class="header"' in html


def test_the_500_page_in_english() -> None:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with override_settings(ROOT_URLCONF=ERROR_URLS):
        response = client.get("/fejl-test/")
    assert response.status_code == 500
    assert "Something went wrong" in page_text(response.content.decode())


@pytest.mark.django_db
def test_a_form_refused_for_its_security_token_gets_a_danish_page() -> None:
    # Given a browser whose form carries no valid CSRF token
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    # When it posts
    response = client.post("/konto/adgangskode/", {"old_password": "x"})
    html = response.content.decode()
    # Then it is refused on a Danish page that says nothing was saved and how to go on
    assert response.status_code == 403
    text = page_text(html)
    assert "Formularen kunne ikke sendes" in text
    assert "intet blev gemt" in text
    assert "Gå til forsiden" in text
    assert 'class="header"' in html
