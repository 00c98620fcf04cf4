"""Indicators (nøgletal): measured series such as energy use or case processing time, and the
success criteria they measure."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from virkplan.core.models import TimeStampedModel
from virkplan.organisation.models import Unit
from virkplan.plans.models import Criterion


def new_key() -> str:
    return uuid.uuid4().hex


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Source(models.TextChoices):
    ENTERED = "entered", _("entered by hand")
    UPLOADED = "uploaded", _("uploaded from a file")
    PUSHED = "pushed", _("pushed by another system")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("half-yearly")
    YEARLY = "yearly", _("yearly")
    IRREGULAR = "irregular", _("irregular")


class Indicator(TimeStampedModel):
    """A measured quantity a unit follows, such as energy use in MWh, measured again and again."""

    key = models.SlugField(_("key"), max_length=100, unique=True, default=new_key)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="indicators"
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def lower_is_better(self) -> bool:
        return self.direction == Direction.LOWER


class Measurement(TimeStampedModel):
    """A value of an indicator for a day (start and end the same) or a period."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period_end", "period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                name="measurement_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="measurement_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"


class CriterionIndicator(TimeStampedModel):
    """A success criterion measured by an indicator: its baseline and target meet the series."""

    criterion = models.OneToOneField(
        Criterion,
        verbose_name=_("success criterion"),
        on_delete=models.CASCADE,
        related_name="indicator_link",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="criterion_links",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion measured by an indicator")
        verbose_name_plural = _("criteria measured by indicators")
        ordering = ["indicator", "criterion"]

    def __str__(self) -> str:
        return f"{self.criterion} ← {self.indicator}"
