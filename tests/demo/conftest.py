"""Fixtures for the demo tests."""

import pytest
from django.utils import translation

from tests.notifications.conftest import smtp  # noqa: F401 - the SMTP server fixture


@pytest.fixture(autouse=True)
def default_language():
    """Run each test in the site's default language, whatever an earlier test activated."""
    translation.deactivate()
    yield
    translation.deactivate()
