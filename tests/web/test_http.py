"""The one sign-in guard and the one answer to the domain's refusals (web/http.py)."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url
from django.urls import reverse

from virkplan.core.errors import DomainError, NotAllowed
from virkplan.web.http import answering_refusals

HTMX = {"HX-Request": "true"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("web:follow-up-round", ["a-plan"]),
        ("web:plan-history", ["a-plan"]),
        ("web:my-tasks", []),
        ("web:plan-edit", ["a-plan"]),
    ],
)
def test_a_signed_out_htmx_request_loads_the_login_page_as_the_page(client, name, args) -> None:
    # Given a session that has expired, when htmx asks for a page that needs sign-in
    url = reverse(name, args=args)
    response = client.get(url, headers=HTMX)
    # Then htmx is told to load the login page, which brings the user back here
    assert response.status_code == 200
    login = resolve_url(settings.LOGIN_URL)
    assert response["HX-Redirect"].startswith(login)
    assert "next=" in response["HX-Redirect"]


@pytest.mark.django_db
def test_a_signed_out_browser_request_is_redirected_to_the_login_page(client) -> None:
    url = reverse("web:my-tasks")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert "HX-Redirect" not in response


def test_a_refusal_for_the_users_roles_is_a_403_that_says_why(rf) -> None:
    @answering_refusals
    def view(request):
        raise NotAllowed("Only the unit's editors may do this.")

    with pytest.raises(PermissionDenied) as refused:
        view(rf.post("/"))
    assert refused.value.args == ("Only the unit's editors may do this.",)


@pytest.mark.django_db
def test_another_refusal_of_the_domain_is_a_409_that_says_why(rf, django_user_model) -> None:
    @answering_refusals
    def view(request):
        raise DomainError("The plan is locked.")

    request = rf.post("/")
    request.user = django_user_model(username="someone")
    response = view(request)
    assert response.status_code == 409
    assert "The plan is locked." in response.content.decode()
