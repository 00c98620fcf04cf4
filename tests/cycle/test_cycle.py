"""The yearly cycle: inherited down the tree, done when the plans show it, due and overdue."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from virkplan.cycle.models import Activity, ActivityKind
from virkplan.cycle.selectors import DeadlineState, activities_of, deadlines_for, unit_occurrences
from virkplan.demo.services import demo_cycle_create
from virkplan.organisation.models import Role
from virkplan.plans import services
from virkplan.plans.models import PlanStatus

from .conftest import Town

pytestmark = pytest.mark.django_db


def activity(unit, kind, title, role, month, day, **more) -> Activity:
    made = Activity(unit=unit, kind=kind, title=title, role=role, month=month, day=day, **more)
    made.full_clean()
    made.save()
    return made


def test_a_unit_has_its_parents_activities_and_its_own(town: Town) -> None:
    activity(town.units["albertslund"], ActivityKind.APPROVE, "Godkend", Role.APPROVER, 12, 15)
    activity(town.units["miljo-teknik"], ActivityKind.FREE, "Seminar", Role.EDITOR, 3, 1)
    activity(town.units["forsyning"], ActivityKind.FREE, "Værkstedsdag", Role.EDITOR, 4, 1)
    titles = lambda key: {a.title for a in activities_of(unit_id=town.units[key].pk)}  # noqa: E731
    assert titles("forsyning") == {"Godkend", "Seminar", "Værkstedsdag"}
    assert titles("miljo-teknik") == {"Godkend", "Seminar"}
    assert titles("kultur") == {"Godkend"}


def test_a_date_that_is_no_day_is_refused_naming_the_field(town: Town) -> None:
    with pytest.raises(ValidationError) as caught:
        activity(town.units["albertslund"], ActivityKind.FREE, "X", Role.EDITOR, 2, 30)
    assert "day" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        activity(
            town.units["albertslund"],
            ActivityKind.FREE,
            "X",
            Role.EDITOR,
            3,
            1,
            start_month=5,
            start_day=1,
        )
    assert "start_month" in caught.value.message_dict
    assert not Activity.objects.exists()


def test_29_february_falls_on_the_28th_in_a_common_year(town: Town) -> None:
    leap = activity(town.units["albertslund"], ActivityKind.FREE, "Skud", Role.EDITOR, 2, 29)
    assert leap.deadline_in(2028) == date(2028, 2, 29)
    assert leap.deadline_in(2026) == date(2026, 2, 28)


def _state(town: Town, title: str, on: date, year: int = 2026) -> str:
    found = [
        o
        for o in unit_occurrences(unit=town.units["miljo-teknik"], year=year)
        if o.activity.title == title
    ]
    assert len(found) == 1
    return found[0].state(on, due_within=7)


def test_plan_activities_are_done_when_the_plan_moves(town: Town) -> None:
    unit = town.units["miljo-teknik"]
    activity(unit, ActivityKind.SUBMIT, "Indsend", Role.EDITOR, 11, 30)
    activity(unit, ActivityKind.APPROVE, "Godkend", Role.APPROVER, 12, 15)
    activity(unit, ActivityKind.PUBLISH, "Offentliggør", Role.APPROVER, 12, 31)
    on = date(2026, 12, 10)
    assert _state(town, "Indsend", date(2026, 11, 1)) == DeadlineState.LATER
    assert _state(town, "Indsend", on) == DeadlineState.OVERDUE
    assert _state(town, "Godkend", on) == DeadlineState.DUE
    services.plan_transition(user=town.people["editor"], plan=town.plan, to_status="submitted")
    assert _state(town, "Indsend", on) == DeadlineState.DONE
    assert _state(town, "Godkend", date(2026, 12, 16)) == DeadlineState.OVERDUE
    town.plan.refresh_from_db()
    services.plan_transition(user=town.people["approver"], plan=town.plan, to_status="approved")
    assert _state(town, "Godkend", date(2026, 12, 16)) == DeadlineState.DONE
    assert _state(town, "Offentliggør", on) == DeadlineState.LATER
    town.plan.refresh_from_db()
    services.plan_transition(user=town.people["approver"], plan=town.plan, to_status="published")
    assert _state(town, "Offentliggør", date(2027, 1, 5)) == DeadlineState.DONE
    # Another year's plan is not this year's: 2027 has none.
    assert _state(town, "Godkend", date(2027, 12, 16), year=2027) == DeadlineState.OVERDUE


def test_the_autumn_draft_concerns_next_years_plan(town: Town) -> None:
    unit = town.units["miljo-teknik"]
    activity(unit, ActivityKind.DRAFT_PLAN, "Udkast", Role.EDITOR, 11, 15, plan_year_offset=1)
    assert _state(town, "Udkast", date(2025, 11, 16), year=2025) == DeadlineState.DONE
    assert _state(town, "Udkast", date(2026, 11, 16)) == DeadlineState.OVERDUE


def test_a_follow_up_round_counts_for_the_deadline_near_its_date(town: Town) -> None:
    unit = town.units["miljo-teknik"]
    activity(unit, ActivityKind.FOLLOW_UP, "Halvår", Role.EDITOR, 6, 30)
    activity(unit, ActivityKind.FOLLOW_UP, "Årsafslutning", Role.EDITOR, 12, 31)
    for step, who in (("submitted", "editor"), ("approved", "approver"), ("published", "approver")):
        services.plan_transition(user=town.people[who], plan=town.plan, to_status=step)
        town.plan.refresh_from_db()
    assert town.plan.status == PlanStatus.PUBLISHED
    round = services.follow_up_round_start(
        user=town.people["editor"], plan=town.plan, on=date(2026, 6, 25)
    )
    assert _state(town, "Halvår", date(2026, 7, 1)) == DeadlineState.OVERDUE  # open, not done
    services.follow_up_round_finish(user=town.people["editor"], round=round)
    assert _state(town, "Halvår", date(2026, 7, 1)) == DeadlineState.DONE
    assert _state(town, "Årsafslutning", date(2026, 12, 28)) == DeadlineState.DUE


def test_a_users_deadlines_are_those_of_their_role_on_their_units(town: Town) -> None:
    # Given activities of the municipality, inherited by every unit, and one of a unit
    activity(town.units["albertslund"], ActivityKind.APPROVE, "Godkend", Role.APPROVER, 12, 15)
    activity(town.units["albertslund"], ActivityKind.SUBMIT, "Indsend", Role.EDITOR, 11, 30)
    activity(town.units["forsyning"], ActivityKind.FREE, "Værkstedsdag", Role.EDITOR, 4, 1)
    on = date(2026, 12, 1)

    def seen(who: str) -> set[tuple[str, str]]:
        return {(o.activity.title, o.unit.key) for o in deadlines_for(user=town.people[who], on=on)}

    # Then a role granted on the department holds for the units under it, as permissions do
    assert seen("approver") == {("Godkend", "miljo-teknik"), ("Godkend", "forsyning")}
    assert seen("editor") == {
        ("Indsend", "miljo-teknik"),
        ("Indsend", "forsyning"),
        ("Værkstedsdag", "forsyning"),
    }
    assert seen("unit editor") == {("Indsend", "forsyning"), ("Værkstedsdag", "forsyning")}
    assert seen("culture editor") == {("Indsend", "kultur")}
    # and the reader and the municipality's administrator do none of it
    assert seen("reader") == set()
    assert seen("administrator") == set()
    assert {o.deadline for o in deadlines_for(user=town.people["culture editor"], on=on)} == {
        date(2026, 11, 30)
    }


def test_a_higher_role_below_takes_the_place_of_the_inherited_one(town: Town) -> None:
    from django.contrib.auth.models import User

    from virkplan.organisation.models import RoleGrant

    # Given the department's editor, who approves for Forsyning
    activity(town.units["albertslund"], ActivityKind.APPROVE, "Godkend", Role.APPROVER, 12, 15)
    activity(town.units["albertslund"], ActivityKind.SUBMIT, "Indsend", Role.EDITOR, 11, 30)
    editor = town.people["editor"]
    RoleGrant.objects.create(user=editor, unit=town.units["forsyning"], role=Role.APPROVER)
    fresh = User.objects.get(pk=editor.pk)
    # Then on Forsyning theirs is the approver's deadline, not the editor's, as their role
    # there is the approver's
    found = {
        (o.activity.title, o.unit.key) for o in deadlines_for(user=fresh, on=date(2026, 12, 1))
    }
    assert found == {("Indsend", "miljo-teknik"), ("Godkend", "forsyning")}


def test_the_demo_department_gets_the_reference_cycle(town: Town) -> None:
    assert demo_cycle_create() == 6
    assert demo_cycle_create() == 0  # once
    kinds = [a.kind for a in activities_of(unit_id=town.units["forsyning"].pk)]
    assert sorted(kinds) == sorted(
        ["draft_plan", "submit", "approve", "publish", "follow_up", "follow_up"]
    )
    months = {a.kind: a.month for a in activities_of(unit_id=town.units["miljo-teknik"].pk)}
    assert months["approve"] == 12 and months["publish"] == 1
