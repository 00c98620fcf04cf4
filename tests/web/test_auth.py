"""Signing in and out, changing and resetting the password, in Danish."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-adgangskode-2026"


@pytest.fixture
def user():
    return User.objects.create_user("enhedsleder", email="leder@example.dk", password=PASSWORD)


def test_the_sign_in_page_is_danish_and_signs_in(client, user):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Log ind" in page.content.decode()

    response = client.post(
        reverse("login"), {"username": "enhedsleder", "password": PASSWORD, "next": "/"}
    )

    assert response.status_code == 302
    front = client.get("/").content.decode()
    assert "enhedsleder" in front
    assert "Log af" in front


def test_a_wrong_password_is_refused_with_a_danish_message(client, user):
    response = client.post(reverse("login"), {"username": "enhedsleder", "password": "forkert"})
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_takes_a_post(client, user):
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_changing_the_password(client, user):
    client.force_login(user)
    new = "et-helt-nyt-kodeord-77"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_a_password_reset_sends_a_danish_email_with_a_working_link(client, user):
    response = client.post(reverse("password_reset"), {"email": "leder@example.dk"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "virkplan" in message.subject
    link = re.search(r"https?://[^\s]+", message.body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new = "nulstillet-kodeord-2026"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password(new)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, user):
    response = client.post(reverse("password_reset"), {"email": "ukendt@example.dk"})
    assert response.status_code == 302
    assert mail.outbox == []
