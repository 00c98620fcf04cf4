"""What every API response shares: the caller's language, an ETag, and what it varies by.

The staff pages ignore Accept-Language on purpose (web.middleware); a program
calling the API says which language it wants its messages in, so here the
header decides: Danish unless it asks for English first.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation.trans_real import parse_accept_lang_header

# Headers a 304 repeats from the response it stands for.
_NOT_MODIFIED_HEADERS = ("ETag", "Vary", "Content-Language", "Cache-Control")


def caller_language(request: HttpRequest) -> str:
    """The first language in Accept-Language that the site speaks, else the default (Danish)."""
    supported = {code for code, _name in settings.LANGUAGES}
    header = request.headers.get("Accept-Language", "")[:500]
    for code, _quality in parse_accept_lang_header(header):
        base = code.lower().split("-")[0]
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


def body_etag(content: bytes) -> str:
    """A weak ETag from the body: the same data for the same caller gives the same tag."""
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def _matches(header: str, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110): W/"x" and "x" are the same tag."""
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == wanted for tag in parse_etags(header))


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return response
    response["ETag"] = body_etag(response.content)
    if not _matches(request.headers.get("If-None-Match", ""), response["ETag"]):
        return response
    not_modified = HttpResponseNotModified()
    for header in _NOT_MODIFIED_HEADERS:
        if header in response:
            not_modified[header] = response[header]
    return not_modified


def api_response(run: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap every API operation: messages in the caller's language, ETag and 304 on GET."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = caller_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        response.setdefault("Cache-Control", "no-cache")
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        return _conditional(request, response)

    return wrapper
