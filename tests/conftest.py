"""Fixtures shared by the whole suite."""

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches

from virkplan.demo.services import demo_load, scaled_demo_document
from virkplan.interchange.services import ImportResult, document_import
from virkplan.organisation.permissions import SYSTEM_ACTOR

from .snapshots import Snapshot, snapshot_restore, snapshot_take

REFERENCE_TEXT = Path(__file__).resolve().parent / "data" / "albertslund-miljo-teknik-2014.txt"


# VIRKPLAN_TEST_SNAPSHOTS=0 loads the plans through the services in every test that asks for
# them, as the suite once did: slower, and a check that the copies change nothing.
SNAPSHOTS = os.environ.get("VIRKPLAN_TEST_SNAPSHOTS", "1") != "0"


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """The rows the demo import writes, taken once per session (tests/snapshots.py)."""
    with django_db_blocker.unblock():
        return snapshot_take(demo_load)


@pytest.fixture
def demo(db, request) -> ImportResult:
    """The demo plans (Albertslund, Miljø & Teknik 2012–2013 and 2014) loaded."""
    if not SNAPSHOTS:
        result = demo_load()
        assert result is not None
        return result
    return snapshot_restore(request.getfixturevalue("demo_snapshot"))


# The demo with every focus area repeated this many times: query counts must not grow with it.
SCALE = 10


def _scaled_demo_load() -> ImportResult:
    return document_import(user=SYSTEM_ACTOR, document=scaled_demo_document(factor=SCALE))


@pytest.fixture(scope="session")
def scaled_demo_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """The rows the demo ten times over writes, taken once per session."""
    with django_db_blocker.unblock():
        return snapshot_take(_scaled_demo_load)


@pytest.fixture
def scaled_demo(db, request) -> ImportResult:
    """The demo plans with every focus area repeated ten times, in an empty database."""
    if not SNAPSHOTS:
        return _scaled_demo_load()
    return snapshot_restore(request.getfixturevalue("scaled_demo_snapshot"))


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The text layer of the reference plan document, joined into one string."""
    return REFERENCE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def matrix_world_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """The permission matrix's world, built once per session through the services."""
    from tests.web.test_permission_matrix import build_world

    with django_db_blocker.unblock():
        return snapshot_take(build_world)


@pytest.fixture
def matrix_world(db, request) -> Any:
    """The permission matrix's world (tests/web/test_permission_matrix.py), fresh for the test."""
    if not SNAPSHOTS:
        from tests.web.test_permission_matrix import build_world

        return build_world()
    return snapshot_restore(request.getfixturevalue("matrix_world_snapshot"))


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    """Every test starts with no cached pages, data version or rate counts."""
    for cache in caches.all():
        cache.clear()
