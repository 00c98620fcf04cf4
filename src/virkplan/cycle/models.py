"""The yearly cycle (årshjul): what a unit does when, year after year, and who does it."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from virkplan.core.models import TimeStampedModel
from virkplan.organisation.models import Role, Unit

MSG_NO_SUCH_DAY = _("Day: the month has no such day.")
MSG_START_AFTER_DEADLINE = _(
    "Start: the start must come before the deadline in the same year (leave both start "
    "fields empty for a single day)."
)
MSG_START_HALF = _("Start: give both the start's month and its day, or neither.")


class ActivityKind(models.TextChoices):
    """What an activity is; all but the free activity are done when the plans show it."""

    DRAFT_PLAN = "draft_plan", _("draft the plan")
    SUBMIT = "submit", _("submit the plan")
    APPROVE = "approve", _("approve the plan")
    FOLLOW_UP = "follow_up", _("follow-up round")
    PUBLISH = "publish", _("publish the plan")
    FREE = "free", _("other activity")


# What "done" means, for the help text and the pages that explain it.
DONE_MEANS = {
    ActivityKind.DRAFT_PLAN: _("the unit has a plan for the year"),
    ActivityKind.SUBMIT: _("the unit's plan for the year is submitted, approved or published"),
    ActivityKind.APPROVE: _("the unit's plan for the year is approved or published"),
    ActivityKind.FOLLOW_UP: _(
        "a follow-up round on the unit's plan for the year, dated near the deadline, is finished"
    ),
    ActivityKind.PUBLISH: _("the unit's plan for the year is published"),
    ActivityKind.FREE: _("never marked done: a reminder of the date only"),
}


def day_in_year(year: int, month: int, day: int) -> date:
    """The day in the year; 29 February is the 28th in a year without it."""
    if month == 2 and day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)


class Activity(TimeStampedModel):
    """An activity of a unit's yearly cycle, repeated every year.

    It holds for the unit and every unit under it: a unit's cycle is its own activities
    and those of the units above it.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="cycle_activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        help_text=_("Who does it: the users with this role on the unit hear of the deadline."),
    )
    month = models.PositiveSmallIntegerField(_("deadline month"))
    day = models.PositiveSmallIntegerField(_("deadline day"))
    start_month = models.PositiveSmallIntegerField(_("start month"), null=True, blank=True)
    start_day = models.PositiveSmallIntegerField(
        _("start day"),
        null=True,
        blank=True,
        help_text=_("With the start month: the activity runs from the start to the deadline."),
    )
    plan_year_offset = models.SmallIntegerField(
        _("plan year"),
        choices=[(0, _("the same year")), (1, _("the next year"))],
        default=0,
        help_text=_(
            "Which year's plan the activity concerns: drafts in the autumn are for next year."
        ),
    )

    class Meta:
        verbose_name = _("activity of the yearly cycle")
        verbose_name_plural = _("activities of the yearly cycle")
        ordering = ["month", "day", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                name="cycle_activity_deadline_is_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.day}/{self.month})"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not _is_day(self.month, self.day):
            errors["day"] = [MSG_NO_SUCH_DAY]
        if (self.start_month is None) != (self.start_day is None):
            errors["start_month"] = [MSG_START_HALF]
        elif self.start_month is not None:
            if not _is_day(self.start_month, self.start_day):
                errors["start_day"] = [MSG_NO_SUCH_DAY]
            elif _is_day(self.month, self.day) and (self.start_month, self.start_day) > (
                self.month,
                self.day,
            ):
                errors["start_month"] = [MSG_START_AFTER_DEADLINE]
        if errors:
            raise ValidationError(errors)

    def deadline_in(self, year: int) -> date:
        return day_in_year(year, self.month, self.day)

    def start_in(self, year: int) -> date:
        if self.start_month is None or self.start_day is None:
            return self.deadline_in(year)
        return day_in_year(year, self.start_month, self.start_day)

    @property
    def done_means(self) -> str:
        return str(DONE_MEANS[ActivityKind(self.kind)])


def _is_day(month: int | None, day: int | None) -> bool:
    if month is None or day is None:
        return False
    try:
        date(2024, month, day)  # a leap year: 29 February is a day of the cycle
    except ValueError:
        return False
    return True


def calendar_address_hash(secret: str) -> str:
    """What is kept of a calendar address's secret: its SHA-256."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class CalendarFeedToken(TimeStampedModel):
    """A user's secret address of their deadlines as a calendar feed: only its hash is kept.

    Calendar programs fetch the feed without signing in, so the address is the key; a new
    one revokes the old, and a revoked address finds nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    hashed = models.CharField(_("hash"), max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["user", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="cycle_one_active_calendar_address_per_user",
            ),
        ]

    def __str__(self) -> str:
        state = "" if self.revoked_at is None else " (revoked)"
        return f"{self.user} {self.created_at:%Y-%m-%d}{state}"
