"""API tokens: a user's keys for other systems, stored as hashes only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from virkplan.core.models import TimeStampedModel

# "vp_" + an 8-character prefix (stored, for lookup and for people to tell tokens apart)
# + "_" + the secret. Only the SHA-256 of the whole token is stored.
TOKEN_SCHEME = "vp_"  # noqa: S105 - the tokens' visible prefix, not a secret
PREFIX_LENGTH = 8


class ApiToken(TimeStampedModel):
    """A user's API token: its hash, a name saying what it is for, when it was last used."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True)
    hashed = models.CharField(_("hash"), max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_SCHEME}{self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def display_prefix(self) -> str:
        """The start of the token as people see it: enough to recognise it, useless to use."""
        return f"{TOKEN_SCHEME}{self.prefix}"
