"""Single sign-on by OpenID Connect: match or create users from the identity provider."""

from typing import Any

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    """Users are matched by user name (the claim named by OIDC_USERNAME_CLAIM).

    Roles are not taken from the identity provider: an administrator grants
    them in virkplan (`virkplan grant` or the admin), so signing in for the
    first time gives a user who can read published plans only.
    """

    def _username(self, claims: dict[str, Any]) -> str:
        return str(claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("email") or "")

    def filter_users_by_claims(self, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        username = self._username(claims)
        if not username:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username__iexact=username)

    def create_user(self, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        return self.UserModel.objects.create_user(
            username=self._username(claims),
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
        )

    def update_user(self, user, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        user.email = claims.get("email", user.email)
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.save(update_fields=["email", "first_name", "last_name"])
        return user
