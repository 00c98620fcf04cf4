import pytest

from tests.notifications.conftest import Town, build_town, smtp  # noqa: F401


@pytest.fixture
def town(db) -> Town:
    return build_town()
