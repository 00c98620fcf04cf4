"""My tasks lists the user's deadlines of the yearly cycle, due and overdue said in words."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from virkplan.cycle.models import Activity, ActivityKind
from virkplan.organisation.models import Role
from virkplan.plans import services

from .conftest import Town

pytestmark = pytest.mark.django_db


def _add(unit, kind, title, role, month, day) -> None:
    Activity.objects.create(unit=unit, kind=kind, title=title, role=role, month=month, day=day)


def _items(html: str) -> dict[str, str]:
    section = html.split('id="tasks-deadlines"', 1)[1].split("</section>", 1)[0]
    found = {}
    for item in re.findall(r"<li>(.*?)</li>", section, flags=re.S):
        title = re.search(r"<a [^>]*>([^<]*)</a>", item).group(1)
        badge = re.search(r'<span class="badge[^"]*">([^<]*)</span>', item)
        found[title] = badge.group(1) if badge else ""
    return found


def test_deadlines_are_marked_due_overdue_and_done_in_words(
    client, town: Town, monkeypatch
) -> None:
    unit = town.units["albertslund"]
    _add(unit, ActivityKind.DRAFT_PLAN, "Udkast", Role.EDITOR, 3, 1)
    _add(unit, ActivityKind.SUBMIT, "Indsend", Role.EDITOR, 6, 1)
    _add(unit, ActivityKind.FOLLOW_UP, "Halvår", Role.EDITOR, 6, 30)
    _add(unit, ActivityKind.FREE, "Seminar", Role.EDITOR, 9, 1)
    _add(unit, ActivityKind.APPROVE, "Godkend", Role.APPROVER, 6, 10)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 6, 25))
    client.force_login(town.people["editor"])
    html = client.get(reverse("web:my-tasks")).content.decode()
    assert _items(html) == {
        "Udkast": "Udført",  # the draft plan of 2026 exists
        "Indsend": "Forsinket",
        "Halvår": "Snart",
        "Seminar": "",
    }
    round_link = reverse("web:follow-up-round", args=[town.plan.key])
    assert f'href="{round_link}"' in html
    services.plan_transition(user=town.people["editor"], plan=town.plan, to_status="submitted")
    html = client.get(reverse("web:my-tasks")).content.decode()
    assert _items(html)["Indsend"] == "Udført"


def test_the_deadlines_are_in_danish_by_default(client, town: Town, monkeypatch) -> None:
    _add(town.units["miljo-teknik"], ActivityKind.APPROVE, "Godkend", Role.APPROVER, 6, 30)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 7, 2))
    client.force_login(town.people["approver"])
    html = client.get(reverse("web:my-tasks"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Frister" in html
    assert _items(html) == {"Godkend": "Forsinket"}


def test_a_user_without_deadlines_sees_no_list(client, town: Town) -> None:
    _add(town.units["miljo-teknik"], ActivityKind.APPROVE, "Godkend", Role.APPROVER, 6, 30)
    client.force_login(town.people["culture editor"])
    html = client.get(reverse("web:my-tasks")).content.decode()
    assert 'id="tasks-deadlines"' not in html


def test_a_users_deadlines_take_the_same_queries_for_more_units_and_activities(
    town: Town, django_assert_num_queries
) -> None:
    from virkplan.cycle.selectors import deadlines_for
    from virkplan.organisation.models import RoleGrant, Unit, UnitKind

    editor = town.people["editor"]
    department = town.units["miljo-teknik"]

    def grow(n: int) -> None:
        """n more teams under the department, the editor granted on each, each with its own
        activities beside those it inherits."""
        for i in range(n):
            team = Unit.objects.create(
                key=f"team-{Unit.objects.count()}",
                name=f"Team {i}",
                kind=UnitKind.TEAM,
                parent=department,
            )
            RoleGrant.objects.create(user=editor, unit=team, role=Role.EDITOR)
            _add(team, ActivityKind.FOLLOW_UP, f"Opfølgning {i}", Role.EDITOR, 6, 30)
            _add(team, ActivityKind.SUBMIT, f"Indsend {i}", Role.EDITOR, 11, 30)

    _add(department, ActivityKind.APPROVE, "Godkend", Role.EDITOR, 12, 15)
    grow(2)
    # the unit tree and the grants (the user's roles), the activities, the units, their
    # plans, their finished rounds
    fresh = User.objects.get(pk=editor.pk)
    with django_assert_num_queries(6):
        few = deadlines_for(user=fresh, on=date(2026, 6, 1))
    grow(8)
    fresh = User.objects.get(pk=editor.pk)
    with django_assert_num_queries(6):
        many = deadlines_for(user=fresh, on=date(2026, 6, 1))
    assert len(many) > len(few) > 0
