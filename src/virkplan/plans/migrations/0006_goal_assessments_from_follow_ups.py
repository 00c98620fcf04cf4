"""Every goal already followed up gets its status as a whole, as its follow-ups agree.

Follow-ups dated in a round (from its date to the next round's) give the goal's status in
that round; those outside every round (imported plans) give one status of their own, dated
by the latest of them or the plan's last day.
"""

from datetime import date

from django.db import migrations

NOT_ASSESSED = "not_assessed"


def agreed(statuses: list[str]) -> str:
    # As plans.goal_status.status_from_follow_ups, kept here as it was when this ran.
    assessed = {s for s in statuses if s != NOT_ASSESSED}
    return assessed.pop() if len(assessed) == 1 else NOT_ASSESSED


def assess(apps, schema_editor):
    FollowUp = apps.get_model("plans", "FollowUp")
    FollowUpRound = apps.get_model("plans", "FollowUpRound")
    GoalAssessment = apps.get_model("plans", "GoalAssessment")
    rounds: dict[int, list] = {}
    for round in FollowUpRound.objects.order_by("date", "id"):
        rounds.setdefault(round.plan_id, []).append(round)
    found: dict[tuple[int, int | None], list] = {}
    rows = FollowUp.objects.values_list(
        "goal_id",
        "goal__plan_focus_area__plan_id",
        "goal__plan_focus_area__plan__end_year",
        "date",
        "status",
    ).order_by("goal_id", "id")
    for goal_id, plan_id, end_year, day, status in rows:
        in_round = None
        for round in rounds.get(plan_id, []):
            if day is not None and day >= round.date:
                in_round = round
        key = (goal_id, in_round.pk if in_round else None)
        entry = found.setdefault(key, [in_round, date(end_year, 12, 31), [], []])
        entry[2].append(status)
        if day is not None:
            entry[3].append(day)
    GoalAssessment.objects.bulk_create(
        [
            GoalAssessment(
                goal_id=goal_id,
                round=in_round,
                date=in_round.date if in_round else (max(days) if days else last_day),
                status=agreed(statuses),
            )
            for (goal_id, _round), (in_round, last_day, statuses, days) in found.items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_goal_assessments")]

    operations = [migrations.RunPython(assess, migrations.RunPython.noop)]
