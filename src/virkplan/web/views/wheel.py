"""The yearly cycle (årshjul) of the municipality or a unit: the wheel with its list beside
it (templates/web/cycle/wheel.html), and each unit's iCalendar feed. Open to everyone, like
the published plans: the cycle says when, not what."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from virkplan.cycle.ical import calendar_feed
from virkplan.cycle.selectors import activities_of, unit_occurrences
from virkplan.cycle.wheel import wheel
from virkplan.notifications.mail import absolute
from virkplan.organisation.models import Unit


def _top_unit() -> Unit:
    unit = Unit.objects.filter(parent__isnull=True).order_by("position", "name").first()
    if unit is None:
        raise Http404
    return unit


def cycle_page(request: HttpRequest) -> HttpResponse:
    """The wheel of a unit's cycle this year (`?enhed=KEY`; the municipality without one)."""
    key = request.GET.get("enhed", "")
    unit = get_object_or_404(Unit, key=key) if key else _top_unit()
    today = timezone.localdate()
    occurrences = unit_occurrences(unit=unit, year=today.year)
    context = {
        "unit": unit,
        "year": today.year,
        "wheel": wheel(occurrences, today.year, today),
        "units": list(Unit.objects.order_by("position", "name").only("key", "name")),
        "feed_url": absolute(reverse("web:cycle-calendar", args=[unit.key])),
    }
    return render(request, "web/cycle/wheel.html", context)


def cycle_calendar(request: HttpRequest, key: str) -> HttpResponse:
    """The unit's cycle as an iCalendar feed, each activity repeating every year."""
    unit = get_object_or_404(Unit, key=key)
    feed = calendar_feed(
        name=_("%(unit)s: yearly cycle") % {"unit": unit.name},
        activities=activities_of(unit_id=unit.pk),
        year=timezone.localdate().year,
        url=absolute(reverse("web:cycle") + f"?enhed={unit.key}"),
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="aarshjul-{unit.key}.ics"'
    return response


urlpatterns: list[URLPattern] = [
    path("aarshjul/", cycle_page, name="cycle"),
    path("aarshjul/<slug:key>.ics", cycle_calendar, name="cycle-calendar"),
]
