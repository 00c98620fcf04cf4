"""A goal's status as a whole at a follow-up: the table (plans.goal_status reads it)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from virkplan.core.models import TimeStampedModel, choice_label

from ..models import FollowUpRound, FollowUpStatus, Goal


class GoalAssessment(TimeStampedModel):
    """A goal's status as a whole at a follow-up (målets status): one per goal and round.

    It may differ from the statuses of the goal's follow-up paragraphs, which speak about one
    criterion each. A goal's current status is its latest assessment; a goal never assessed
    has not been followed up. Assessments outside a round come from imported plans.
    """

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="assessments"
    )
    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("follow-up round"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("How far the goal has come towards its targets, from 0 to 100 %."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal status")
        verbose_name_plural = _("goal statuses")
        ordering = ["goal", "-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "round"],
                condition=Q(round__isnull=False),
                name="goalassessment_one_per_goal_and_round",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="goalassessment_progress_at_most_100",
            ),
        ]
        indexes = [models.Index(fields=["goal", "date"], name="plans_goalassessment_goal_date")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.status_label} ({self.date})"

    @property
    def status_label(self) -> str:
        return choice_label(FollowUpStatus, self.status)
