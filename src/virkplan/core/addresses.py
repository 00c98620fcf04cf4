"""The address a request came from, seen through the proxies in front of virkplan."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def caller_address(request: HttpRequest) -> Address | None:
    """The caller's address; behind `VIRKPLAN_PROXY_COUNT` proxies, the one they were given.

    Each proxy adds the address it was called from to X-Forwarded-For, so the caller's
    is the one that many places from the end. None when there is no address to read.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.VIRKPLAN_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if proxies and forwarded[-1]:
        address = forwarded[-min(proxies, len(forwarded))]
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None
