"""Whole pages for anonymous readers, kept in Django's cache under the data version.

Most people who read plans are not signed in, and what they see depends only
on the address, the language and the data. `anonymous_page_cache` keeps such a
page, with an ETag, under its address, language and day, together with the
data version it was made under (core.data_version); a page made under another
version is made again, so every write through the services shows at once.
The version and the page are read in one round trip when both live in one
cache (Redis).

A signed-in user is never served from it and never fills it, nor is a visitor
who carries messages to be shown (they are in a cookie). A page that would
set a cookie or carries a form token is never stored. Browsers are asked to
check with the server each time (Cache-Control: no-cache); the ETag lets
`ConditionalGetMiddleware` answer an unchanged page with 304.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from virkplan.core import data_version

CACHE = "default"
_KEPT_HEADERS = ("Content-Type", "Vary")


def anonymous_page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page to anonymous readers from the cache, and keep it there."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        version, entry = _version_and_entry(key)
        if entry is not None and entry[0] == version:
            response = _from_entry(entry)
        else:
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                response["ETag"] = _etag(response.content)
                caches[CACHE].set(
                    key, _entry(version, response), settings.VIRKPLAN_PAGE_CACHE_SECONDS
                )
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _page_key(request: HttpRequest) -> str:
    # The day too: what is current (a unit's validity, this year's plans) moves with it.
    address = "|".join(
        (
            request.get_host(),
            request.get_full_path(),
            request.LANGUAGE_CODE,  # type: ignore[attr-defined]
            timezone.localdate().isoformat(),
        )
    )
    return "virkplan:page:" + hashlib.sha256(address.encode()).hexdigest()


def _version_and_entry(key: str) -> tuple[str, Any]:
    if _same_cache():
        found = caches[CACHE].get_many([data_version.KEY, key])
        if data_version.KEY in found:
            return str(found[data_version.KEY]), found.get(key)
    return data_version.current(), caches[CACHE].get(key)


def _same_cache() -> bool:
    return settings.CACHES[CACHE] == settings.CACHES[data_version.CACHE]


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _entry(version: str, response: HttpResponse) -> tuple:
    headers = tuple((name, response[name]) for name in _KEPT_HEADERS if response.has_header(name))
    return (version, response.content, headers, response["ETag"])


def _from_entry(entry: tuple) -> HttpResponse:
    _version, content, headers, etag = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["ETag"] = etag
    return response
