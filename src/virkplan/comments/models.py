"""Comments on a plan as a whole or on one of its goals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from virkplan.core.models import TimeStampedModel
from virkplan.plans.models import Goal, Plan

MAX_COMMENT_LENGTH = 5000


class Comment(TimeStampedModel):
    """One comment in a plan's thread, or in the thread of one of its goals (`goal`)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="comments"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    # Plain text: shown escaped, with its line breaks, never as Markdown or HTML.
    text = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # A deleted comment keeps its place in the thread ("The comment is deleted"); the history
    # keeps what it said.
    deleted = models.BooleanField(_("deleted"), default=False)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned"),
        blank=True,
        related_name="mentioned_in_comments",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["plan", "goal"], name="comment_thread")]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"

    @property
    def anchor(self) -> str:
        """The id of the comment's element on its page."""
        return f"comment-{self.pk}"
