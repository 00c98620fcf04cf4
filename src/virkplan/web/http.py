"""What every page shares about the request: the sign-in guard, refusals, htmx, the plan by key.

`signed_in` is the one guard for pages that need a signed-in user. It also
answers the domain's refusals that a view does not answer itself: a
`NotAllowed` becomes 403 (the error page says why), any other `DomainError`
409. A view that shows a refusal beside its form catches `DomainError`
itself, and lets `NotAllowed` through with a bare `raise`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from virkplan.core.errors import DomainError, NotAllowed
from virkplan.plans.models import Plan
from virkplan.plans.selectors import plan_detail, plans_visible_to


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (django-htmx's middleware sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; an htmx request is sent there as a whole page.

    The domain's refusals the view leaves unanswered become 403 or 409.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            login = redirect_to_login(request.get_full_path())
            if is_htmx(request):
                # Swapped into a fragment the login page would be lost: load it as the page.
                return HttpResponseClientRedirect(login["Location"])
            return login
        response = answering_refusals(view)(request, *args, **kwargs)
        # The same URL answers htmx with a fragment and a browser with a page.
        patch_vary_headers(response, ("HX-Request",))
        return response

    return wrapper


def answering_refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`NotAllowed` from a service is a 403 with its reason; another `DomainError` a 409."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            context = {"next_path": request.get_full_path(), "exception_message": exc.message}
            return render(request, "web/errors/409.html", context, status=409)

    return wrapper


def require(allowed: bool) -> None:
    """403 unless the user may (the permission checks are in each app's permissions)."""
    if not allowed:
        raise PermissionDenied


def plan_or_404(request: HttpRequest, key: str, *, detail: bool = True) -> Plan:
    """The plan if the user may see it: with its contents, or (`detail=False`) the row alone."""
    if not detail:
        return get_object_or_404(plans_visible_to(user=request.user), key=key)
    try:
        return plan_detail(user=request.user, key=key)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc
