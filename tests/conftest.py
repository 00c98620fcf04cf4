"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest

from virkplan.demo.services import demo_load
from virkplan.interchange.services import ImportResult

REFERENCE_TEXT = Path(__file__).resolve().parent / "data" / "albertslund-miljo-teknik-2014.txt"


@pytest.fixture
def demo(db) -> ImportResult:
    """The demo plans (Albertslund, Miljø & Teknik 2012–2013 and 2014) loaded."""
    result = demo_load()
    assert result is not None
    return result


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The text layer of the reference plan document, joined into one string."""
    return REFERENCE_TEXT.read_text(encoding="utf-8")
