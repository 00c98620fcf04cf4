"""The yearly cycle as a timeline: the year's months in order, each with its activities by
deadline and, in the current month, today in its place among them. Laid out here, drawn by
`web/cycle/timeline.html` as lists, so it reads the same without styles or JavaScript."""

from dataclasses import dataclass
from datetime import date

from django.utils.dates import MONTHS

from .selectors import Occurrence


@dataclass(frozen=True)
class TimelineEntry:
    """An activity at its deadline, or (without one) today's mark."""

    day: date
    occurrence: Occurrence | None = None
    state: str = ""

    @property
    def is_today(self) -> bool:
        return self.occurrence is None


@dataclass(frozen=True)
class TimelineMonth:
    number: int
    name: str
    entries: list[TimelineEntry]
    is_current: bool
    is_past: bool

    @property
    def activities(self) -> int:
        return sum(1 for entry in self.entries if not entry.is_today)


def timeline(occurrences: list[Occurrence], year: int, on: date) -> list[TimelineMonth]:
    """The twelve months of the year, each with its occurrences by deadline (states as on the
    day), today's mark before the first deadline after it when the day is in the year."""
    months = []
    for number in range(1, 13):
        found = sorted(
            (o for o in occurrences if o.deadline.year == year and o.deadline.month == number),
            key=lambda o: (o.deadline, o.activity.title),
        )
        entries = [TimelineEntry(o.deadline, o, o.state(on)) for o in found]
        current = on.year == year and on.month == number
        if current:
            before = sum(1 for entry in entries if entry.day < on)
            entries.insert(before, TimelineEntry(on))
        months.append(
            TimelineMonth(
                number=number,
                name=str(MONTHS[number]),
                entries=entries,
                is_current=current,
                is_past=(year, number) < (on.year, on.month),
            )
        )
    return months
