"""Language choice, the Permissions-Policy header and the session's idle timeout."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Activate the language from the language cookie, else the site's default (Danish).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so
    a Danish municipality's staff with English browsers would get English
    pages; here the default is Danish and English is a deliberate choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in self.languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", code)
        return response


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (VIRKPLAN_PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.VIRKPLAN_PERMISSIONS_POLICY)
        return response


class SessionIdleMiddleware:
    """Sign out a user who has made no request for VIRKPLAN_SESSION_IDLE_SECONDS.

    SESSION_COOKIE_AGE bounds a session's whole life; this bounds the time a
    forgotten, signed-in browser stays usable. The time of the last request is
    written at most once a minute (and at sign-in, by `start_idle_clock`), so
    most requests do not save the session.
    """

    KEY = "virkplan_last_seen"
    # Saving the session moves its expiry on, so its whole life is counted from sign-in here.
    SIGNED_IN_KEY = "virkplan_signed_in_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            signed_in_at = request.session.get(self.SIGNED_IN_KEY)
            if (
                last_seen is not None and now - last_seen > settings.VIRKPLAN_SESSION_IDLE_SECONDS
            ) or (signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE):
                logout(request)
            elif last_seen is None or now - last_seen >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


def start_idle_clock(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """At sign-in, note the time in the session that login() is about to save anyway."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionIdleMiddleware.KEY] = now
        request.session[SessionIdleMiddleware.SIGNED_IN_KEY] = now
