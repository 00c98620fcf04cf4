"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from django.core.cache import caches

from virkplan.interchange.services import ImportResult

from .snapshots import Snapshot, demo_snapshot_restore, demo_snapshot_take

REFERENCE_TEXT = Path(__file__).resolve().parent / "data" / "albertslund-miljo-teknik-2014.txt"


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """The rows the demo import writes, taken once per session (tests/snapshots.py)."""
    with django_db_blocker.unblock():
        return demo_snapshot_take()


@pytest.fixture
def demo(db, demo_snapshot) -> ImportResult:
    """The demo plans (Albertslund, Miljø & Teknik 2012–2013 and 2014) loaded."""
    return demo_snapshot_restore(demo_snapshot)


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The text layer of the reference plan document, joined into one string."""
    return REFERENCE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    """Every test starts with no cached pages, data version or rate counts."""
    for cache in caches.all():
        cache.clear()
