"""API tokens: made through the services, stored as hashes, shown once, revoked at once;
on the user's own page and from the command line."""

import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from virkplan.api.models import ApiToken
from virkplan.api.selectors import token_by_reference, token_for_secret
from virkplan.api.services import (
    MAX_ACTIVE_TOKENS,
    MSG_ALREADY_REVOKED,
    MSG_NOT_YOURS,
    token_create,
    token_revoke,
)
from virkplan.core.errors import DomainError, NotAllowed
from virkplan.plans.selectors import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna() -> User:
    return User.objects.create_user("anna", password="x")


@pytest.fixture
def bo() -> User:
    return User.objects.create_user("bo", password="x")


# --- services and selectors ---------------------------------------------------------------------


def test_a_token_is_stored_as_its_hash_only(anna):
    # When Anna makes a token
    issued = token_create(actor=anna, owner=anna, name="Energidata")
    # Then its secret is nowhere in the database, only its SHA-256 and its prefix
    token = ApiToken.objects.get()
    assert issued.secret.startswith(f"vp_{token.prefix}_")
    assert token.hashed == hashlib.sha256(issued.secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(issued.secret in value for value in stored)
    history = [str(v) for row in ApiToken.history.values_list() for v in row]
    assert not any(issued.secret in value for value in history)
    # And the secret finds the token, and its user
    assert token_for_secret(secret=issued.secret) == token
    assert token_for_secret(secret=issued.secret).user == anna


def test_two_tokens_differ(anna):
    first = token_create(actor=anna, owner=anna, name="a")
    second = token_create(actor=anna, owner=anna, name="b")
    assert first.secret != second.secret
    assert first.token.prefix != second.token.prefix


@pytest.mark.parametrize(
    "mistake",
    [
        lambda s: s[:-1],  # one character short
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # the last character wrong
        lambda s: s.upper(),
        lambda s: " " + s,
        lambda s: s.replace("vp_", "xx_"),
        lambda s: "vp_00000000_" + s[12:],  # a prefix that is no one's
        lambda s: s + "\x00",
        lambda s: "",
    ],
)
def test_a_mistyped_token_finds_nothing(anna, mistake):
    issued = token_create(actor=anna, owner=anna, name="x")
    assert token_for_secret(secret=mistake(issued.secret)) is None


def test_a_revoked_token_or_an_inactive_users_token_finds_nothing(anna):
    revoked = token_create(actor=anna, owner=anna, name="gammel")
    kept = token_create(actor=anna, owner=anna, name="ny")
    # When one is revoked
    token_revoke(actor=anna, token=revoked.token)
    # Then it no longer works, and the other still does
    assert token_for_secret(secret=revoked.secret) is None
    assert token_for_secret(secret=kept.secret) == kept.token
    # And when Anna is no longer an active user, no token of hers works
    anna.is_active = False
    anna.save()
    assert token_for_secret(secret=kept.secret) is None


def test_only_the_owner_makes_and_revokes_their_tokens(anna, bo):
    with pytest.raises(NotAllowed, match=str(MSG_NOT_YOURS)):
        token_create(actor=bo, owner=anna, name="Bo's for Anna")
    issued = token_create(actor=anna, owner=anna, name="x")
    with pytest.raises(NotAllowed):
        token_revoke(actor=bo, token=issued.token)
    assert token_for_secret(secret=issued.secret) is not None
    # The command line acts for anyone
    token_revoke(actor=SYSTEM_ACTOR, token=issued.token)
    assert token_for_secret(secret=issued.secret) is None


def test_revoking_twice_says_so(anna):
    issued = token_create(actor=anna, owner=anna, name="x")
    token_revoke(actor=anna, token=issued.token)
    with pytest.raises(DomainError, match=str(MSG_ALREADY_REVOKED)):
        token_revoke(actor=anna, token=issued.token)


def test_a_user_has_at_most_so_many_active_tokens(anna):
    tokens = [token_create(actor=anna, owner=anna, name=f"t{n}") for n in range(MAX_ACTIVE_TOKENS)]
    with pytest.raises(DomainError):
        token_create(actor=anna, owner=anna, name="one too many")
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS
    # Revoking one makes room again
    token_revoke(actor=anna, token=tokens[0].token)
    token_create(actor=anna, owner=anna, name="in its place")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_name_of_at_most_100_characters(anna, name):
    with pytest.raises(Exception) as refused:
        token_create(actor=anna, owner=anna, name=name)
    assert "name" in getattr(refused.value, "message_dict", {"name": 1})
    assert not ApiToken.objects.exists()


def test_a_token_is_found_by_number_or_prefix(anna):
    issued = token_create(actor=anna, owner=anna, name="x")
    token = issued.token
    assert token_by_reference(reference=str(token.pk)) == token
    assert token_by_reference(reference=token.prefix) == token
    assert token_by_reference(reference=f"vp_{token.prefix}") == token
    for nothing in ("9" * 40, "vp_zzzzzzzz", "", "%", "١"):
        assert token_by_reference(reference=nothing) is None


# --- the command line ---------------------------------------------------------------------------


def _command(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_creates_lists_and_revokes(anna):
    # When a token is created for Anna
    out, err = _command("create", "anna", "--name", "Forsyningens målere")
    secret = out.strip()
    # Then the secret alone is on standard output (for scripts), and it works
    token = token_for_secret(secret=secret)
    assert token is not None and token.user == anna and token.name == "Forsyningens målere"
    assert "Forsyningens målere" in err
    # And the list shows it without its secret
    listing, _err = _command("list", "anna")
    assert f"vp_{token.prefix}" in listing and "Forsyningens målere" in listing
    assert secret not in listing
    # When it is revoked by its prefix
    out, _err = _command("revoke", f"vp_{token.prefix}")
    # Then it no longer works, and the list says when it was revoked
    assert token_for_secret(secret=secret) is None
    assert "tilbagekaldt" in _command("list", "anna")[0]


def test_the_command_refuses_unknown_users_and_tokens(anna):
    with pytest.raises(CommandError, match="nobody"):
        _command("create", "nobody")
    with pytest.raises(CommandError, match="vp_12345678"):
        _command("revoke", "vp_12345678")
    issued = token_create(actor=anna, owner=anna, name="x")
    _command("revoke", str(issued.token.pk))
    with pytest.raises(CommandError):
        _command("revoke", str(issued.token.pk))


# --- the user's own page ------------------------------------------------------------------------


def test_the_page_needs_a_signed_in_user(client):
    response = client.get(reverse("api-tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_creates_a_token_and_shows_its_secret_once(client, anna):
    client.force_login(anna)
    # When Anna creates a token on her page
    response = client.post(reverse("api-tokens"), {"name": "Energidata"})
    # Then the page shows the secret, which works, and asks the browser not to keep it
    assert response.status_code == 200
    token = ApiToken.objects.get()
    html = response.content.decode()
    secret = html.split('class="vp-token-secret">')[1].split("<")[0]
    assert token_for_secret(secret=secret) == token
    assert response["Cache-Control"] == "no-store"
    assert "Kopiér den nu" in html
    # And the next time she opens the page, the secret is not there, the token is
    again = client.get(reverse("api-tokens")).content.decode()
    assert secret not in again
    assert "Energidata" in again and f"vp_{token.prefix}" in again


def test_the_page_says_what_is_wrong_with_a_name(client, anna):
    client.force_login(anna)
    response = client.post(reverse("api-tokens"), {"name": "x" * 101})
    assert response.status_code == 400
    html = response.content.decode()
    assert "højst have 100 tegn" in html
    assert 'aria-invalid="true"' in html
    assert not ApiToken.objects.exists()


def test_the_page_revokes_the_users_own_tokens_only(client, anna, bo):
    mine = token_create(actor=anna, owner=anna, name="min")
    theirs = token_create(actor=bo, owner=bo, name="Bos")
    client.force_login(anna)
    # Bo's token is not Anna's to see or revoke
    assert "Bos" not in client.get(reverse("api-tokens")).content.decode()
    response = client.post(reverse("api-token-revoke", args=[theirs.token.pk]))
    assert response.status_code == 404
    assert token_for_secret(secret=theirs.secret) is not None
    # Her own is revoked at once
    response = client.post(reverse("api-token-revoke", args=[mine.token.pk]), follow=True)
    assert token_for_secret(secret=mine.secret) is None
    assert "er tilbagekaldt" in response.content.decode()
    # Revoking is a POST: a link cannot do it
    assert client.get(reverse("api-token-revoke", args=[mine.token.pk])).status_code == 405


def test_the_header_links_the_page_for_signed_in_users(client, anna):
    assert reverse("api-tokens") not in client.get("/").content.decode()
    client.force_login(anna)
    assert reverse("api-tokens") in client.get("/").content.decode()


def test_a_prefix_of_digits_only_is_still_a_prefix(anna):
    issued = token_create(actor=anna, owner=anna, name="x")
    ApiToken.objects.filter(pk=issued.token.pk).update(prefix="12345678")
    assert token_by_reference(reference="12345678").pk == issued.token.pk
    assert token_by_reference(reference="vp_12345678").pk == issued.token.pk
    assert token_by_reference(reference=str(issued.token.pk)).pk == issued.token.pk
