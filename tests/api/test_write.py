"""Writing follow-ups through the API: the plan services' rules, history and version check,
and every refusal as JSON naming the field, with nothing half-written."""

import json

import pytest
from django.test import Client

from virkplan.plans.models import Criterion, FollowUp, FollowUpStatus, Goal

from .conftest import API, secret_for

pytestmark = pytest.mark.django_db

GOAL = "mtf-2012-2013-g01"  # in a published plan of Miljø- og Teknikforvaltningen


@pytest.fixture
def editor(api, demo_users):
    """The demo editor of Miljø & Teknik and the former Miljø- og Teknikforvaltningen."""
    return api(secret_for(demo_users["redaktoer"]))


def _new(editor, **fields):
    return editor("post", "/follow-ups", {"goal": GOAL, "status": "met", "text": "Nået.", **fields})


def test_an_editor_follows_up_a_goal_and_the_history_says_who(editor, demo_users):
    criteria = list(Criterion.objects.filter(goal__key=GOAL).order_by("position"))
    # When the editor posts a follow-up about the goal's first criterion
    response = _new(editor, text="Der blev holdt 5 gademøder.", criteria=[criteria[0].pk])
    # Then it is stored as the round page would store it, by them
    assert response.status_code == 201, response.content
    body = response.json()
    follow_up = FollowUp.objects.get(pk=body["id"])
    assert follow_up.text == "Der blev holdt 5 gademøder."
    assert follow_up.status == FollowUpStatus.MET
    assert list(follow_up.criteria.all()) == [criteria[0]]
    assert body["goal"] == GOAL and body["plan"] == "mtf-2012-2013" and body["version"] == 1
    assert body["criteria"] == [criteria[0].pk]
    assert follow_up.history.get().history_user == demo_users["redaktoer"]


def test_a_follow_up_is_changed_with_the_version_it_was_read_at(editor, demo_users):
    created = _new(editor).json()
    # When it is changed with the version read
    changed = editor(
        "put",
        f"/follow-ups/{created['id']}",
        {"version": 1, "status": "partly_met", "text": "Delvist."},
    )
    # Then it is changed, its version moves on, and the history has both
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 2 and changed.json()["status"] == "partly_met"
    stored = FollowUp.objects.get(pk=created["id"])
    assert [h.text for h in stored.history.order_by("history_id")] == ["Nået.", "Delvist."]


def test_a_change_from_a_stale_version_is_refused_with_the_row_as_it_is_now(editor, demo_users):
    created = _new(editor).json()
    # Someone else changes it first
    first = editor(
        "put", f"/follow-ups/{created['id']}", {"version": 1, "status": "met", "text": "Først."}
    )
    assert first.status_code == 200
    # When a change is sent from version 1 again
    late = editor(
        "put", f"/follow-ups/{created['id']}", {"version": 1, "status": "not_met", "text": "Sent."}
    )
    # Then it is refused, nothing is saved, and the answer holds the current text
    assert late.status_code == 409
    body = late.json()
    assert body["code"] == "conflict"
    assert "En anden har ændret dette" in body["message"]
    assert body["current"]["text"] == "Først." and body["current"]["version"] == 2
    assert FollowUp.objects.get(pk=created["id"]).text == "Først."


def test_deleting_takes_the_version_when_given(editor):
    created = _new(editor).json()
    editor("put", f"/follow-ups/{created['id']}", {"version": 1, "status": "met", "text": "Nyt."})
    stale = editor("delete", f"/follow-ups/{created['id']}?version=1")
    assert stale.status_code == 409 and stale.json()["current"]["text"] == "Nyt."
    assert FollowUp.objects.filter(pk=created["id"]).exists()
    gone = editor("delete", f"/follow-ups/{created['id']}?version=2")
    assert gone.status_code == 204 and gone.content == b""
    assert not FollowUp.objects.filter(pk=created["id"]).exists()
    assert editor.get(f"/follow-ups/{created['id']}").status_code == 404


def test_a_reader_may_not_follow_up_and_nothing_is_written(api, demo_users):
    before = FollowUp.objects.count()
    response = _new(api(secret_for(demo_users["laeser"])))
    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "message": "Du har ikke en rolle, der giver lov til dette.",
        "errors": [],
    }
    assert FollowUp.objects.count() == before


def test_writing_needs_a_token_or_a_session(api, demo_users):
    response = _new(api())
    assert response.status_code == 401
    assert "API-nøgle" in response.json()["message"]


def test_a_signed_in_browser_writes_only_with_the_csrf_token(demo_users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(demo_users["redaktoer"])
    body = json.dumps({"goal": GOAL, "status": "met"})
    without = browser.post(f"{API}/follow-ups", body, content_type="application/json")
    assert without.status_code == 403 and "CSRF" in without.json()["message"]
    browser.get("/")  # the site sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    with_token = browser.post(
        f"{API}/follow-ups", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert with_token.status_code == 201, with_token.content


def test_criteria_of_another_goal_are_refused_by_position(editor):
    mine = Criterion.objects.filter(goal__key=GOAL).first()
    other = Criterion.objects.exclude(goal__key=GOAL).first()
    before = FollowUp.objects.count()
    response = _new(editor, criteria=[mine.pk, other.pk])
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "criteria[1]", "message": f"{other.pk} er ikke en af målets dokumentationer."}
    ]
    assert FollowUp.objects.count() == before


def test_a_goal_the_caller_cannot_see_is_refused_by_field(api, draft, demo_users):
    goal = Goal.objects.filter(plan_focus_area__plan=draft).first()
    stranger = demo_users["laeser"].__class__.objects.create_user("fremmed")
    response = api(secret_for(stranger))("post", "/follow-ups", {"goal": goal.key, "status": "met"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "goal"


def test_a_goal_in_a_draft_cannot_be_followed_up(api, draft, demo_users):
    goal = Goal.objects.filter(plan_focus_area__plan=draft).first()
    response = api(secret_for(demo_users["redaktoer"]))(
        "post", "/follow-ups", {"goal": goal.key, "status": "met"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("fields", "field", "danish"),
    [
        ({"text": "før\x00efter"}, "text", "NUL-tegn"),
        ({"text": "halvt \ud800 tegn"}, "text", "gyldig Unicode"),
        ({"text": "x" * 20001}, "text", "højst være 20000 tegn"),
        ({"status": "done"}, "status", "skal være en af 'met'"),
        ({"status": None}, "status", "skal være en af"),
        ({"goal": "../etc"}, "goal", "må kun indeholde"),
        ({"criteria": [0]}, "criteria[0]", "skal være mindst 1"),
        ({"criteria": [2**64]}, "criteria[0]", "skal højst være"),
        ({"criteria": list(range(1, 202))}, "criteria", "højst indeholde 200"),
        ({"criteria": "1"}, "criteria", "skal være en liste"),
        ({"date": "2014-13-01"}, "date", "skal være en dato"),
        ({"owner": "admin"}, "owner", "er ikke et felt her"),
    ],
)
def test_hostile_fields_are_refused_naming_the_field(editor, fields, field, danish):
    before = FollowUp.objects.count()
    response = _new(editor, **fields)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert errors[0]["field"] == field
    assert danish in errors[0]["message"]
    assert FollowUp.objects.count() == before


def test_a_missing_field_is_named_in_english_when_asked(api, demo_users):
    english = api(secret_for(demo_users["redaktoer"]), language="en")
    response = english("post", "/follow-ups", {"goal": GOAL})
    assert response.status_code == 422
    assert response.json()["message"] == "status: is required."


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\x00", b'"text"', b"{"])
def test_a_body_that_is_not_a_json_object_is_refused(demo_users, client, body):
    secret = secret_for(demo_users["redaktoer"])
    response = client.post(
        f"{API}/follow-ups",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"


def test_a_body_larger_than_the_server_reads_is_refused(demo_users, client):
    secret = secret_for(demo_users["redaktoer"])
    body = json.dumps({"goal": GOAL, "status": "met", "text": "x" * 3_000_000})
    response = client.post(
        f"{API}/follow-ups",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 413
    assert response.json()["message"] == "Forespørgslen er for stor."
