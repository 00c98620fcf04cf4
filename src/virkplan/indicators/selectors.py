"""Reads of indicators that pages, documents and the API share, with their prefetching."""

from django.db.models import Prefetch, QuerySet

from virkplan.organisation.permissions import Actor
from virkplan.plans.models import Criterion
from virkplan.plans.permissions import PUBLIC_STATUSES

from .models import CriterionIndicator, Indicator, Measurement
from .progress import Progress, progress_of

LINKS = Prefetch(
    "criterion_links",
    queryset=CriterionIndicator.objects.select_related(
        "criterion__goal__plan_focus_area__plan__unit"
    ).order_by("-criterion__goal__plan_focus_area__plan__start_year", "criterion_id"),
)


def indicators_visible_to(*, user: Actor | None) -> QuerySet[Indicator]:
    """Every indicator for a signed-in user; for others those measuring a published criterion."""
    indicators = Indicator.objects.select_related("unit")
    if getattr(user, "is_authenticated", False):
        return indicators
    published = CriterionIndicator.objects.filter(
        criterion__goal__plan_focus_area__plan__status__in=PUBLIC_STATUSES
    ).values("indicator_id")
    return indicators.filter(pk__in=published)


def indicator_list(*, user: Actor | None) -> list[Indicator]:
    """The indicators with their latest measurement each (`latest_list`)."""
    indicators = list(indicators_visible_to(user=user).select_related("unit"))
    latest: dict[int, Measurement] = {}
    measurements = Measurement.objects.filter(indicator__in=indicators).order_by(
        "indicator_id", "period_end", "period_start", "id"
    )
    for measurement in measurements:
        latest[measurement.indicator_id] = measurement
    for indicator in indicators:
        indicator.latest_list = [latest[indicator.pk]] if indicator.pk in latest else []  # type: ignore[attr-defined]
    return indicators


def measurements_of(indicator: Indicator) -> list[Measurement]:
    """The indicator's measurements in date order, with who recorded them."""
    return list(
        Measurement.objects.filter(indicator=indicator)
        .select_related("recorded_by")
        .order_by("period_end", "period_start", "id")
    )


def indicator_detail(*, user: Actor | None, key: str) -> Indicator:
    """The indicator with its criteria; raises Indicator.DoesNotExist."""
    return indicators_visible_to(user=user).prefetch_related(LINKS).get(key=key)


def indicator_progress(indicator: Indicator, measurements: list[Measurement]) -> list[Progress]:
    """The progress of every criterion the indicator measures (prefetched links)."""
    return [
        progress_of(link.criterion, indicator, measurements)
        for link in indicator.criterion_links.all()
    ]


def criteria_progress(criteria: list[Criterion]) -> dict[int, Progress]:
    """The progress of each of these criteria an indicator measures, by criterion id, in two
    queries however many there are."""
    links = list(
        CriterionIndicator.objects.filter(criterion__in=[c.pk for c in criteria]).select_related(
            "indicator__unit"
        )
    )
    if not links:
        return {}
    by_indicator: dict[int, list[Measurement]] = {}
    for measurement in Measurement.objects.filter(
        indicator_id__in={link.indicator_id for link in links}
    ).order_by("period_end", "period_start", "id"):
        by_indicator.setdefault(measurement.indicator_id, []).append(measurement)
    criteria_by_id = {c.pk: c for c in criteria}
    return {
        link.criterion_id: progress_of(
            criteria_by_id[link.criterion_id],
            link.indicator,
            by_indicator.get(link.indicator_id, []),
        )
        for link in links
    }


def linkable_criteria(*, unit_ids: set[int] | None) -> QuerySet[Criterion]:
    """Criteria with a target in plans of these units (None: every unit), newest plans first."""
    criteria = Criterion.objects.filter(value__isnull=False).select_related(
        "goal__plan_focus_area__plan__unit"
    )
    if unit_ids is not None:
        criteria = criteria.filter(goal__plan_focus_area__plan__unit_id__in=unit_ids)
    return criteria.order_by(
        "-goal__plan_focus_area__plan__start_year",
        "goal__plan_focus_area__plan__title",
        "goal__plan_focus_area__position",
        "goal__position",
        "position",
        "id",
    )
