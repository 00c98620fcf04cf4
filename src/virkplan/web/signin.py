"""The address a sign-in attempt is counted against (django-axes' AXES_CLIENT_IP_CALLABLE)."""

from django.http import HttpRequest

from virkplan.core.addresses import caller_address


def client_ip(request: HttpRequest) -> str | None:
    """The caller's plain address (django-axes stores it in an IP address column), or None."""
    address = caller_address(request)
    return None if address is None else str(address)
