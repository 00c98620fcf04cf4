"""The signed-in user's API keys: list them, create one (its secret shown once), revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from virkplan.core.errors import DomainError

from .forms import TokenForm
from .http import api_response
from .selectors import tokens_of
from .services import IssuedToken, token_create, token_revoke

MSG_NO_OPERATION = gettext_lazy(
    "The API has no such address. The operations are listed at /api/v1/docs."
)


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    form = TokenForm()
    issued: IssuedToken | None = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                issued = token_create(
                    actor=request.user, owner=request.user, name=form.cleaned_data["name"]
                )
                form = TokenForm()
            except DomainError as exc:
                form.add_error("name", exc.message)
    context = {"tokens": list(tokens_of(user=request.user)), "form": form, "issued": issued}
    response = render(request, "api/tokens.html", context, status=400 if form.errors else 200)
    # The page with a new secret on it must not be kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_of(user=request.user), pk=pk)
    try:
        token_revoke(actor=request.user, token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The key “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api-tokens")


def api_not_found(request: HttpRequest) -> HttpResponse:
    """An address under /api/ that is no operation: a JSON 404, as the API's own are."""

    def run(request: HttpRequest) -> HttpResponse:
        body = {"code": "not_found", "message": str(MSG_NO_OPERATION), "errors": []}
        return JsonResponse(body, status=404)

    return api_response(run)(request)
