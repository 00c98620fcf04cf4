"""A unit's yearly cycle as an iCalendar feed (RFC 5545) that calendar programs subscribe to:
each activity one event repeating every year, all-day, from its start to its deadline."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from icalendar import Calendar, Event

from .models import Activity

PRODUCT = "-//virkplan//årshjul//DA"


def calendar_feed(*, name: str, activities: list[Activity], year: int, url: str) -> str:
    """The feed: one yearly event per activity, first in `year`."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
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
