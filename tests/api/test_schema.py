"""The API against its own OpenAPI schema, in-process: schemathesis generates requests for
every operation from the schema, anonymous and with an editor's token; no response may be a
server error, and every response must match the schema (status code, content type, body).

A few examples per operation, so that `make test` catches the code and the schema drifting
apart; CI also runs schemathesis against a served site (scripts/api-schemathesis).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import API, secret_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The schema is read from the application itself (no database is needed for it).
schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def one_connection():
    """Requests go straight to the WSGI application here, not through Django's test client,
    so they would close the test's database connection (and its transaction) as a real
    request does; the test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor(demo_users) -> dict[str, str]:
    """The demo editor's token, once for all the examples of a test."""
    return {"Authorization": f"Bearer {secret_for(demo_users['redaktoer'])}"}


@schema.parametrize()
@settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_response_conforms_to_the_schema(case, editor):
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(headers=editor, checks=CHECKS)
