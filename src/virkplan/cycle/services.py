"""Writes of the yearly cycle: a user's secret calendar address."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from virkplan.organisation.permissions import Actor

from .models import CalendarFeedToken, calendar_address_hash


@dataclass(frozen=True)
class IssuedAddress:
    """A new calendar address: the secret is shown once and never kept."""

    token: CalendarFeedToken
    secret: str


@transaction.atomic
def calendar_address_renew(*, user: Actor) -> IssuedAddress:
    """A new secret address of the user's deadlines; the one they had stops working at once."""
    # The user's row locked: two at once make one address each in turn, never two working
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    calendar_address_revoke(user=user)
    secret = secrets.token_urlsafe(32)
    token = CalendarFeedToken(user_id=user.pk, hashed=calendar_address_hash(secret))
    token.full_clean()
    token.save()
    return IssuedAddress(token=token, secret=secret)


@transaction.atomic
def calendar_address_revoke(*, user: Actor) -> int:
    """Stop the user's address, if they have one; how many were stopped (0 or 1)."""
    active = CalendarFeedToken.objects.select_for_update().filter(
        user_id=user.pk, revoked_at__isnull=True
    )
    return active.update(revoked_at=timezone.now(), updated_at=timezone.now())
