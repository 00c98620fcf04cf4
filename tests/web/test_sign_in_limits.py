"""Password guessing is limited, passwords are long, and sessions end when idle or old."""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from virkplan.web.middleware import SessionIdleMiddleware

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-adgangskode-2026"


@pytest.fixture
def user():
    return User.objects.create_user("enhedsleder", password=PASSWORD)


def _sign_in(client, password: str, path: str = "login"):
    return client.post(reverse(path), {"username": "enhedsleder", "password": password})


def test_twenty_wrong_passwords_lock_the_right_one_out(client, user) -> None:
    # Given 20 wrong passwords in a row from one address
    for attempt in range(20):
        _sign_in(client, f"forkert-{attempt}")
    # When the right one follows
    response = _sign_in(client, PASSWORD)
    # Then it does not sign in, and the page says why, in Danish
    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    page = response.content.decode()
    assert "Log ind er spærret" in page
    assert "15 minutter" in page
    assert "<!DOCTYPE html>" in page  # the site's own page, not a bare text


def test_four_wrong_passwords_still_let_the_right_one_in(client, user) -> None:
    for attempt in range(4):
        _sign_in(client, f"forkert-{attempt}")
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_after_the_cool_off_the_right_password_signs_in(client, user) -> None:
    # Given a locked-out user name and address
    for attempt in range(6):
        _sign_in(client, f"forkert-{attempt}")
    assert _sign_in(client, PASSWORD).status_code == 429
    # When the cool-off (15 minutes) has passed
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    # Then the right password signs in
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_lockout_is_per_user_name_and_address(client, user) -> None:
    User.objects.create_user("kollega", password=PASSWORD)
    for attempt in range(6):
        _sign_in(client, f"forkert-{attempt}")
    # Another user name from the same address still signs in
    response = client.post(reverse("login"), {"username": "kollega", "password": PASSWORD})
    assert response.status_code == 302
    # The same user name from another address too
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "enhedsleder", "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302


def test_the_admin_sign_in_is_limited_too(client) -> None:
    User.objects.create_superuser("enhedsleder", password=PASSWORD)
    for attempt in range(20):
        _sign_in(client, f"forkert-{attempt}", path="admin:login")
    response = _sign_in(client, PASSWORD, path="admin:login")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 429


@pytest.mark.parametrize(("password", "accepted"), [("kort-kode-1", False), ("længere-kode", True)])
def test_passwords_have_at_least_12_characters(password: str, accepted: bool) -> None:
    if accepted:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_a_session_lasts_eight_hours_at_most(settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_an_idle_session_is_signed_out(client, user, settings) -> None:
    # Given a signed-in user whose last request was longer ago than the idle timeout
    settings.VIRKPLAN_SESSION_IDLE_SECONDS = 30 * 60
    client.force_login(user)
    client.get(reverse("web:front"))
    session = client.session
    session[SessionIdleMiddleware.KEY] = int(time.time()) - 31 * 60
    session.save()
    # When they come back
    page = client.get(reverse("web:front")).content.decode()
    # Then they are signed out
    assert "_auth_user_id" not in client.session
    assert "Log af" not in page


def test_a_session_in_use_ends_eight_hours_after_signing_in(client, user) -> None:
    # Given a user who signed in 8 hours and a minute ago and has been busy since
    client.force_login(user)
    session = client.session
    session[SessionIdleMiddleware.SIGNED_IN_KEY] = int(time.time()) - 8 * 3600 - 60
    session[SessionIdleMiddleware.KEY] = int(time.time()) - 30
    session.save()
    # When they make another request, they are signed out
    client.get(reverse("web:front"))
    assert "_auth_user_id" not in client.session


def test_a_session_in_use_stays_signed_in(client, user, settings) -> None:
    settings.VIRKPLAN_SESSION_IDLE_SECONDS = 30 * 60
    client.force_login(user)
    client.get(reverse("web:front"))
    session = client.session
    session[SessionIdleMiddleware.KEY] = int(time.time()) - 29 * 60
    session.save()
    assert "Log af" in client.get(reverse("web:front")).content.decode()
    # and the request counts as activity
    assert client.session[SessionIdleMiddleware.KEY] >= int(time.time()) - 5


def test_behind_a_proxy_the_callers_address_is_counted(client, user, settings) -> None:
    # Given one proxy in front of virkplan, and one caller locked out
    settings.VIRKPLAN_PROXY_COUNT = 1
    for attempt in range(6):
        client.post(
            reverse("login"),
            {"username": "enhedsleder", "password": f"forkert-{attempt}"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    # Then another caller through the same proxy still signs in
    response = client.post(
        reverse("login"),
        {"username": "enhedsleder", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
