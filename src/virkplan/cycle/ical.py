"""A unit's yearly cycle as an iCalendar feed (RFC 5545) that calendar programs subscribe to:
each activity one event repeating every year, all-day, from its start to its deadline."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Activity
from .selectors import Deadline, DeadlineState, Occurrence

PRODUCT = "-//virkplan//årshjul//DA"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _host() -> str:
    return settings.VIRKPLAN_BASE_URL.split("//", 1)[-1].rstrip("/")


def state_label(state: str) -> str:
    """The state as the lists name it."""
    return {
        DeadlineState.DONE: _("Done"),
        DeadlineState.OVERDUE: _("Overdue"),
        DeadlineState.DUE: _("Due soon"),
        DeadlineState.LATER: _("Not yet due"),
    }[state]


def deadline_feed(
    *, name: str, deadlines: list[Deadline], link: Callable[[Occurrence], str]
) -> str:
    """A user's deadlines as a feed: one all-day event per occurrence, from its start to its
    deadline, its state (done, overdue) in its title and its link to where the work is done."""
    calendar = _calendar(name)
    stamp = datetime.now(UTC)
    host = _host()
    for deadline in deadlines:
        item = deadline.occurrence
        activity = item.activity
        title = _("%(activity)s: %(unit)s") % {"activity": activity.title, "unit": item.unit.name}
        if deadline.state in (DeadlineState.DONE, DeadlineState.OVERDUE):
            title = f"{title} ({state_label(deadline.state).lower()})"
        url = link(item)
        event = Event()
        event.add("uid", f"deadline-{activity.pk}-{item.unit.pk}-{item.year}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        # All-day events end on the day after their last
        event.add("dtend", item.deadline + timedelta(days=1))
        event.add("summary", title)
        lines = [
            state_label(deadline.state),
            _("Done when %(means)s.") % {"means": activity.done_means},
        ]
        if activity.description:
            lines.append(activity.description)
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("categories", [state_label(deadline.state)])
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode()


def calendar_feed(*, name: str, activities: list[Activity], year: int, url: str) -> str:
    """The feed: one yearly event per activity, first in `year`."""
    calendar = _calendar(name)
    stamp = datetime.now(UTC)
    host = settings.VIRKPLAN_BASE_URL.split("//", 1)[-1]
    for activity in activities:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", activity.start_in(year))
        # All-day events end on the day after their last
        event.add("dtend", activity.deadline_in(year) + timedelta(days=1))
        event.add("rrule", {"freq": "yearly"})
        event.add("summary", activity.title)
        event.add("description", activity.description or activity.done_means)
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode()
