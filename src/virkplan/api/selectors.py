"""Reading API tokens: a user's own list, and the token a request presents."""

import hmac
import re

from django.db.models import QuerySet

from virkplan.organisation.permissions import Actor

from .models import PREFIX_LENGTH, TOKEN_SCHEME, ApiToken
from .services import token_hash

# What a token looks like; anything else is refused before the database is asked.
TOKEN_PATTERN = re.compile(
    rf"^{TOKEN_SCHEME}(?P<prefix>[0-9a-f]{{{PREFIX_LENGTH}}})_[A-Za-z0-9_-]{{43}}$"
)


def tokens_of(*, user: Actor) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked ones too."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def token_for_secret(*, secret: str) -> ApiToken | None:
    """The active token whose secret this is, with its user; None for anything else.

    A revoked token, or one whose user is no longer active, is None too.
    """
    match = TOKEN_PATTERN.match(secret)
    if match is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=match["prefix"]).first()
    if token is None or not hmac.compare_digest(token.hashed, token_hash(secret)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    return token


def token_by_reference(*, reference: str) -> ApiToken | None:
    """A token by its prefix (`vp_1a2b3c4d`, or without the `vp_`) or its number, for the
    command line. A bare reference that could be either is tried as a prefix first."""
    reference = reference.strip()
    tokens = ApiToken.objects.select_related("user")
    prefix = reference.removeprefix(TOKEN_SCHEME).rstrip("_…")
    if re.fullmatch(rf"[0-9a-f]{{{PREFIX_LENGTH}}}", prefix):
        found = tokens.filter(prefix=prefix).first()
        if found is not None or reference.startswith(TOKEN_SCHEME):
            return found
    if re.fullmatch(r"[0-9]{1,18}", reference):
        return tokens.filter(pk=int(reference)).first()
    return None
