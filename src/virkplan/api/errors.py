"""One place that turns every refusal into JSON: status, code, a message naming the field.

Messages are translated when the response is made, in the caller's language
(api.http.api_response has activated it).
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from virkplan.core.errors import DomainError, EditConflict, NotAllowed

logger = logging.getLogger(__name__)

MSG_NOT_FOUND = gettext_lazy("There is nothing here, or nothing you may see.")
MSG_TOO_MANY = gettext_lazy("Too many requests: wait %(seconds)s seconds and try again.")
MSG_TOO_LARGE = gettext_lazy("The request is too large.")
MSG_SERVER_ERROR = gettext_lazy(
    "Something went wrong on the server. Nothing was changed; the error has been logged."
)

# Pydantic's error types, in words; the field is named beside the message.
_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("is required."),
    "extra_forbidden": gettext_lazy("is not a field here."),
    "string_type": gettext_lazy("must be text."),
    "string_unicode": gettext_lazy("contains characters that are not valid Unicode."),
    "string_too_short": gettext_lazy("must be at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("must be at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_lazy("may hold only letters a–z, digits, - and _."),
    "int_type": gettext_lazy("must be a whole number."),
    "int_parsing": gettext_lazy("must be a whole number."),
    "int_from_float": gettext_lazy("must be a whole number."),
    "greater_than_equal": gettext_lazy("must be at least %(ge)s."),
    "less_than_equal": gettext_lazy("must be at most %(le)s."),
    "greater_than": gettext_lazy("must be more than %(gt)s."),
    "less_than": gettext_lazy("must be less than %(lt)s."),
    "enum": gettext_lazy("must be one of %(expected)s."),
    "literal_error": gettext_lazy("must be one of %(expected)s."),
    "date_type": gettext_lazy("must be a date (YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("must be a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("must be a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_lazy("must be a date (YYYY-MM-DD)."),
    "list_type": gettext_lazy("must be a list."),
    "too_long": gettext_lazy("may hold at most %(max_length)s items."),
    "bool_type": gettext_lazy("must be true or false."),
    "bool_parsing": gettext_lazy("must be true or false."),
    "model_attributes_type": gettext_lazy("must be a JSON object."),
    "dict_type": gettext_lazy("must be a JSON object."),
    "model_type": gettext_lazy("must be a JSON object."),
    "json_invalid": gettext_lazy("is not valid JSON."),
}
MSG_INVALID = gettext_lazy("is not valid.")
MSG_BODY = gettext_lazy("the request body")
MSG_OR = gettext_lazy("or")


def error_body(code: str, message: str, errors: list[dict[str, str]] | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or []}


def field_name(loc: tuple | list) -> str:
    """("body", "payload", "criteria", 0) → "criteria[0]"; ("query", "limit") → "limit"."""
    parts = list(loc)
    source = parts.pop(0) if parts else ""
    if source == "body" and parts:
        parts.pop(0)  # the operation's name for the body
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or str(MSG_BODY)


def field_message(error: dict) -> str:
    """A pydantic error in words; a validator's own message (already translated) as it is."""
    context = error.get("ctx") or {}
    if error.get("type") == "value_error" and context.get("error"):
        return str(context["error"])
    template = _MESSAGES.get(error.get("type", ""), MSG_INVALID)
    values = {key: str(value) for key, value in context.items()}
    if "expected" in values:  # pydantic lists choices as "'a', 'b' or 'c'", in English
        first, _or, last = values["expected"].rpartition(" or ")
        values["expected"] = f"{first} {MSG_OR} {last}" if first else last
    try:
        return str(template) % values
    except (KeyError, ValueError, TypeError):
        return str(MSG_INVALID)


def invalid(errors: list[dict[str, str]]) -> dict:
    """A 422 body: the message names each field, and `errors` lists them one by one."""
    message = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return error_body("invalid", message, errors)


def _validation(api: NinjaAPI) -> Callable:
    def handle(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [{"field": field_name(e["loc"]), "message": field_message(e)} for e in exc.errors]
        return api.create_response(request, invalid(errors), status=422)

    return handle


def _model_validation(api: NinjaAPI) -> Callable:
    """A row's full_clean refused (a service checks it): each field's messages."""

    def handle(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": name, "message": " ".join(messages)}
                for name, messages in exc.message_dict.items()
            ]
        else:
            errors = [{"field": str(MSG_BODY), "message": " ".join(exc.messages)}]
        return api.create_response(request, invalid(errors), status=422)

    return handle


def _status(api: NinjaAPI, status: int, code: str) -> Callable:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = getattr(exc, "message", "") or str(exc)
        return api.create_response(request, error_body(code, message), status=status)

    return handle


def _not_found(api: NinjaAPI) -> Callable:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = exc.args[0] if isinstance(exc, Http404) and exc.args else str(MSG_NOT_FOUND)
        return api.create_response(request, error_body("not_found", str(message)), status=404)

    return handle


def _http_error(api: NinjaAPI) -> Callable:
    codes = {401: "unauthorized", 403: "not_allowed", 404: "not_found", 429: "too_many_requests"}

    def handle(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # ninja could not read the body as JSON
            errors = [{"field": str(MSG_BODY), "message": str(_MESSAGES["json_invalid"])}]
            return api.create_response(request, invalid(errors), status=422)
        message = exc.message
        if isinstance(exc, Throttled):
            message = str(MSG_TOO_MANY) % {"seconds": exc.wait or 1}
        response = api.create_response(
            request,
            error_body(codes.get(exc.status_code, "invalid"), message),
            status=exc.status_code,
        )
        if isinstance(exc, AuthenticationError):
            response["WWW-Authenticate"] = "Bearer"
        return response

    return handle


def _conflict(api: NinjaAPI, render_current: Callable[[Any], Any]) -> Callable:
    def handle(request: HttpRequest, exc: EditConflict) -> HttpResponse:
        body = {**error_body("conflict", exc.message), "current": render_current(exc.current)}
        return api.create_response(request, body, status=409)

    return handle


def _too_large(api: NinjaAPI) -> Callable:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, error_body("too_large", str(MSG_TOO_LARGE)), status=413)

    return handle


def _server_error(api: NinjaAPI) -> Callable:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
        body = error_body("server_error", str(MSG_SERVER_ERROR))
        return api.create_response(request, body, status=500)

    return handle


def install_handlers(api: NinjaAPI, *, render_current: Callable[[Any], Any]) -> None:
    """Every exception the API may meet, mapped to its status; `render_current` shows the
    row an edit conflicted with (the resource's own output schema)."""
    api.add_exception_handler(Exception, _server_error(api))
    api.add_exception_handler(ValidationError, _validation(api))
    api.add_exception_handler(DjangoValidationError, _model_validation(api))
    api.add_exception_handler(HttpError, _http_error(api))
    api.add_exception_handler(Http404, _not_found(api))
    api.add_exception_handler(ObjectDoesNotExist, _not_found(api))
    api.add_exception_handler(NotAllowed, _status(api, 403, "not_allowed"))
    api.add_exception_handler(EditConflict, _conflict(api, render_current))
    api.add_exception_handler(DomainError, _status(api, 409, "conflict"))
    api.add_exception_handler(RequestDataTooBig, _too_large(api))
    api.add_exception_handler(TooManyFieldsSent, _too_large(api))
