"""Notices to a user, and which kinds of notice each user wants by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from virkplan.core.models import TimeStampedModel
from virkplan.cycle.models import Activity
from virkplan.organisation.models import Unit
from virkplan.plans.models import Goal, Plan


class NotificationKind(models.TextChoices):
    """What a notice is about; each user chooses which kinds also come by e-mail."""

    PLAN_SUBMITTED = "plan_submitted", _("A plan is submitted for your approval")
    PLAN_RETURNED = "plan_returned", _("A plan you write is returned to draft")
    PLAN_APPROVED = "plan_approved", _("A plan you write is approved")
    PLAN_PUBLISHED = "plan_published", _("A plan you write is published")
    DEADLINE_SOON = "deadline_soon", _("A deadline of the yearly cycle is near")
    DEADLINE_OVERDUE = "deadline_overdue", _("A deadline of the yearly cycle has passed")
    WEEKLY_DIGEST = "weekly_digest", _("Every Monday: what waits for you")
    MENTIONED = "mentioned", _("Someone mentions you in a comment")


class Notification(TimeStampedModel):
    """One notice to one user; `key` names what it is about, so no notice comes twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=200)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # Where on the plan's or goal's page the notice points (a comment's element id).
    anchor = models.CharField(_("place on the page"), max_length=60, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity of the yearly cycle"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_due = models.BooleanField(_("to be e-mailed"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_once_per_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_due", "emailed_at"], name="notification_mail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.kind} ({self.key})"


class NotificationPreference(TimeStampedModel):
    """A user's choice of which kinds of notice also come by e-mail, and in which language.

    A user without a row gets every kind by e-mail, in the site's language (Danish).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    # The kinds not e-mailed: a kind added later reaches everybody until they turn it off.
    muted_kinds = models.JSONField(_("kinds not e-mailed"), default=list, blank=True)
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user"]

    def __str__(self) -> str:
        return str(self.user)

    def emails(self, kind: str) -> bool:
        return kind not in self.muted_kinds
