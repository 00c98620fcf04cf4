"""Fixtures for the API tests: the demo with its users, tokens, and a client that calls
the API the way another system would."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, override_settings

from virkplan.api.services import token_create
from virkplan.demo.services import demo_users_create
from virkplan.plans import services as plan_services
from virkplan.plans.models import Plan
from virkplan.plans.selectors import SYSTEM_ACTOR

API = "/api/v1"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no requests counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_users(demo) -> dict[str, User]:
    """The demo plans and the demo's users, one per role (see README)."""
    with override_settings(VIRKPLAN_DEMO_USERS=True):
        demo_users_create()
    return {user.username: user for user in User.objects.all()}


def secret_for(user: User, name: str = "test") -> str:
    """A new API token of the user's, as the command line would make it."""
    return token_create(actor=SYSTEM_ACTOR, owner=user, name=name).secret


@pytest.fixture
def draft(demo_users) -> Plan:
    """A draft plan of Miljø & Teknik for 2015, with one goal: only people with a role see it."""
    admin = demo_users["admin"]
    plan = Plan.objects.get(key="mt-2014")
    return plan_services.plan_copy_to_next_period(
        user=admin,
        plan=plan,
        title="Virksomhedsplan 2015",
        start_year=2015,
        end_year=2015,
        goal_keys=["mt-2014-g02"],
    )


class ApiClient:
    """Calls the API with JSON, a token if given, and a language if given."""

    def __init__(self, client: Client, secret: str | None = None, language: str | None = None):
        self.client = client
        self.headers: dict[str, str] = {}
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"
        if language:
            self.headers["Accept-Language"] = language

    def __call__(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(f"{API}{path}", **kwargs)

    def get(self, path: str, **headers: str) -> Any:
        return self("get", path, **headers)


@pytest.fixture
def api(client) -> Callable[..., ApiClient]:
    """api() for an anonymous caller, api(secret) with a token, api(language="en") in English."""
    return lambda secret=None, language=None: ApiClient(client, secret, language)
