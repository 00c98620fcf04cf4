"""Whole pages for anonymous readers, kept in Django's cache under the data version.

Most people who read plans are not signed in, and what they see depends only
on the address, the language and the data. A view marks such a page with
`anonymous_page_cache`; `AnonymousPageCacheMiddleware` keeps it, with an
ETag, under its address, language and day, together with the data version it
was made under (core.data_version), and serves it to the next anonymous
reader without going further into the site. A page made under another
version is made again, so every write through the services shows at once.
The version and the page are read in one round trip when both live in one
cache (Redis).

Only a request without a session cookie is served from the cache or fills it:
a signed-in user always has one. A query string is kept only on a page that
names the parameters it takes (`anonymous_page_cache(query=...)`, the filters
of the citizens' page and the overview), with no other parameter and none
twice; the page is kept under its parameters in one order, so a shared link
with them in another finds it too. Only a 200 is kept, so a made-up value
(refused with 400) fills nothing. Nor is a visitor who carries messages to be
shown (they are in a cookie). A page that would set a cookie or carries a
form token is never stored. Browsers are asked to check with the server each
time (Cache-Control: no-cache); the ETag, and the Last-Modified of when the
page was drawn, let `ConditionalGetMiddleware` answer an unchanged page with
304. (A client that sends both asks by the ETag, which is exact; one that
sends only If-Modified-Since has the HTTP date's resolution, a second.)
"""

import hashlib
import time
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from virkplan.core import data_version

CACHE = "default"
_MARK = "virkplan_anonymous_page"
_QUERY = "virkplan_cached_query"


def anonymous_page_cache(
    view: Callable[..., HttpResponse] | None = None, *, query: tuple[str, ...] = ()
) -> Any:
    """Mark the view's pages for anonymous readers as ones the page cache may keep; `query`
    names the parameters of the address the page takes (its filters), if any.

    The view must show an anonymous reader nothing but what the address, the
    language and the data say (no form token, no per-visitor text).
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                setattr(response, _MARK, True)
                patch_cache_control(response, no_cache=True)
            return response

        setattr(wrapper, _QUERY, frozenset(query))
        return wrapper

    return decorate(view) if view is not None else decorate


class AnonymousPageCacheMiddleware:
    """Serve marked pages to anonymous readers from the cache, and keep them there.

    Placed after the session and language middleware: what runs before it
    (security headers, the Content-Security-Policy, static files, the language)
    runs for a cached page too; what comes after it (sign-in, form tokens,
    the view) is what a cached page saves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = _query(request) if _cacheable(request) else None
        if query is None:
            return self.get_response(request)
        key = _page_key(request, query)
        version, entry = data_version.current_and_entry(
            CACHE, key, version_key=data_version.PUBLIC_KEY
        )
        if entry is not None and entry[0] == version:
            return _from_entry(entry)
        response = self.get_response(request)
        if _storable(request, response):
            response["ETag"] = _etag(response.content)
            response["Last-Modified"] = http_date(time.time())
            caches[CACHE].set(key, _entry(version, response), settings.VIRKPLAN_PAGE_CACHE_SECONDS)
        return response


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _query(request: HttpRequest) -> str | None:
    """The query string as the page is kept under it ("" without one), or None when the page
    is not to be kept: a parameter the page does not take, or one given twice. (Otherwise one
    made up for each request would fill the cache with copies of the same page.)"""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ""
    try:
        taken: frozenset[str] = getattr(resolve(request.path_info).func, _QUERY, frozenset())
    except Resolver404:
        return None
    items = parse_qsl(raw, keep_blank_values=True)
    names = [name for name, _value in items]
    if not items or len(set(names)) != len(names) or not set(names) <= taken:
        return None
    return urlencode(sorted(items))


def _page_key(request: HttpRequest, query: str) -> str:
    # The day too: what is current (a unit's validity, this year's plans) moves with it.
    # (Django sets the process's time zone to TIME_ZONE, so today is Copenhagen's today.)
    address = "|".join(
        (
            request.get_host(),
            f"{request.path}?{query}",
            request.LANGUAGE_CODE,  # type: ignore[attr-defined]
            date.today().isoformat(),
        )
    )
    return "virkplan:page:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        getattr(response, _MARK, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _entry(version: str, response: HttpResponse) -> tuple:
    return (version, response.content, tuple(response.headers.items()))


def _from_entry(entry: tuple) -> HttpResponse:
    _version, content, headers = entry
    return HttpResponse(content, headers=dict(headers))
