"""Single sign-on by OpenID Connect: match or create users from the identity provider."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from virkplan.organisation.services import sign_in_account_create


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    """Users are matched by the provider's stable subject (the `sub` claim) only.

    A user name or e-mail address from the provider may change hands or be
    unverified, so matching on them would let one person sign in as another.
    The subject is stored on the account (organisation.SignInIdentity) when the
    account is created; an administrator links an existing account in the admin.
    A local superuser is never signed in by single sign-on.

    Roles are not taken from the identity provider: an administrator grants
    them in virkplan (`virkplan grant` or the admin), so signing in for the
    first time gives a user who can read published plans only.
    """

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(str(claims.get("sub") or "").strip())

    def filter_users_by_claims(self, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        subject = str(claims.get("sub") or "").strip()
        if not subject:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(sign_in_identity__subject=subject)

    def create_user(self, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        return sign_in_account_create(
            subject=str(claims["sub"]).strip(),
            username=str(claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("email") or ""),
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
        )

    def update_user(self, user, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        if user.is_superuser:
            # PermissionDenied stops Django's authenticate() from trying other backends.
            raise PermissionDenied("A superuser does not sign in by single sign-on.")
        user.email = claims.get("email", user.email)
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.save(update_fields=["email", "first_name", "last_name"])
        return user
