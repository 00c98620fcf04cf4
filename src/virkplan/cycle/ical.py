"""A unit's yearly cycle as an iCalendar feed (RFC 5545) that calendar programs subscribe to:
each activity one event repeating every year, all-day, from its start to its deadline."""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings

from .models import Activity

PRODUCT = "-//virkplan//årshjul//DA"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets go on over several, each continued after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def calendar_feed(*, name: str, activities: list[Activity], year: int, url: str) -> str:
    """The feed: one yearly event per activity, first in `year`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    host = settings.VIRKPLAN_BASE_URL.split("//", 1)[-1]
    for activity in activities:
        start: date = activity.start_in(year)
        end: date = activity.deadline_in(year) + timedelta(days=1)
        description = activity.description or activity.done_means
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            "RRULE:FREQ=YEARLY",
            f"SUMMARY:{_escape(activity.title)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
