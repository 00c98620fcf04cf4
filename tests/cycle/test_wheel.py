"""The wheel at /aarshjul/ with its list, and each unit's iCalendar feed."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from virkplan.cycle.models import Activity, ActivityKind
from virkplan.organisation.models import Role

from .conftest import Town

pytestmark = pytest.mark.django_db


def _add(unit, title, month, day, **more) -> Activity:
    return Activity.objects.create(
        unit=unit,
        kind=more.pop("kind", ActivityKind.FREE),
        title=title,
        role=Role.EDITOR,
        month=month,
        day=day,
        **more,
    )


def test_the_wheel_shows_the_units_cycle_with_a_list_in_words(
    client, town: Town, monkeypatch
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 6, 25))
    _add(town.units["albertslund"], "Budget <& seminar>", 3, 1)
    _add(town.units["miljo-teknik"], "Halvår", 6, 30, kind=ActivityKind.FOLLOW_UP)
    _add(town.units["kultur"], "Kulturnat", 10, 9)
    html = client.get(reverse("web:cycle") + "?enhed=miljo-teknik").content.decode()
    svg = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="vp-wheel-svg"', 1)[1].split(
        "</svg>", 1
    )[0]
    assert svg.count("<path") == 12
    assert "Budget &lt;&amp; seminar&gt;" in svg and "<&" not in svg
    assert "Kulturnat" not in html
    listed = html.split('class="vp-wheel-list"', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", listed, re.S)
    assert [re.sub(r"<[^>]+>|\s+", " ", i).split()[0] for i in items] == ["Budget", "Halvår"]
    assert "Forsinket" in items[0] and "Snart" in items[1]
    # The municipality's own cycle without a unit chosen
    top = client.get(reverse("web:cycle")).content.decode()
    assert "Budget" in top and "Halvår" not in top
    assert client.get(reverse("web:cycle") + "?enhed=ingen").status_code == 404


def test_the_calendar_feed_repeats_each_activity_every_year(client, town: Town) -> None:
    _add(town.units["albertslund"], "Budget, seminar; dag", 3, 1)
    _add(town.units["miljo-teknik"], "Udkast", 11, 15, start_month=9, start_day=1)
    response = client.get(reverse("web:cycle-calendar", args=["forsyning"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "X-WR-CALNAME:Forsyning: årshjul\r\n" in text
    assert text.count("BEGIN:VEVENT") == 2
    assert text.count("RRULE:FREQ=YEARLY") == 2
    assert "SUMMARY:Budget\\, seminar\\; dag" in text
    year = timezone.localdate().year
    assert f"DTSTART;VALUE=DATE:{year}0901" in text
    assert f"DTEND;VALUE=DATE:{year}1116" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert client.get(reverse("web:cycle-calendar", args=["ingen"])).status_code == 404
