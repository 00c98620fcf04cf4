"""Creating, using and revoking API tokens: checked, atomic and recorded."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from virkplan.core.errors import DomainError, NotAllowed
from virkplan.organisation.permissions import Actor

from .models import PREFIX_LENGTH, TOKEN_SCHEME, ApiToken

# A user with more live tokens than this is doing something odd; revoke some first.
MAX_ACTIVE_TOKENS = 20
# last_used_at is written at most this often per token, so reading does not mean writing.
LAST_USED_PRECISION = timedelta(minutes=1)

MSG_NOT_YOURS = gettext_lazy("Only the token's owner can do that.")
MSG_TOO_MANY = gettext_lazy(
    "You have %(count)s active tokens, the most one user may have. Revoke one you no longer "
    "use first."
)
MSG_ALREADY_REVOKED = gettext_lazy("The token was already revoked.")


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which is shown once and never stored."""

    token: ApiToken
    secret: str


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _is_server(actor: Actor) -> bool:
    """The command line acts as the server itself (plans.selectors.SYSTEM_ACTOR)."""
    return bool(getattr(actor, "is_superuser", False)) and getattr(actor, "pk", None) is None


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def token_create(*, actor: Actor, owner: Any, name: str) -> IssuedToken:
    """A new token for `owner`; users make their own, the command line makes anyone's."""
    if not (_is_server(actor) or getattr(actor, "pk", None) == owner.pk):
        raise NotAllowed(str(MSG_NOT_YOURS))
    active = ApiToken.objects.select_for_update().filter(user=owner, revoked_at__isnull=True)
    count = len(active)
    if count >= MAX_ACTIVE_TOKENS:
        raise DomainError(str(MSG_TOO_MANY) % {"count": count})
    prefix = _new_prefix()
    secret = f"{TOKEN_SCHEME}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=owner, name=name.strip(), prefix=prefix, hashed=token_hash(secret))
    token.full_clean()
    token.save()
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke the token at once: its owner, a superuser or the command line may."""
    if not (
        _is_server(actor)
        or getattr(actor, "is_superuser", False)
        or getattr(actor, "pk", None) == token.user_id
    ):
        raise NotAllowed(str(MSG_NOT_YOURS))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError(str(MSG_ALREADY_REVOKED))
    token.revoked_at = timezone.now()
    token.save()
    return token


def token_mark_used(*, token: ApiToken) -> None:
    """Note that the token was used now (bookkeeping: no history, at most once a minute)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
