"""The period and target rules hold on every path: forms, services and imports ask plans.rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from tests.factories import editing_world
from tests.interchange.documents import problem, small_document
from virkplan.core.errors import DomainError
from virkplan.interchange.services import ImportRefused, document_import
from virkplan.plans import services
from virkplan.plans.models import Criterion
from virkplan.plans.rules import MAX_PERIOD_YEARS, period_problems, target_problems
from virkplan.plans.selectors import SYSTEM_ACTOR

# (target, the field named, the message's msgid)
BROKEN_TARGETS = [
    ({"comparison": "at_least"}, "value", "Give the target value."),
    (
        {"value": Decimal(60)},
        "comparison",
        "Choose how the target value is to be read, or remove the value.",
    ),
    ({"comparison": "range", "value": Decimal(10)}, "value_max", "A range needs an upper value."),
    (
        {"comparison": "range", "value": Decimal(10), "value_max": Decimal(5)},
        "value_max",
        "The upper value must be at least the target value.",
    ),
    (
        {"comparison": "at_least", "value": Decimal(10), "value_max": Decimal(50)},
        "value_max",
        "Only a range has an upper value; choose “range” or remove it.",
    ),
    ({"baseline_year": 2013}, "baseline_value", "Give the baseline value for the baseline year."),
    (
        {"target_year": 2027, "target_date": datetime.date(2027, 6, 30)},
        "target_date",
        "Give a target year or a target date, not both.",
    ),
]


NO_TARGET = {
    "comparison": "",
    "value": None,
    "value_max": None,
    "baseline_value": None,
    "baseline_year": None,
    "target_year": None,
    "target_date": None,
}


@pytest.mark.parametrize(("target", "field", "msgid"), BROKEN_TARGETS)
def test_each_target_rule_names_its_field(target, field, msgid):
    [found] = target_problems(**target)
    assert found.field == field
    assert found.message == problem_text(msgid)


def test_a_whole_target_and_no_target_break_no_rule():
    assert target_problems() == []
    assert (
        target_problems(
            comparison="range",
            value=Decimal(10),
            value_max=Decimal(20),
            baseline_value=Decimal(8),
            baseline_year=2013,
            target_year=2027,
        )
        == []
    )


def test_a_period_ends_no_earlier_than_it_starts_and_spans_at_most_the_longest_plan():
    assert period_problems(2026, 2026 + MAX_PERIOD_YEARS - 1) == []
    assert [p.field for p in period_problems(2026, 2025)] == ["end_year"]
    assert [p.field for p in period_problems(2026, 2026 + MAX_PERIOD_YEARS)] == ["end_year"]


@pytest.mark.parametrize(("target", "field", "msgid"), BROKEN_TARGETS)
def test_the_services_refuse_a_broken_target_the_form_would_refuse(db, target, field, msgid):
    # Given an editor of a draft plan (the form is not in the way: the service is called)
    world = editing_world()
    before = Criterion.objects.count()
    target = {**NO_TARGET, **target}  # every target field, as the form hands them over

    # When a criterion with a broken target is added, or a whole one is changed to it
    with pytest.raises(ValidationError) as added:
        services.criterion_create(
            user=world.users["editor"], goal=world.goal, text="Målt.", **target
        )
    with pytest.raises(ValidationError) as changed:
        services.criterion_update(
            user=world.users["editor"],
            criterion=world.criterion,
            expected_version=world.criterion.version,
            text="Målt.",
            **target,
        )

    # Then both are refused by field, with the form's words, and nothing was written
    for caught in (added, changed):
        assert caught.value.message_dict == {field: [problem_text(msgid)]}
    assert Criterion.objects.count() == before
    world.criterion.refresh_from_db()
    assert world.criterion.text != "Målt."


def test_the_services_refuse_a_period_longer_than_the_longest_plan(db):
    world = editing_world()
    with pytest.raises(DomainError):
        services.plan_update(
            user=world.users["editor"],
            plan=world.plan,
            expected_version=world.plan.version,
            start_year=2026,
            end_year=2026 + MAX_PERIOD_YEARS,
        )


# The file format always has a comparison and a value (see the schema); the other rules
# can be broken in a file, and are named by the target's path.
IMPORTED_TARGETS = [
    (
        {
            "comparison": "at_least",
            "value": 10,
            **{k: v for k, v in target.items() if k not in {"comparison", "value"}},
        }
        if target.get("comparison") != "range"
        else target,
        field,
        msgid,
    )
    for target, field, msgid in BROKEN_TARGETS
    if field not in {"value", "comparison"}
]


@pytest.mark.parametrize(("target", "field", "msgid"), IMPORTED_TARGETS)
def test_an_import_refuses_a_broken_target_by_its_path(db, target, field, msgid):
    # Given a file whose first criterion has a broken target
    document = small_document()
    criterion = document["plans"][0]["focus_areas"][0]["goals"][0]["criteria"][0]
    criterion["target"] = {
        name: float(value)
        if isinstance(value, Decimal)
        else value.isoformat()
        if isinstance(value, datetime.date)
        else value
        for name, value in target.items()
    }

    # When it is imported, then the rule is named at the target's field
    with pytest.raises(ImportRefused) as caught:
        document_import(user=SYSTEM_ACTOR, document=document)
    path = f"$.plans[0].focus_areas[0].goals[0].criteria[0].target.{field}"
    assert problem(path, msgid) in caught.value.errors


def problem_text(msgid: str) -> str:
    """The message as the user reads it, in the active language."""
    return gettext(msgid)
