"""Rate limits: so many requests per period for each token (or signed-in user) and for each
anonymous address, counted in Django's cache (shared by all app servers when it is Redis).

The limits are settings (`VIRKPLAN_API_RATE_TOKEN`, `VIRKPLAN_API_RATE_ANONYMOUS`), written
like "600/minute". Counting is by fixed windows: simple and cheap, at the price of allowing
up to twice the rate across a window's edge.
"""

import ipaddress
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from virkplan.core.addresses import caller_address

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """ "600/minute" → Rate(600, 60); the period may be second, minute, hour or day."""
    count, _slash, period = text.strip().partition("/")
    seconds = PERIODS.get(period.strip().lower().rstrip("s"))
    if not count.strip().isdigit() or seconds is None or int(count) < 1:
        raise ValueError(f"Not a rate: {text!r} (write it like 600/minute)")
    return Rate(int(count), seconds)


def client_address(request: HttpRequest) -> str:
    """The caller's address (core.addresses); an IPv6 address counts by its /64 network,
    which one machine usually has whole."""
    parsed = caller_address(request)
    if parsed is None:
        return "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class RateLimit(BaseThrottle):
    """One limit for every operation: per token or user when there is one, else per address."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        caller = getattr(request, "auth", None)
        identity = getattr(caller, "rate_key", None)
        if identity:
            rate = parse_rate(settings.VIRKPLAN_API_RATE_TOKEN)
        else:
            rate = parse_rate(settings.VIRKPLAN_API_RATE_ANONYMOUS)
            identity = f"address:{client_address(request)}"
        now = time.time()
        window = int(now // rate.seconds)
        key = f"virkplan:api-rate:{identity}:{rate.seconds}:{window}"
        if cache.add(key, 1, timeout=rate.seconds + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr: a new window
                cache.set(key, 1, timeout=rate.seconds + 1)
                count = 1
        self._local.wait = (window + 1) * rate.seconds - now
        return count <= rate.requests

    def wait(self) -> float | None:
        """Seconds until the window ends (ninja puts it in Retry-After)."""
        return math.ceil(getattr(self._local, "wait", 1))
