"""The API at /api/v1/: one NinjaAPI with a router per resource.

Authentication (auth.py), rate limits (ratelimit.py), errors (errors.py) and
what every response shares (http.py: language, ETag) are set here once for
every router; a new resource adds a router below.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from virkplan.plans.models import FollowUp

from . import auth
from .errors import install_handlers
from .http import api_response
from .ratelimit import RateLimit
from .routers import focus_areas, follow_ups, goals, indicators, plans, units
from .schemas.goals import FollowUpOut

DESCRIPTION = """Department plans (virksomhedsplaner): units, plans, focus areas, goals,
success criteria and follow-ups; indicators (nøgletal) and their measurements.

Anyone may read published plans. Send `Authorization: Bearer <token>` to read what your roles
allow and to write follow-ups; create a token on your account's page "API keys". Errors are
JSON with a message in Danish, or in English when Accept-Language asks for it first."""


class Docs(DocsBase):
    """Swagger UI from the site's own static files, inside the site's page layout."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        # Only a signed-in user's writes need the CSRF token; anonymous readers get no cookie.
        signed_in = request.user.is_authenticated
        context = {
            "openapi_url": self.get_openapi_url(api, kwargs),
            "csrf_token_value": get_token(request) if signed_in else "",
        }
        return render(request, "api/docs.html", context)


class Renderer(JSONRenderer):
    """JSON in UTF-8 as it is ("Miljø", not "Milj\\u00f8")."""

    json_dumps_params = {"ensure_ascii": False}


class VirkplanAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Reading needs no token: every GET also accepts no security at all."""
        schema = super().get_openapi_schema(**kwargs)
        for path in schema["paths"].values():
            for method, operation in path.items():
                if method == "get" and {} not in operation.get("security", []):
                    operation.setdefault("security", []).append({})
        return schema


def _current(row: Any) -> Any:
    """The row an edit conflicted with, as its resource shows it."""
    if isinstance(row, FollowUp):
        return FollowUpOut.from_orm(follow_ups.reload(row)).model_dump(mode="json")
    return None


api = VirkplanAPI(
    title="virkplan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Docs(),
    renderer=Renderer(),
    auth=auth.READ,
    throttle=[RateLimit()],
)
api.add_decorator(api_response, mode="view")
install_handlers(api, render_current=_current)

api.add_router("/units", units.router)
api.add_router("/plans", plans.router)
api.add_router("/focus-areas", focus_areas.router)
api.add_router("/goals", goals.router)
api.add_router("/criteria", goals.criteria_router)
api.add_router("/follow-ups", follow_ups.router)
api.add_router("/indicators", indicators.router)
