"""The yearly cycle (årshjul) of the municipality or a unit: the wheel with its list beside
it (templates/web/cycle/wheel.html), the timeline (timeline.html), and each unit's
iCalendar feed. Open to everyone, like the published plans: the cycle says when, not what.

A user's own deadlines come as a feed at a secret address that calendar programs fetch
without signing in (`my_calendar`); the user makes and stops it on the page of their
notifications by e-mail."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from virkplan.cycle import services
from virkplan.cycle.ical import calendar_feed, deadline_feed
from virkplan.cycle.selectors import (
    Deadline,
    activities_of,
    calendar_address_owner,
    deadlines_for,
    unit_occurrences,
)
from virkplan.cycle.timeline import timeline
from virkplan.cycle.wheel import wheel
from virkplan.notifications.mail import absolute
from virkplan.notifications.selectors import preference_of
from virkplan.organisation.models import Unit

from ..http import signed_in

# The session key under which a new calendar address waits to be shown, once.
NEW_ADDRESS = "virkplan_new_calendar_address"


def _top_unit() -> Unit:
    unit = Unit.objects.filter(parent__isnull=True).order_by("position", "name").first()
    if unit is None:
        raise Http404
    return unit


def _cycle_context(request: HttpRequest, view: str) -> dict:
    """What both views of a unit's cycle show (`?enhed=KEY`; the municipality without one)."""
    key = request.GET.get("enhed", "")
    unit = get_object_or_404(Unit, key=key) if key else _top_unit()
    today = timezone.localdate()
    return {
        "unit": unit,
        "year": today.year,
        "today": today,
        "view": view,
        "occurrences": unit_occurrences(unit=unit, year=today.year),
        "units": list(Unit.objects.order_by("position", "name").only("key", "name")),
        "feed_url": absolute(reverse("web:cycle-calendar", args=[unit.key])),
    }


def cycle_page(request: HttpRequest) -> HttpResponse:
    """The wheel of a unit's cycle this year, with the list of its activities beside it."""
    context = _cycle_context(request, "cycle")
    context["wheel"] = wheel(context["occurrences"], context["year"], context["today"])
    return render(request, "web/cycle/wheel.html", context)


def cycle_timeline(request: HttpRequest) -> HttpResponse:
    """The unit's cycle this year as a timeline: month by month, today marked."""
    context = _cycle_context(request, "cycle-timeline")
    context["months"] = timeline(context["occurrences"], context["year"], context["today"])
    return render(request, "web/cycle/timeline.html", context)


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


def my_calendar(request: HttpRequest, secret: str) -> HttpResponse:
    """The deadlines of the user whose secret address this is, as an iCalendar feed: last
    year's, this year's and next year's, done or overdue as of today, each linking to where
    the work is done, in the language the user chose for their e-mails. A wrong or revoked
    address is not found."""
    user = calendar_address_owner(secret=secret)
    if user is None:
        raise Http404
    today = timezone.localdate()
    found = deadlines_for(user=user, on=today, years=[today.year - 1, today.year, today.year + 1])
    with translation.override(preference_of(user=user).language):
        feed = deadline_feed(
            name=_("virkplan: my deadlines"),
            deadlines=[Deadline(o, o.state(today)) for o in found],
            link=lambda o: absolute(o.path),
        )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mine-frister.ics"'
    # The address is the key: never kept by a shared cache, never indexed
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@signed_in
@require_POST
def calendar_address_renew(request: HttpRequest) -> HttpResponse:
    """A new secret address of the user's deadlines, shown once; the old one stops working."""
    issued = services.calendar_address_renew(user=request.user)
    request.session[NEW_ADDRESS] = absolute(reverse("web:my-calendar", args=[issued.secret]))
    messages.success(
        request, _("Your new calendar address is made. Any address you had before is stopped.")
    )
    return redirect(reverse("web:notification-preferences") + "#calendar")


@signed_in
@require_POST
def calendar_address_stop(request: HttpRequest) -> HttpResponse:
    """Stop the user's calendar address: calendars that subscribe to it get nothing more."""
    if services.calendar_address_revoke(user=request.user):
        messages.success(request, _("Your calendar address is stopped."))
    return redirect(reverse("web:notification-preferences") + "#calendar")


def new_calendar_address(request: HttpRequest) -> str | None:
    """The address just made, to be shown this once."""
    return request.session.pop(NEW_ADDRESS, None)


urlpatterns: list[URLPattern] = [
    path("aarshjul/", cycle_page, name="cycle"),
    path("aarshjul/tidslinje/", cycle_timeline, name="cycle-timeline"),
    path("aarshjul/<slug:key>.ics", cycle_calendar, name="cycle-calendar"),
    path("aarshjul/mine-frister/<slug:secret>.ics", my_calendar, name="my-calendar"),
    path("aarshjul/kalenderadresse/ny/", calendar_address_renew, name="calendar-address-renew"),
    path("aarshjul/kalenderadresse/luk/", calendar_address_stop, name="calendar-address-stop"),
]
