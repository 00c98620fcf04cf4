"""Every API operation × every kind of caller, as one table (as tests/web does for pages).

The callers are the staff site's matrix's kinds of user, each with an API token of their own,
and a revoked token. The world is the same: a draft plan of Miljø & Teknik with a goal of
Forsyning's, a published plan with a goal of Forsyning's that has a follow-up.

- OK: 200; SEES / HIDDEN: 200, and the row in question is in the list, or not;
- DONE: the change was made (200, 201 or 204, as the row says);
- UNAUTH (401), NO (403), GONE (404), INVALID (422), CONFLICT (409): refused, nothing changed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.urls import reverse

from virkplan.api.api import api as ninja_api
from virkplan.api.models import ApiToken
from virkplan.api.selectors import token_for_secret
from virkplan.api.services import token_revoke
from virkplan.indicators.models import Measurement
from virkplan.plans.models import FocusArea, FollowUp, FollowUpStatus
from virkplan.plans.selectors import SYSTEM_ACTOR

from ..web.test_permission_matrix import WHO, World, _indicator
from .conftest import ApiClient, secret_for

CALLERS = (*WHO, "revoked token")
OK, SEES, HIDDEN, DONE = "ok", "sees", "hidden", "done"
UNAUTH, NO, GONE, INVALID, CONFLICT = 401, 403, 404, 422, 409
ALLOWED = {OK, SEES, HIDDEN, DONE}


@dataclass(frozen=True)
class Row:
    """One operation on one row, and what each caller gets (in the order of CALLERS)."""

    name: str
    operation: str  # the operationId in the schema
    method: str
    path: Callable[[World], str]
    expect: tuple[Any, ...]
    body: Callable[[World], Any] | None = None
    # SEES / HIDDEN: which item of the list to look for (its key or id).
    item: Callable[[World], Any] | None = None
    done: int = 200
    touched: Callable[[World], Any] | None = None

    def __post_init__(self) -> None:
        assert len(self.expect) == len(CALLERS), self.name


#          anonymous, no role, reader, unit ed., sibling ed., plan ed., approver, admin, revoked
EVERYONE = (OK, OK, OK, OK, OK, OK, OK, OK, UNAUTH)
LISTED = (SEES, SEES, SEES, SEES, SEES, SEES, SEES, SEES, UNAUTH)
WITH_A_ROLE = (GONE, GONE, OK, OK, OK, OK, OK, OK, UNAUTH)
LISTED_WITH_A_ROLE = (HIDDEN, HIDDEN, SEES, SEES, SEES, SEES, SEES, SEES, UNAUTH)
FOLLOW_UP_EDITORS = (UNAUTH, NO, NO, DONE, NO, DONE, DONE, DONE, UNAUTH)


def _draft_area(w: World) -> FocusArea:
    """The focus area only the draft includes."""
    return FocusArea.objects.get(title="Klima")


def _follow_up_body(w: World) -> dict:
    return {"goal": w.published_goal.key, "status": FollowUpStatus.PARTLY_MET, "text": "Halvvejs."}


def _change(w: World) -> dict:
    return {
        "version": w.follow_up.version,
        "status": FollowUpStatus.NOT_MET,
        "text": "Alligevel ikke.",
    }


READ_ROWS = [
    Row("units", "list_units", "get", lambda w: "/units", EVERYONE),
    Row("unit tree", "unit_tree_view", "get", lambda w: "/units/tree", EVERYONE),
    Row("a unit", "get_unit", "get", lambda w: "/units/forsyning", EVERYONE),
    Row(
        "plans: the published one",
        "list_plans",
        "get",
        lambda w: "/plans",
        LISTED,
        item=lambda w: w.published.key,
    ),
    Row(
        "plans: the draft",
        "list_plans",
        "get",
        lambda w: "/plans",
        LISTED_WITH_A_ROLE,
        item=lambda w: w.draft.key,
    ),
    Row("the published plan", "get_plan", "get", lambda w: f"/plans/{w.published.key}", EVERYONE),
    Row("the draft plan", "get_plan", "get", lambda w: f"/plans/{w.draft.key}", WITH_A_ROLE),
    Row(
        "focus areas: the draft's own",
        "list_focus_areas",
        "get",
        lambda w: "/focus-areas",
        LISTED_WITH_A_ROLE,
        item=lambda w: _draft_area(w).key,
    ),
    Row(
        "the draft's own focus area",
        "get_focus_area",
        "get",
        lambda w: f"/focus-areas/{_draft_area(w).key}",
        WITH_A_ROLE,
    ),
    Row(
        "goals: the draft's",
        "list_goals",
        "get",
        lambda w: "/goals",
        LISTED_WITH_A_ROLE,
        item=lambda w: w.goal.key,
    ),
    Row(
        "goals: the published one",
        "list_goals",
        "get",
        lambda w: "/goals",
        LISTED,
        item=lambda w: w.published_goal.key,
    ),
    Row("the draft's goal", "get_goal", "get", lambda w: f"/goals/{w.goal.key}", WITH_A_ROLE),
    Row(
        "the published goal",
        "get_goal",
        "get",
        lambda w: f"/goals/{w.published_goal.key}",
        EVERYONE,
    ),
    Row(
        "criteria: the draft's",
        "list_criteria",
        "get",
        lambda w: "/criteria",
        LISTED_WITH_A_ROLE,
        item=lambda w: w.criterion.pk,
    ),
    Row(
        "the draft's criterion",
        "get_criterion",
        "get",
        lambda w: f"/criteria/{w.criterion.pk}",
        WITH_A_ROLE,
    ),
    Row(
        "follow-ups: the published one",
        "list_follow_ups",
        "get",
        lambda w: "/follow-ups",
        LISTED,
        item=lambda w: w.follow_up.pk,
    ),
    Row("a follow-up", "get_follow_up", "get", lambda w: f"/follow-ups/{w.follow_up.pk}", EVERYONE),
]

WRITE_ROWS = [
    Row(
        "follow up Forsyning's published goal",
        "create_follow_up",
        "post",
        lambda w: "/follow-ups",
        FOLLOW_UP_EDITORS,
        body=_follow_up_body,
        done=201,
    ),
    Row(
        "follow up the draft's goal",
        "create_follow_up",
        "post",
        lambda w: "/follow-ups",
        (UNAUTH, INVALID, NO, NO, NO, NO, NO, NO, UNAUTH),
        body=lambda w: {**_follow_up_body(w), "goal": w.goal.key},
    ),
    Row(
        "change the follow-up",
        "update_follow_up",
        "put",
        lambda w: f"/follow-ups/{w.follow_up.pk}",
        FOLLOW_UP_EDITORS,
        body=_change,
        touched=lambda w: w.follow_up,
    ),
    Row(
        "change the follow-up from an old version",
        "update_follow_up",
        "put",
        lambda w: f"/follow-ups/{w.follow_up.pk}",
        (UNAUTH, NO, NO, CONFLICT, NO, CONFLICT, CONFLICT, CONFLICT, UNAUTH),
        body=lambda w: {**_change(w), "version": w.follow_up.version - 1},
        touched=lambda w: w.follow_up,
    ),
    Row(
        "delete the follow-up",
        "delete_follow_up",
        "delete",
        lambda w: f"/follow-ups/{w.follow_up.pk}?version={w.follow_up.version}",
        FOLLOW_UP_EDITORS,
        done=204,
        touched=lambda w: w.follow_up,
    ),
]

# Indicators: every caller with a token reads them; anonymous readers only those measuring a
# published criterion (this one measures none); the owning unit's editors push measurements.
INDICATOR_ROWS = [
    Row(
        "indicators",
        "list_indicators",
        "get",
        lambda w: "/indicators" if _indicator(w) else "",
        (HIDDEN, SEES, SEES, SEES, SEES, SEES, SEES, SEES, UNAUTH),
        item=lambda w: _indicator(w).key,
    ),
    Row(
        "an indicator",
        "get_indicator",
        "get",
        lambda w: f"/indicators/{_indicator(w).key}",
        (GONE, OK, OK, OK, OK, OK, OK, OK, UNAUTH),
    ),
    Row(
        "an indicator's measurements",
        "list_measurements",
        "get",
        lambda w: f"/indicators/{_indicator(w).key}/measurements",
        (GONE, OK, OK, OK, OK, OK, OK, OK, UNAUTH),
    ),
    Row(
        "push measurements",
        "push_measurements",
        "post",
        lambda w: f"/indicators/{_indicator(w).key}/measurements",
        (UNAUTH, NO, NO, NO, NO, DONE, DONE, DONE, UNAUTH),
        body=lambda w: {"measurements": [{"period_start": "2026-12-31", "value": 95}]},
        done=201,
    ),
]

ROWS = READ_ROWS + WRITE_ROWS + INDICATOR_ROWS


def _caller(client, world: World, who: str) -> ApiClient:
    if who == "revoked token":
        secret = secret_for(world.extra["admin"], "revoked")
        token_revoke(actor=SYSTEM_ACTOR, token=token_for_secret(secret=secret))
        return ApiClient(client, secret)
    user = world.users[who]
    return ApiClient(client, secret_for(user) if user is not None else None)


def _state(world: World, row: Row) -> Any:
    touched = row.touched(world) if row.touched else None
    fresh = FollowUp.objects.filter(pk=touched.pk).first() if touched else None
    measurements = Measurement.objects.count()
    return (
        FollowUp.objects.count(),
        User.objects.count(),
        measurements,
        fresh and model_to_dict(fresh),
    )


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_api_permission_matrix(client, matrix_world: World, row: Row, who: str) -> None:
    # Given the world, and a caller of the kind
    world = matrix_world
    caller = _caller(client, world, who)
    path, body = row.path(world), row.body(world) if row.body else None
    before = _state(world, row)
    # When they call the operation
    response = caller(row.method, f"{path}?limit=200" if row.item else path, body)
    # Then they get what the matrix says, and nothing changes unless they may change it
    expected = row.expect[CALLERS.index(who)]
    where = f"{row.name} as {who}: {row.method.upper()} {path} gave {response.status_code}"
    if expected in (OK, SEES, HIDDEN):
        assert response.status_code == 200, where
    elif expected == DONE:
        assert response.status_code == row.done, where
    else:
        assert response.status_code == expected, where
        assert response.json()["message"], where
    if row.item is not None and expected in (SEES, HIDDEN):
        items = response.json()["items"]
        found = row.item(world) in [item.get("key", item.get("id")) for item in items]
        assert found is (expected == SEES), f"{where}: listed {found}"
    changed = _state(world, row) != before
    assert changed is (expected == DONE and row.method != "get"), f"{where}: changed {changed}"


def test_every_api_operation_is_in_the_matrix():
    """A new operation must get rows here."""
    schema = ninja_api.get_openapi_schema()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    covered = {row.operation for row in ROWS}
    assert operations - covered == set(), "operations not in the API's permission matrix"
    assert covered - operations == set(), "rows for operations that are gone"


# The API keys page, for each kind of user: every signed-in user manages their own keys only.
#            anonymous, no role, reader, unit editor, sibling editor, plan editor, approver, admin
KEY_PAGE = [
    ("the page", "get", lambda w, me: reverse("api-tokens"), 200),
    ("create a key", "post", lambda w, me: reverse("api-tokens"), 200),
    ("revoke one's own key", "post", lambda w, me: reverse("api-token-revoke", args=[me]), 302),
    (
        "revoke the administrator's key",
        "post",
        lambda w, me: reverse("api-token-revoke", args=[w.extra["admin_token"]]),
        404,
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("name", "method", "url", "status"), KEY_PAGE, ids=[r[0] for r in KEY_PAGE]
)
def test_the_api_keys_page_for_every_kind_of_user(
    client, matrix_world: World, who, name, method, url, status
):
    world = matrix_world
    admin_secret = secret_for(world.extra["admin"], "the administrator's")
    world.extra["admin_token"] = token_for_secret(secret=admin_secret).pk
    user = world.users[who]
    mine = token_for_secret(secret=secret_for(user)).pk if user is not None else 0
    if user is not None:
        client.force_login(user)
    before = list(ApiToken.objects.values_list("pk", "revoked_at"))
    response = getattr(client, method)(url(world, mine), {"name": "Ny"})
    if user is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert list(ApiToken.objects.values_list("pk", "revoked_at")) == before
        return
    assert response.status_code == status
    assert token_for_secret(secret=admin_secret) is not None
    if name == "revoke one's own key":
        assert ApiToken.objects.get(pk=mine).revoked_at is not None
    if name == "create a key":
        assert ApiToken.objects.filter(user=user, name="Ny").exists()
