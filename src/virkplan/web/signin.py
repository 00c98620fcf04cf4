"""The address a sign-in attempt is counted against (django-axes' AXES_CLIENT_IP_CALLABLE)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address; behind `VIRKPLAN_PROXY_COUNT` proxies, the one they were given.

    A plain address (django-axes stores it in an IP address column), or None when
    there is none to be read.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.VIRKPLAN_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if proxies and forwarded[-1]:
        address = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
