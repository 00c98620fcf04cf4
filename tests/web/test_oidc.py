"""Single sign-on matches accounts on the provider's `sub` claim and never signs in a superuser."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, SuspiciousOperation

from virkplan.organisation.models import SignInIdentity
from virkplan.web.oidc import MunicipalOIDCBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(settings, monkeypatch):
    settings.OIDC_RP_CLIENT_ID = "virkplan"
    settings.OIDC_RP_CLIENT_SECRET = "hemmelig"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example.dk/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example.dk/userinfo"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    backend = MunicipalOIDCBackend()

    def sign_in(claims: dict):
        monkeypatch.setattr(backend, "get_userinfo", lambda *args: claims)
        return backend.get_or_create_user("access", "id", {})

    backend.sign_in = sign_in  # type: ignore[attr-defined]
    return backend


def _claims(sub: str, **more) -> dict:
    return {"sub": sub, "preferred_username": "anna", "email": "anna@kommune.dk", **more}


def test_an_unknown_subject_gets_a_new_account_without_a_password(backend) -> None:
    user = backend.sign_in(_claims("a1b2", given_name="Anna", family_name="Holm"))

    assert user.username == "anna"
    assert (user.first_name, user.last_name) == ("Anna", "Holm")
    assert not user.has_usable_password()
    assert SignInIdentity.objects.get(user=user).subject == "a1b2"


def test_the_same_subject_signs_in_to_the_same_account_whatever_its_name(backend) -> None:
    first = backend.sign_in(_claims("a1b2"))
    again = backend.sign_in(_claims("a1b2", preferred_username="anna.holm", email="ah@x.dk"))

    assert again.pk == first.pk
    assert again.email == "ah@x.dk"
    assert User.objects.count() == 1


def test_a_user_name_or_e_mail_never_matches_an_existing_account(backend) -> None:
    # Given a local account "anna" with the same e-mail address
    local = User.objects.create_user("anna", email="anna@kommune.dk", password="en-lang-kode-123")
    # When someone else signs in whose provider calls them anna too
    user = backend.sign_in(_claims("someone-else"))
    # Then they get an account of their own
    assert user.pk != local.pk
    assert user.username == "anna-2"
    assert not SignInIdentity.objects.filter(user=local).exists()


def test_a_superuser_is_never_signed_in(backend) -> None:
    # Given a local superuser named like the provider's user
    admin = User.objects.create_superuser("admin", password="en-lang-kode-123")
    # a claim with the superuser's name makes a new, ordinary account
    user = backend.sign_in(_claims("x9", preferred_username="admin"))
    assert user.pk != admin.pk
    assert not user.is_superuser
    # and a subject linked to a superuser is refused
    SignInIdentity.objects.create(user=admin, subject="root-sub")
    with pytest.raises(PermissionDenied):
        backend.sign_in(_claims("root-sub"))


def test_claims_without_a_subject_are_refused(backend) -> None:
    with pytest.raises(SuspiciousOperation):
        backend.sign_in({"preferred_username": "anna", "email": "anna@kommune.dk"})
    assert User.objects.count() == 0
