"""Rows written in bulk (core.bulk) are the rows and history rows simple_history writes.

On PostgreSQL the module copies rows and history rows itself; on SQLite it
hands over to simple_history. Either way each test compares with what
`bulk_create_with_history` / `bulk_update_with_history` write for the same rows.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tests.factories import PlanFactory, PlanFocusAreaFactory, UserFactory
from virkplan.core.bulk import (
    new_rows,
    rows_create,
    rows_create_with_history,
    rows_update_with_history,
)
from virkplan.plans.models import Criterion, FollowUp, Goal, Section

pytestmark = pytest.mark.django_db

# What differs between two writes of the same content.
UNLIKE = {"id", "key", "created_at", "updated_at", "history_id", "history_date", "goal_id"}


def _history(model: Any, rows: list[Any]) -> list[dict[str, Any]]:
    by_id = {row.pk: n for n, row in enumerate(rows)}
    records = model.history.filter(id__in=by_id).order_by("history_id").values()
    return [
        {"row": by_id[r["id"]], **{k: v for k, v in r.items() if k not in UNLIKE}} for r in records
    ]


@pytest.fixture
def area() -> Any:
    """One focus area of a plan for the goals of a test, so both writers' goals share it."""
    return PlanFocusAreaFactory()


def _goals(area: Any, n: int) -> list[Goal]:
    return [Goal(plan_focus_area=area, position=i, statement=f"Mål {i}") for i in range(n)]


def test_new_rows_and_their_history_are_those_simple_history_writes(area: Any) -> None:
    """Given the same goals twice, when one set is written by each, then the rows and history
    rows hold the same values, the ids ascend in the rows' order, and the rows are stored."""
    user = UserFactory()
    ours, theirs = _goals(area, 5), _goals(area, 5)

    rows_create_with_history(Goal, ours, default_user=user)
    bulk_create_with_history(theirs, Goal, default_user=user)

    assert [g.pk for g in ours] == sorted(g.pk for g in ours)
    assert all(not g._state.adding and g._state.db == "default" for g in ours)
    assert all(g.created_at is not None and g.updated_at is not None for g in ours)
    stored = Goal.objects.filter(pk__in=[g.pk for g in ours]).order_by("pk")
    assert [(g.statement, g.position, g.version) for g in stored] == [
        (g.statement, g.position, g.version) for g in theirs
    ]
    assert _history(Goal, ours) == _history(Goal, theirs)
    assert {r["history_type"] for r in _history(Goal, ours)} == {"+"}
    assert {r["history_user_id"] for r in _history(Goal, ours)} == {user.pk}
    assert {r["history_change_reason"] for r in _history(Goal, ours)} == {None}


def test_a_rows_own_history_user_and_change_reason_are_kept(area: Any) -> None:
    """Given goals that carry their own history user and change reason, when written, then
    each history row has the row's own, as simple_history records them."""
    someone, other = UserFactory(), UserFactory()
    ours, theirs = _goals(area, 3), _goals(area, 3)
    for goals in (ours, theirs):
        goals[1]._history_user = other  # type: ignore[attr-defined]
        goals[2]._change_reason = "flyttet"  # type: ignore[attr-defined]

    rows_create_with_history(Goal, ours, default_user=someone)
    bulk_create_with_history(theirs, Goal, default_user=someone)

    assert _history(Goal, ours) == _history(Goal, theirs)
    users = [r["history_user_id"] for r in _history(Goal, ours)]
    assert users == [someone.pk, other.pk, someone.pk]


def test_values_of_every_kind_are_written_as_given(area: Any) -> None:
    """Given criteria with decimals, dates and empty values and sections with JSON, when
    written, then they read back as given, and so do their history rows."""
    goal = rows_create_with_history(Goal, _goals(area, 1), default_user=None)[0]
    plan = PlanFactory()
    criteria = [
        Criterion(goal=goal, position=0, text="Tab\tog\nlinjeskift \\ med", value=None),
        Criterion(
            goal=goal,
            position=1,
            text="Mindst",
            comparison="at_least",
            value=Decimal("12.5"),
            baseline_value=Decimal("-3.1250"),
            baseline_year=2023,
            target_date=date(2025, 6, 30),
        ),
    ]
    sections = [Section(plan=plan, title="Indledning", highlights=["en", "to ”citat”"])]

    rows_create_with_history(Criterion, criteria, default_user=None)
    rows_create_with_history(Section, sections, default_user=None)

    stored = list(Criterion.objects.filter(goal=goal).order_by("position"))
    assert stored[0].text == "Tab\tog\nlinjeskift \\ med"
    assert stored[0].value is None
    assert (stored[1].value, stored[1].baseline_value) == (Decimal("12.5"), Decimal("-3.125"))
    assert stored[1].target_date == date(2025, 6, 30)
    assert Section.objects.get(pk=sections[0].pk).highlights == ["en", "to ”citat”"]
    history = Criterion.history.filter(id=stored[1].pk).get()
    assert (history.value, history.baseline_year) == (Decimal("12.5"), 2023)
    assert Section.history.get(id=sections[0].pk).highlights == ["en", "to ”citat”"]


def test_updated_rows_and_their_history_are_those_simple_history_writes(area: Any) -> None:
    """Given stored goals, when a field of each is saved by each writer, then the rows and
    their "~" history rows are the same."""
    user = UserFactory()
    ours = rows_create_with_history(Goal, _goals(area, 3), default_user=user)
    theirs = rows_create_with_history(Goal, _goals(area, 3), default_user=user)
    target = rows_create_with_history(Goal, _goals(area, 1), default_user=user)[0]
    now = timezone.now()
    for goals in (ours, theirs):
        for goal in goals:
            goal.continues = target
            goal.updated_at = now

    rows_update_with_history(Goal, ours, ["continues", "updated_at"], default_user=user)
    bulk_update_with_history(theirs, Goal, ["continues", "updated_at"], default_user=user)

    assert set(
        Goal.objects.filter(pk__in=[g.pk for g in ours]).values_list("continues", flat=True)
    ) == {target.pk}
    assert _history(Goal, ours) == _history(Goal, theirs)
    assert [r["history_type"] for r in _history(Goal, ours)] == ["+"] * 3 + ["~"] * 3


def test_rows_without_history_are_written(area: Any) -> None:
    """Given follow-ups and criteria, when their links are written as pairs, then they are
    stored."""
    goal = rows_create_with_history(Goal, _goals(area, 1), default_user=None)[0]
    criterion = rows_create_with_history(
        Criterion, [Criterion(goal=goal, text="Et kriterium")], default_user=None
    )[0]
    follow_ups = rows_create_with_history(
        FollowUp, [FollowUp(goal=goal, position=n) for n in range(2)], default_user=None
    )

    rows_create(
        FollowUp.criteria.through,
        ["followup_id", "criterion_id"],
        [(f.pk, criterion.pk) for f in follow_ups],
    )

    assert [list(f.criteria.all()) for f in follow_ups] == [[criterion], [criterion]]


def test_new_rows_are_those_keyword_arguments_make() -> None:
    """Given values for some fields, when rows are made, then they equal the rows made with
    keyword arguments, with defaults for the rest and a default made anew for each row."""
    made = new_rows(Goal, ["statement", "plan_focus_area_id"], [("Et", 1), ("To", 2)])
    by_keywords = [
        Goal(statement="Et", plan_focus_area_id=1),
        Goal(statement="To", plan_focus_area_id=2),
    ]

    def values(goal: Goal) -> dict[str, Any]:
        return {k: v for k, v in vars(goal).items() if k not in {"_state", "key"}}

    assert [values(g) for g in made] == [values(g) for g in by_keywords]
    assert made[0].key != made[1].key
    assert all(g._state.adding for g in made)
    with pytest.raises(ValueError, match="2 values expected"):
        new_rows(Goal, ["statement", "plan_focus_area_id"], [("Et",)])
