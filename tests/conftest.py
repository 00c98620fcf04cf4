"""Fixtures shared by the whole suite."""

import inspect
import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches

from virkplan.demo.indicators import demo_indicators_create
from virkplan.demo.services import demo_load, scaled_demo_document
from virkplan.interchange.services import ImportResult, document_import
from virkplan.organisation.permissions import SYSTEM_ACTOR

from .documents import DemoDocuments
from .factories import editing_world
from .layouts import layouts_kept, layouts_made_each_time
from .queue import redis_worker  # noqa: F401 (the real queue's fixture, for every test)
from .snapshots import Snapshot, snapshot_restore, snapshot_take, snapshot_take_on

REFERENCE_TEXT = Path(__file__).resolve().parent / "data" / "albertslund-miljo-teknik-2014.txt"


# VIRKPLAN_TEST_SNAPSHOTS=0 loads the plans through the services in every test that asks for
# them, as the suite once did: slower, and a check that the copies change nothing.
SNAPSHOTS = os.environ.get("VIRKPLAN_TEST_SNAPSHOTS", "1") != "0"


def _copied_each_test(name: str, load: Callable[[], Any]) -> tuple[Any, Any]:
    """Two fixtures: `<name>_snapshot`, what `load` writes, taken once per session through
    the services (tests/snapshots.py); and `name`, those rows copied into the test's
    transaction with a fresh copy of what `load` returned (or `load` itself run again, when
    VIRKPLAN_TEST_SNAPSHOTS=0)."""

    @pytest.fixture(scope="session", name=f"{name}_snapshot")
    def taken(django_db_setup, django_db_blocker) -> Snapshot:
        with django_db_blocker.unblock():
            return snapshot_take(load)

    @pytest.fixture(name=name)
    def copied(db, request) -> Any:
        if not SNAPSHOTS:
            result = load()
            assert result is not None, "the plans load into an empty database"
            return result
        return snapshot_restore(request.getfixturevalue(f"{name}_snapshot"))

    return taken, copied


def added_each_test(name: str, base: str, load: Callable[[], Any]) -> tuple[Any, Any]:
    """Two fixtures for what a test adds on top of one of the worlds above (`base`, say
    "demo"), when many tests add the same: `<name>_snapshot`, the rows `load` writes on top of
    the base, taken once per session; and `name`, a function that puts those rows into the
    test's transaction (or runs `load`, when VIRKPLAN_TEST_SNAPSHOTS=0) and returns a fresh
    copy of what `load` returned. The test asks for the base itself, and calls the function
    where its story adds the rows."""

    @pytest.fixture(scope="session", name=f"{name}_snapshot")
    def taken(django_db_setup, django_db_blocker, request) -> Snapshot | None:
        if not SNAPSHOTS:
            return None
        base_snapshot = request.getfixturevalue(f"{base}_snapshot")
        with django_db_blocker.unblock():
            return snapshot_take_on(base_snapshot, load)

    def add(**fixtures: Any) -> Callable[[], Any]:
        snapshot = fixtures[f"{name}_snapshot"]
        return load if snapshot is None else lambda: snapshot_restore(snapshot)

    # The fixtures `add` asks for, by their names: the snapshot (a session's, so taken before
    # the test's transaction begins) and the base it goes on top of.
    add.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(fixture, inspect.Parameter.KEYWORD_ONLY)
            for fixture in (f"{name}_snapshot", base)
        ]
    )
    return taken, pytest.fixture(name=name)(add)


# The demo with every focus area repeated this many times: query counts must not grow with it.
SCALE = 10


def _scaled_demo_load() -> ImportResult:
    result = document_import(user=SYSTEM_ACTOR, document=scaled_demo_document(factor=SCALE))
    demo_indicators_create()  # as the demo has them
    return result


def _matrix_world_build() -> Any:
    from tests.web.test_permission_matrix import build_world

    return build_world()


# The demo plans (Albertslund, Miljø & Teknik 2012–2013 and 2014), as an ImportResult.
demo_snapshot, demo = _copied_each_test("demo", demo_load)
# The demo plans with every focus area repeated ten times.
scaled_demo_snapshot, scaled_demo = _copied_each_test("scaled_demo", _scaled_demo_load)
# The permission matrix's world (tests/web/test_permission_matrix.py, World).
matrix_world_snapshot, matrix_world = _copied_each_test("matrix_world", _matrix_world_build)
# The editing tests' municipality, people and draft plans (tests/factories.py, EditingWorld).
editing_snapshot, editing = _copied_each_test("editing", editing_world)


@pytest.fixture(scope="session")
def demo_documents(django_db_setup, django_db_blocker, request) -> DemoDocuments:
    """The untouched demo's PDF and Word documents, each made once (tests/documents.py)."""
    snapshot = request.getfixturevalue("demo_snapshot") if SNAPSHOTS else None

    def load() -> None:
        if snapshot is not None:
            snapshot_restore(snapshot)
        else:
            assert demo_load() is not None

    return DemoDocuments(load, django_db_blocker)


@pytest.fixture
def kept_layouts() -> Iterator[None]:
    """WeasyPrint lays out the same input once per session, for the tests of downloads and
    commands that make the demo's documents again (tests/layouts.py)."""
    with layouts_kept():
        yield


@pytest.fixture
def every_layout_made() -> Iterator[None]:
    """Every layout made and every PDF written, even where `kept_layouts` is used: for a test
    that watches WeasyPrint at work."""
    with layouts_made_each_time():
        yield


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The text layer of the reference plan document, joined into one string."""
    return REFERENCE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    """Every test starts with no cached pages, data version or rate counts."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def media_roots(tmp_path_factory) -> Iterator[Path]:
    """A folder of the test's own for each test, made only when something is stored in it."""
    base = tmp_path_factory.mktemp("media")
    return (base / str(number) for number in itertools.count())


@pytest.fixture(autouse=True)
def media_root(settings, media_roots) -> Path:
    """Stored files (logos, documents built by the task queue, uploads waiting to be read) go
    to a folder of the test's own (the storage makes it when it first stores a file; a
    `tmp_path` for every test cost more than most tests)."""
    settings.MEDIA_ROOT = next(media_roots)
    return settings.MEDIA_ROOT
