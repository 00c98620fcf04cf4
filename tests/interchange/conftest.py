"""Fixtures for the interchange tests."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    """Run each test in the site's default language, whatever an earlier test activated."""
    translation.deactivate()
    yield
    translation.deactivate()
