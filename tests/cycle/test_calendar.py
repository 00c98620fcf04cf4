"""A user's own deadlines as a calendar feed at a secret address, and the cycle's timeline."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from virkplan.cycle import services as cycle_services
from virkplan.cycle.models import Activity, ActivityKind, CalendarFeedToken
from virkplan.cycle.selectors import calendar_address_owner
from virkplan.notifications.services import notification_preference_update
from virkplan.organisation.models import Role
from virkplan.plans import services

from .conftest import Town

pytestmark = pytest.mark.django_db


def _add(unit, kind, title, role, month, day, **more) -> Activity:
    made = Activity(unit=unit, kind=kind, title=title, role=role, month=month, day=day, **more)
    made.full_clean()
    made.save()
    return made


@pytest.fixture
def july(monkeypatch) -> date:
    today = date(2026, 7, 2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    return today


def _address(client, user: User) -> str:
    """Make the user's address on their settings page, as they would, and read it there."""
    client.force_login(user)
    response = client.post(reverse("web:calendar-address-renew"))
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    start = html.index('id="calendar-address"')
    value = html[html.index('value="', start) + 7 :]
    client.logout()
    return value[: value.index('"')]


def _events(body: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(body)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_a_users_feed_has_their_deadlines_with_state_and_link_without_signing_in(
    client, town: Town, july
) -> None:
    # Given the municipality's half-year follow-up, inherited by every unit, and an approval;
    # the department's plan published and its round finished
    _add(town.units["albertslund"], ActivityKind.FOLLOW_UP, "Halvår", Role.EDITOR, 6, 30)
    _add(town.units["albertslund"], ActivityKind.APPROVE, "Godkend", Role.APPROVER, 12, 15)
    for step, who in (("submitted", "editor"), ("approved", "approver"), ("published", "approver")):
        services.plan_transition(user=town.people[who], plan=town.plan, to_status=step)
        town.plan.refresh_from_db()
    round = services.follow_up_round_start(
        user=town.people["editor"], plan=town.plan, on=date(2026, 6, 25)
    )
    services.follow_up_round_finish(user=town.people["editor"], round=round)
    # and the department's editor, who has made their calendar address
    url = _address(client, town.people["editor"])
    assert url.startswith("http") and "/aarshjul/mine-frister/" in url

    # When a calendar program fetches it, signed in as nobody
    response = client.get(url[url.index("/aarshjul/") :])

    # Then it is an iCalendar feed of their deadlines, the inherited unit's too
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    events = _events(response.content)
    this_year = {s for s, e in events.items() if e.decoded("dtstart").year == 2026}
    assert this_year == {"Halvår: Miljø & Teknik (udført)", "Halvår: Forsyning (forsinket)"}
    assert not any("Godkend" in summary for summary in events)  # the approver's, not theirs
    done = events["Halvår: Miljø & Teknik (udført)"]
    assert done.decoded("dtend") == date(2026, 7, 1)
    assert str(done["url"]).endswith(reverse("web:follow-up-round", args=[town.plan.key]))
    late = events["Halvår: Forsyning (forsinket)"]
    assert str(late["url"]).endswith(reverse("web:unit", args=["forsyning"]))
    # and last year's and next year's occurrences are there to subscribe to
    years = {e.decoded("dtstart").year for e in events.values()}
    assert years == {2025, 2026, 2027}


def test_the_feed_speaks_the_language_the_user_chose(client, town: Town, july) -> None:
    _add(town.units["forsyning"], ActivityKind.FREE, "Værkstedsdag", Role.EDITOR, 4, 1)
    user = town.people["unit editor"]
    notification_preference_update(user=user, emailed_kinds=[], language="en")
    url = _address(client, user)
    events = _events(client.get(url[url.index("/aarshjul/") :]).content)
    assert "Værkstedsdag: Forsyning" in {s.split(" (")[0] for s in events}
    assert "Overdue" in str(events["Værkstedsdag: Forsyning (overdue)"]["description"])


def test_a_new_address_stops_the_old_one_and_a_wrong_one_is_not_found(
    client, town: Town, july
) -> None:
    user = town.people["approver"]
    old = _address(client, user)
    new = _address(client, user)
    path = lambda url: url[url.index("/aarshjul/") :]  # noqa: E731
    assert client.get(path(old)).status_code == 404
    assert client.get(path(new)).status_code == 200
    assert client.get(path(new).replace(new[-10:-4], "aaaaaa")).status_code == 404
    # Only the hash is kept, and one address works at a time
    assert CalendarFeedToken.objects.filter(user=user).count() == 2
    assert CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
    secret = path(new).rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeedToken.objects.filter(hashed__contains=secret).exists()
    # The settings page no longer shows it, only that there is one
    client.force_login(user)
    html = client.get(reverse("web:notification-preferences")).content.decode()
    assert secret not in html
    assert "Lav en ny adresse" in html
    # Stopped, it finds nothing; and a user who is no longer active has no feed
    client.post(reverse("web:calendar-address-stop"))
    assert client.get(path(new)).status_code == 404
    issued = cycle_services.calendar_address_renew(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert calendar_address_owner(secret=issued.secret) is None


def test_the_timeline_lists_the_year_by_month_with_today_marked(client, town: Town, july) -> None:
    # Given the department's cycle: a follow-up passed without a round, a later approval
    _add(town.units["albertslund"], ActivityKind.FOLLOW_UP, "Halvår", Role.EDITOR, 6, 30)
    _add(town.units["miljo-teknik"], ActivityKind.FREE, "Seminar", Role.EDITOR, 7, 20)
    _add(town.units["albertslund"], ActivityKind.APPROVE, "Godkend", Role.APPROVER, 12, 15)
    # When anyone opens its timeline
    url = reverse("web:cycle-timeline") + "?enhed=miljo-teknik"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    # Then the activities come in date order, in their months, today between them
    order = [html.index(text) for text in ("Halvår", "I dag", "Seminar", "Godkend")]
    assert order == sorted(order)
    june = html[html.index('id="maaned-6"') : html.index('id="maaned-7"')]
    assert "Halvår" in june and "badge-error" in june and "Forsinket" in june
    assert '<time datetime="2026-07-02">' in html
    assert html.count('<li class="vp-timeline-month') == 12
    # and the tabs lead between the wheel and the timeline, the timeline current
    assert 'aria-current="page"><span>Tidslinje</span>' in html
    assert f'href="{reverse("web:cycle")}?enhed=miljo-teknik"' in html


def test_the_menu_leads_everybody_to_the_yearly_cycle(client, town: Town) -> None:
    html = client.get(reverse("web:front"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert f'href="{reverse("web:cycle")}" class="nav-link"' in html
    assert "Årshjul" in html
    # and the cycle leads a signed-in user, not a visitor, to their own calendar address
    own = f'href="{reverse("web:notification-preferences")}#calendar"'
    assert own not in client.get(reverse("web:cycle")).content.decode()
    client.force_login(town.people["editor"])
    for name in ("web:cycle", "web:cycle-timeline"):
        assert own in client.get(reverse(name)).content.decode()


def test_the_feed_takes_the_same_queries_for_more_units_under_the_users_own(
    client, town: Town, july, django_assert_num_queries
) -> None:
    from virkplan.organisation.models import Unit, UnitKind

    # Given the department's editor's address, and teams under the department (theirs by
    # inheritance), each with an activity of its own
    path = _address(client, town.people["editor"])
    path = path[path.index("/aarshjul/") :]

    def grow(n: int) -> None:
        for i in range(n):
            team = Unit.objects.create(
                key=f"team-{Unit.objects.count()}",
                name=f"Team {i}",
                kind=UnitKind.TEAM,
                parent=town.units["miljo-teknik"],
            )
            _add(team, ActivityKind.SUBMIT, f"Indsend {i}", Role.EDITOR, 11, 30)

    grow(2)
    # the address, the user's choice of language, then the deadlines (the unit tree, the
    # grants, the activities, the units, their plans, their finished rounds)
    with django_assert_num_queries(8):
        few = client.get(path).content
    grow(8)
    with django_assert_num_queries(8):
        many = client.get(path).content
    count = lambda body: len(Calendar.from_ical(body).walk("VEVENT"))  # noqa: E731
    assert count(many) == count(few) + 8 * 3 > 8 * 3  # three years of each
