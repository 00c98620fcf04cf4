"""Plans, their focus areas, goals, success criteria and follow-ups."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from virkplan.core.models import TimeStampedModel, choice_label
from virkplan.organisation.models import Unit

from .rules import MAX_PERIOD_YEARS, as_validation_error, period_problems, target_problems


def new_key() -> str:
    return uuid.uuid4().hex


class PlanKind(models.TextChoices):
    DEPARTMENT_PLAN = "department_plan", _("department plan")
    UNIT_PLAN = "unit_plan", _("unit year plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class FocusAreaGroup(models.TextChoices):
    EXECUTIVE_BOARD = "executive_board", _("set by the executive board")
    POLITICAL = "political", _("political")
    UNIT = "unit", _("the unit's own")
    OTHER = "other", _("other")


class FollowUpStatus(models.TextChoices):
    MET = "met", _("met")
    PARTLY_MET = "partly_met", _("partly met")
    NOT_MET = "not_met", _("not met")
    POSTPONED = "postponed", _("postponed")
    DROPPED = "dropped", _("dropped")
    IN_PROGRESS = "in_progress", _("in progress")
    NOT_ASSESSED = "not_assessed", _("not assessed")


class Comparison(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    APPROXIMATELY = "approximately", _("approximately")
    RANGE = "range", _("range")


class Plan(TimeStampedModel):
    """A department plan (virksomhedsplan) or unit year plan for one unit and period."""

    key = models.SlugField(_("key"), max_length=100, unique=True, default=new_key)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.DEPARTMENT_PLAN
    )
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    focus_area_intro = models.TextField(_("introduction to the focus areas"), blank=True)
    follow_up_intro = models.TextField(_("introduction to the follow-up"), blank=True)
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        help_text=_("The approved plan this draft revises."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["unit__position", "-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plan_end_year_not_before_start_year",
            ),
            models.CheckConstraint(
                condition=Q(end_year__lte=F("start_year") + (MAX_PERIOD_YEARS - 1)),
                name="plan_period_at_most_four_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.unit})"

    def clean(self) -> None:
        super().clean()
        if self.start_year is not None and self.end_year is not None:
            problems = period_problems(self.start_year, self.end_year)
            if problems:
                raise as_validation_error(problems)

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def status_label(self) -> str:
        """The workflow status in words in the active language (core.models.choice_label)."""
        return choice_label(PlanStatus, self.status)


class Section(TimeStampedModel):
    """A narrative section of a plan, such as the introduction."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    highlights = models.JSONField(
        _("highlights"),
        default=list,
        blank=True,
        help_text=_("Short texts printed beside the section, one per item."),
    )
    organisation_chart = models.BooleanField(
        _("organisation chart"),
        default=False,
        db_default=False,
        help_text=_("Show the unit's organisation chart after the section's text."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title


class FocusArea(TimeStampedModel):
    """A focus area (indsatsområde), set once by a unit for a period and shared by plans."""

    key = models.SlugField(_("key"), max_length=100, unique=True, default=new_key)
    title = models.CharField(_("title"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    group = models.CharField(_("origin"), max_length=20, choices=FocusAreaGroup.choices, blank=True)
    set_by = models.ForeignKey(
        Unit,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focus_areas_set",
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    body = models.TextField(_("shared text"), blank=True, help_text=_("Markdown."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="focusarea_end_year_not_before_start_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.tagline}" if self.tagline else self.title


class PlanFocusArea(TimeStampedModel):
    """A focus area as included in one plan, with the plan's own text about it."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="plan_focus_areas"
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.PROTECT,
        related_name="plan_focus_areas",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    unit_text = models.TextField(
        _("what it means for the unit"), blank=True, help_text=_("Markdown.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    # Filled in by plans.selectors.plan_detail: the goals without a parent, in order.
    top_goals: list["Goal"]

    class Meta:
        verbose_name = _("focus area of a plan")
        verbose_name_plural = _("focus areas of plans")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "focus_area"], name="planfocusarea_once_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return str(self.focus_area)


class Goal(TimeStampedModel):
    """A goal (mål), "Vi vil ...", under a focus area of a plan; may have sub-goals."""

    key = models.SlugField(_("key"), max_length=100, unique=True, default=new_key)
    plan_focus_area = models.ForeignKey(
        PlanFocusArea,
        verbose_name=_("focus area"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subgoals",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    ref = models.CharField(
        pgettext_lazy("goal number", "number"),
        max_length=20,
        blank=True,
        help_text=_('The goal\'s number in the plan, such as "2" or "2.1".'),
    )
    statement = models.TextField(_("goal"))
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
    )
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text=_("The goal in an earlier plan that this goal carries on."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    # Filled in by plans.selectors when a plan or goal is loaded for reading.
    subgoal_list: list["Goal"]
    followup_rows: list[Any]
    current_status: Any
    """The goal's status as a whole (plans.goal_status.GoalStatus)."""

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan_focus_area", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="goal_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(continues=F("id")), name="goal_does_not_continue_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.statement}".strip()


class Criterion(TimeStampedModel):
    """A success criterion (dokumentation): what will be true when the goal is reached."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    comparison = models.CharField(
        _("comparison"), max_length=20, choices=Comparison.choices, blank=True
    )
    value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    value_max = models.DecimalField(
        _("upper target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")
        ordering = ["goal", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comparison="") | Q(value__isnull=False),
                name="criterion_target_has_value",
            ),
            models.CheckConstraint(
                condition=~Q(comparison="range")
                | (Q(value_max__isnull=False) & Q(value_max__gte=F("value"))),
                name="criterion_range_has_upper_value",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        problems = target_problems(
            comparison=self.comparison,
            value=self.value,
            value_max=self.value_max,
            baseline_value=self.baseline_value,
            baseline_year=self.baseline_year,
            target_year=self.target_year,
            target_date=self.target_date,
        )
        if problems:
            raise as_validation_error(problems)

    @property
    def has_target(self) -> bool:
        return bool(self.comparison)


class FollowUp(TimeStampedModel):
    """A follow-up (opfølgning): what happened, with an outcome status."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NOT_ASSESSED,
    )
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    criteria = models.ManyToManyField(
        Criterion,
        verbose_name=_("criteria"),
        blank=True,
        related_name="follow_ups",
        help_text=_("The goal's criteria this follow-up speaks about."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    # Filled in by plans.selectors: its criteria's ids, and their 0-based positions among
    # the goal's.
    criterion_ids: list[int]
    criterion_indexes: list[int]

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["goal", "position", "id"]
        # "Mine opgaver" asks, for every goal of a round, whether it has a follow-up dated on
        # or after the round's date: one index probe a goal instead of reading every follow-up.
        indexes = [models.Index(fields=["goal", "date"], name="plans_followup_goal_date")]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.text[:60]}"

    @property
    def status_label(self) -> str:
        """The status's label in the active language, as `get_status_display` gives it but
        without building every choice's label (a translation each) on each call: a plan
        page shows hundreds."""
        return choice_label(FollowUpStatus, self.status)


class PlanEvent(TimeStampedModel):
    """A step in a plan's workflow: who moved it from one status to another, and why."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PlanStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["plan", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class FollowUpRound(TimeStampedModel):
    """A follow-up round on a plan: started, worked through goal by goal, then finished."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="follow_up_rounds"
    )
    date = models.DateField(_("follow-up date"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finished by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["plan", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(finished_at__isnull=True),
                name="followupround_one_open_round_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.date}"

    @property
    def is_open(self) -> bool:
        return self.finished_at is None


# Two tables of this app are kept beside the code that uses them: a goal's status as a whole
# (plans.goal_status) and the search index (plans.search).
from .goal_status.models import GoalAssessment as GoalAssessment  # noqa: E402
from .search.models import SearchDocument as SearchDocument  # noqa: E402
from .search.models import SearchKind as SearchKind  # noqa: E402
