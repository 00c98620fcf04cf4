"""Projects (projektliste): the work that delivers a unit's goals, with milestones and a budget."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from virkplan.core.models import TimeStampedModel, choice_label
from virkplan.organisation.models import Unit
from virkplan.plans.models import Goal

# The refusals, shared with the forms and the tests: each names its field.
MSG_END_BEFORE_START = _("The end date cannot be before the start date.")
MSG_NEGATIVE_BUDGET = _("The budget cannot be negative.")
MSG_MET_DATE_NOT_MET = _("A milestone that is not met has no date met.")


def new_key() -> str:
    return uuid.uuid4().hex


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    APPROVED = "approved", _("approved")
    IN_PROGRESS = "in_progress", _("in progress")
    PAUSED = "paused", _("paused")
    DONE = "done", pgettext_lazy("project status", "done")
    CANCELLED = "cancelled", _("cancelled")


class Project(TimeStampedModel):
    """A project of a unit: who leads it, when it runs, what it costs and which goals it serves."""

    key = models.SlugField(_("key"), max_length=100, unique=True, default=new_key)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="projects"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    leader_name = models.CharField(
        _("project leader's name"),
        max_length=200,
        blank=True,
        help_text=_("When the project leader is not a user of virkplan."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    goals = models.ManyToManyField(
        Goal,
        verbose_name=_("goals"),
        through="ProjectGoal",
        related_name="projects",
        blank=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="project_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = MSG_END_BEFORE_START
        if self.budget is not None and self.budget < 0:
            errors["budget"] = MSG_NEGATIVE_BUDGET
        if errors:
            raise ValidationError(errors)

    @property
    def status_label(self) -> str:
        return choice_label(ProjectStatus, self.status)

    @property
    def leader_label(self) -> str:
        """The project leader as the pages name them: the user's name, else the name typed."""
        if self.leader is not None:
            return self.leader.get_full_name() or self.leader.get_username()
        return self.leader_name


class Milestone(TimeStampedModel):
    """A milestone of a project: a date by which something is done, and whether it was."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    met = models.BooleanField(_("met"), default=False)
    met_date = models.DateField(_("date met"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_date", "id"]
        indexes = [models.Index(fields=["met", "due_date"], name="projects_milestone_open_due")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.met_date and not self.met:
            raise ValidationError({"met_date": MSG_MET_DATE_NOT_MET})

    def is_overdue(self, today: date) -> bool:
        return not self.met and self.due_date < today


class ProjectGoal(TimeStampedModel):
    """A goal a project serves."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="goal_links"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="project_links"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal of a project")
        verbose_name_plural = _("goals of projects")
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "goal"], name="projectgoal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.goal}"
