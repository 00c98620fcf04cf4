"""Two people save the same goal at the same time: one gets a conflict, and no text is lost.

On PostgreSQL (DATABASE_URL=postgres://...) the two sessions run in two
threads, each with its own database connection, and post at the same
moment; the plan's row lock (SELECT ... FOR UPDATE in plans.services)
makes one wait for the other, which then finds the goal changed. SQLite's
in-memory test database takes one writer at a time and refuses a second
one instead of letting it wait, so there the same two sessions post one
after the other, through the same views and services: the test runs, and
says which way it ran, on both.
"""

import re
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import EditingWorld
from virkplan.plans import services
from virkplan.plans.models import Goal

from .conftest import page_text

CONCURRENT = "two threads" if connection.vendor == "postgresql" else "one after the other"
TEXTS = {"anne": "Vi vil bo godt, siger Anne.", "bo": "Vi vil bo bedre, siger Bo."}


@pytest.fixture
def world(transactional_db, editing: EditingWorld) -> EditingWorld:
    return editing


def _session(world: EditingWorld, who: str) -> Client:
    client = Client()
    client.force_login(world.users[{"anne": "editor", "bo": "approver"}[who]])
    return client


def _opened(client: Client, url: str) -> str:
    """The version the form carries when the person opens it."""
    html = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', html)
    assert version is not None
    return version.group(1)


def _in_parallel(calls: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Run the calls at the same moment, each in a thread of its own (its own connection)."""
    barrier = threading.Barrier(len(calls))
    results: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(name: str, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[name] = call()
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def _post(client: Client, url: str, who: str, version: str) -> Callable[[], object]:
    data = {"statement": TEXTS[who], "ref": "1", "responsible_unit": "", "version": version}
    return lambda: client.post(url, data)


@pytest.mark.postgres
@pytest.mark.parametrize("mode", [CONCURRENT])
def test_two_sessions_save_the_same_goal_at_once(world, mode: str) -> None:
    url = reverse("web:goal-edit", args=[world.goal.key])
    # Given Anne and Bo, each signed in, each with the goal's form open at version 1
    sessions = {who: _session(world, who) for who in TEXTS}
    versions = {who: _opened(client, url) for who, client in sessions.items()}
    assert versions == {"anne": "1", "bo": "1"}
    # When both save their text
    calls = {who: _post(sessions[who], url, who, "1") for who in TEXTS}
    if mode == "two threads":
        responses = _in_parallel(calls)
    else:
        responses = {who: call() for who, call in calls.items()}
    # Then one of them saved, and the other got the conflict
    statuses = {who: response.status_code for who, response in responses.items()}
    assert sorted(statuses.values()) == [302, 409], f"{mode}: {statuses}"
    winner = next(who for who, status in statuses.items() if status == 302)
    loser = next(who for who in TEXTS if who != winner)
    goal = Goal.objects.get(pk=world.goal.pk)
    assert (goal.statement, goal.version) == (TEXTS[winner], 2)
    # And the conflict shows both texts, the loser's still in the form
    html = responses[loser].content.decode()
    conflict = page_text(
        re.search(r'<table class="table vp-conflict-table">.*?</table>', html, re.S).group(0)
    )
    assert TEXTS[winner] in conflict and TEXTS[loser] in conflict
    assert re.search(
        rf'<textarea[^>]*name="statement"[^>]*>\s*{re.escape(TEXTS[loser])}\s*</textarea>', html
    )
    assert 'name="version" value="2"' in html
    # When the loser saves again, knowingly, their text is saved; the winner's is in the history
    again = sessions[loser].post(
        url, {"statement": TEXTS[loser], "ref": "1", "responsible_unit": "", "version": "2"}
    )
    assert again.status_code == 302
    goal.refresh_from_db()
    assert (goal.statement, goal.version) == (TEXTS[loser], 3)
    saved = list(goal.history.order_by("history_id").values_list("statement", flat=True))
    assert saved[-2:] == [TEXTS[winner], TEXTS[loser]]


@pytest.mark.postgres
@pytest.mark.parametrize("mode", [CONCURRENT])
def test_a_save_waits_for_the_other_and_then_finds_the_goal_changed(
    world, monkeypatch, mode: str
) -> None:
    """Anne's save holds the plan's lock a moment; Bo's save, started meanwhile, waits for it."""
    url = reverse("web:goal-edit", args=[world.goal.key])
    sessions = {who: _session(world, who) for who in TEXTS}
    for client in sessions.values():
        assert _opened(client, url) == "1"
    locked, timings = threading.Event(), {}
    original = services.common._update_versioned

    def slow_update(*args, **kwargs):
        row = original(*args, **kwargs)
        if threading.current_thread().name == "anne":
            locked.set()  # Anne has written, and her transaction (with the lock) is still open
            time.sleep(0.5)
        return row

    monkeypatch.setattr(services.common, "_update_versioned", slow_update)

    if mode == "two threads":
        results: dict[str, object] = {}

        def run(who: str) -> None:
            try:
                if who == "bo":
                    assert locked.wait(timeout=10)
                results[who] = _post(sessions[who], url, who, "1")()
                timings[who] = time.monotonic()
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(who,), name=who) for who in TEXTS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        # Bo's save finished after Anne's: it waited for her lock
        assert timings["bo"] >= timings["anne"]
    else:
        threading.current_thread().name, name = "anne", threading.current_thread().name
        try:
            results = {"anne": _post(sessions["anne"], url, "anne", "1")()}
        finally:
            threading.current_thread().name = name
        results["bo"] = _post(sessions["bo"], url, "bo", "1")()
    assert results["anne"].status_code == 302
    assert results["bo"].status_code == 409
    html = results["bo"].content.decode()
    assert TEXTS["anne"] in html and TEXTS["bo"] in html
    assert Goal.objects.get(pk=world.goal.pk).statement == TEXTS["anne"]
