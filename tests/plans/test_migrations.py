"""The migration that gives every goal already followed up its status as a whole."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0005_goal_assessments")]
AFTER = [("plans", "0006_goal_assessments_from_follow_ups")]


@pytest.mark.django_db(transaction=True)
def test_goals_followed_up_get_the_status_their_follow_ups_agree_on_per_round():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    unit = apps.get_model("organisation", "Unit").objects.create(key="enhed", name="Enheden")
    plan = apps.get_model("plans", "Plan").objects.create(
        key="plan", title="Plan", unit=unit, start_year=2024, end_year=2025, status="published"
    )
    area = apps.get_model("plans", "FocusArea").objects.create(
        key="fa", title="Område", start_year=2024, end_year=2025
    )
    pfa = apps.get_model("plans", "PlanFocusArea").objects.create(plan=plan, focus_area=area)
    Goal = apps.get_model("plans", "Goal")
    FollowUp = apps.get_model("plans", "FollowUp")
    goals = [
        Goal.objects.create(key=f"g{n}", plan_focus_area=pfa, statement="Vi vil.") for n in range(4)
    ]
    apps.get_model("plans", "FollowUpRound").objects.create(
        plan=plan,
        date=datetime.date(2025, 6, 30),
        finished_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
    )
    # Goal 0: imported follow-ups, undated, that agree; goal 1: a round's, that disagree;
    # goal 2: one imported and one in the round; goal 3: never followed up
    FollowUp.objects.create(goal=goals[0], status="met", text="a")
    FollowUp.objects.create(goal=goals[0], status="not_assessed", text="b")
    FollowUp.objects.create(goal=goals[1], status="met", text="c", date=datetime.date(2025, 7, 1))
    FollowUp.objects.create(
        goal=goals[1], status="not_met", text="d", date=datetime.date(2025, 7, 1)
    )
    FollowUp.objects.create(
        goal=goals[2], status="postponed", text="e", date=datetime.date(2024, 12, 1)
    )
    FollowUp.objects.create(goal=goals[2], status="met", text="f", date=datetime.date(2025, 6, 30))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    rows = sorted(
        apps.get_model("plans", "GoalAssessment").objects.values_list(
            "goal__key", "status", "date", "round_id"
        )
    )
    found = [(key, status, day, round_id is None) for key, status, day, round_id in rows]
    assert found == [
        ("g0", "met", datetime.date(2025, 12, 31), True),
        ("g1", "not_assessed", datetime.date(2025, 6, 30), False),
        ("g2", "met", datetime.date(2025, 6, 30), False),
        ("g2", "postponed", datetime.date(2024, 12, 1), True),
    ]
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
