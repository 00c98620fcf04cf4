"""Rate limits: per token (or signed-in user) and per anonymous address, from the settings,
answered with 429, Retry-After and a message."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from virkplan.api import ratelimit
from virkplan.api.apps import ApiConfig
from virkplan.api.ratelimit import Rate, client_address, parse_rate

from .conftest import secret_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_minute(monkeypatch) -> None:
    """The limiter counts by windows of the clock's minutes: each test runs half a minute into
    one, so that its requests never straddle two windows (which would count them apart)."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


@override_settings(VIRKPLAN_API_RATE_ANONYMOUS="3/minute", VIRKPLAN_API_RATE_TOKEN="5/minute")
def test_anonymous_callers_are_limited_per_address(api, client, demo):
    # Given three requests from one address
    for _ in range(3):
        assert api().get("/units").status_code == 200
    # When it sends a fourth within the minute
    refused = api().get("/units")
    # Then it is told to wait, in JSON, and for how long
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["code"] == "too_many_requests"
    assert body["message"].startswith("For mange forespørgsler: vent ")
    # And another address is not affected
    assert client.get("/api/v1/units", REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(VIRKPLAN_API_RATE_ANONYMOUS="2/minute", VIRKPLAN_API_RATE_TOKEN="4/minute")
def test_each_token_has_its_own_count_apart_from_its_address(api, demo_users):
    first = api(secret_for(demo_users["laeser"], "a"))
    second = api(secret_for(demo_users["laeser"], "b"))
    for _ in range(4):
        assert first.get("/units").status_code == 200
    assert first.get("/units").status_code == 429
    # The other token of the same user counts by itself, and anonymous reading too
    assert second.get("/units").status_code == 200
    assert api().get("/units").status_code == 200


@override_settings(VIRKPLAN_API_RATE_ANONYMOUS="1/minute", VIRKPLAN_API_RATE_TOKEN="2/minute")
def test_writes_count_too(api, demo_users):
    editor = api(secret_for(demo_users["redaktoer"]))
    body = {"goal": "mtf-2012-2013-g01", "status": "met"}
    assert editor("post", "/follow-ups", body).status_code == 201
    assert editor("post", "/follow-ups", body).status_code == 201
    assert editor("post", "/follow-ups", body).status_code == 429


@override_settings(VIRKPLAN_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_counts():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5"
    )
    assert client_address(request) == "203.0.113.5"


def test_without_a_proxy_a_forwarded_header_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "192.0.2.1"


def test_ipv6_addresses_count_by_their_network():
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_address(one) == client_address(other) == "2001:db8:1:2::/64"


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("600/minute", Rate(600, 60)),
        ("5/second", Rate(5, 1)),
        ("10000/day", Rate(10000, 86400)),
        ("100 / hours", Rate(100, 3600)),
    ],
)
def test_rates_are_read_from_words(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "600", "0/minute", "-1/minute", "many/minute", "5/week"])
def test_a_mistyped_rate_stops_the_site_at_start(text):
    with pytest.raises(ValueError):
        parse_rate(text)
    import virkplan.api

    with override_settings(VIRKPLAN_API_RATE_TOKEN=text), pytest.raises(ImproperlyConfigured):
        ApiConfig("virkplan.api", virkplan.api).ready()
