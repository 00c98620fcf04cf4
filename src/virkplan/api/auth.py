"""Who calls the API: a token's owner, a signed-in browser session, or an anonymous reader.

Reads accept all three; writes need a token or a session. A token is sent as
`Authorization: Bearer vp_...`; a session also needs Django's CSRF token on
writes, as the pages do. The caller's user is put on the request, so services
check their roles and the history records them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from virkplan.organisation.permissions import Actor

from .models import ApiToken
from .selectors import token_for_secret
from .services import token_mark_used

MSG_BAD_HEADER = gettext_lazy("The Authorization header must be “Bearer” and an API token.")
MSG_BAD_TOKEN = gettext_lazy(
    "The API token is not valid: it is mistyped, revoked, or its user is no longer active."
)
MSG_SIGN_IN = gettext_lazy("Send an API token (Authorization: Bearer ...) or sign in first.")
MSG_CSRF = gettext_lazy(
    "A signed-in browser must send the CSRF token (the X-CSRFToken header) to change anything."
)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Caller:
    """The caller of one request: a user (perhaps anonymous) and the token they used."""

    user: Actor
    token: ApiToken | None = None

    @property
    def rate_key(self) -> str | None:
        """What the rate limit counts by: the token, else the user; None for anonymous."""
        if self.token is not None:
            return f"token:{self.token.pk}"
        if getattr(self.user, "is_authenticated", False):
            return f"user:{self.user.pk}"
        return None


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; a header that is there but wrong is refused (401)."""

    def __call__(self, request: HttpRequest) -> Caller | None:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError(message=str(MSG_BAD_HEADER))
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found = token_for_secret(secret=token)
        if found is None:
            raise AuthenticationError(message=str(MSG_BAD_TOKEN))
        token_mark_used(token=found)
        request.user = found.user
        return Caller(user=found.user, token=found)


class SessionCookie(APIKeyCookie):
    """The signed-in user of the site, in a browser (the interactive docs use it)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, and only for a signed-in user's writes

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, str(MSG_CSRF))
        return Caller(user=user)


def anonymous(request: HttpRequest) -> Caller:
    """Anyone may read what is published."""
    return Caller(user=AnonymousUser())


def sign_in_required(request: HttpRequest) -> Caller:
    """The last resort of an operation that changes something: refuse with a message."""
    raise AuthenticationError(message=str(MSG_SIGN_IN))


def caller(request: HttpRequest) -> Caller:
    """Who called: what authentication put on the request."""
    found = getattr(request, "auth", None)
    assert isinstance(found, Caller), "an operation without authentication"
    return found


READ: list[Callable[..., Any]] = [BearerToken(), SessionCookie(), anonymous]
WRITE: list[Callable[..., Any]] = [BearerToken(), SessionCookie(), sign_in_required]
