"""Importing a plan through the plan services: what an import may do, and what it never does.

A new plan takes an editor; a stored draft is replaced in place by its
editors; an approved or published plan is never deleted: its approvers get a
new draft revision of it; submitted and archived plans are not replaced.
"""

import pytest
from django.contrib.auth.models import User

from tests.factories import (
    FocusAreaFactory,
    FollowUpFactory,
    GoalFactory,
    PlanFactory,
    PlanFocusAreaFactory,
    UnitFactory,
    user_with_roles,
)
from virkplan.core.errors import NotAllowed
from virkplan.organisation.models import Role, UnitKind
from virkplan.plans import importing
from virkplan.plans.importing import (
    CriterionData,
    FocusAreaData,
    FollowUpData,
    GoalData,
    ImportAction,
    PlanData,
    SectionData,
    plan_import,
)
from virkplan.plans.models import (
    FocusArea,
    FollowUp,
    FollowUpRound,
    Goal,
    Plan,
    PlanEvent,
    PlanStatus,
)
from virkplan.plans.selectors import SYSTEM_ACTOR, goal_lineage


@pytest.fixture
def org(db) -> dict:
    municipality = UnitFactory(key="kommune", kind=UnitKind.MUNICIPALITY)
    board = UnitFactory(key="direktion", kind=UnitKind.BOARD, parent=municipality)
    department = UnitFactory(key="afdeling", kind=UnitKind.DEPARTMENT, parent=municipality)
    other = UnitFactory(key="anden", kind=UnitKind.DEPARTMENT, parent=municipality)
    return {"kommune": municipality, "direktion": board, "afdeling": department, "anden": other}


@pytest.fixture
def people(org) -> dict[str, User]:
    return {
        "editor": user_with_roles("redaktoer", ("afdeling", Role.EDITOR)),
        "approver": user_with_roles("godkender", ("afdeling", Role.APPROVER)),
        "other": user_with_roles("anden", ("anden", Role.APPROVER)),
    }


def plan_data(org, *, key: str = "plan-2014", status: str = PlanStatus.DRAFT, **fields) -> PlanData:
    """A plan of the department with one focus area and two goals (the first followed up)."""
    return PlanData(
        **{
            "key": key,
            "title": "Virksomhedsplan 2014",
            "unit": org["afdeling"],
            "start_year": 2014,
            "end_year": 2014,
            "status": status,
            "sections": [SectionData("Indledning", "Om os.")],
            "focus_areas": [
                FocusAreaData(
                    title="Bo godt",
                    goals=[
                        GoalData(
                            key=f"{key}-g1",
                            statement="Vi vil spare på energien.",
                            criteria=[CriterionData("Der er sparet 100 MWh.")],
                            follow_ups=[FollowUpData("met", "Det lykkedes.", criteria=[0])],
                            goals=[GoalData(statement="Vi vil isolere skolerne.")],
                        ),
                        GoalData(key=f"{key}-g2", statement="Vi vil plante træer."),
                    ],
                )
            ],
            **fields,
        }
    )


def test_an_editor_imports_a_new_draft(org, people) -> None:
    imported = plan_import(user=people["editor"], data=plan_data(org))
    plan = imported.plan
    assert imported.action == ImportAction.CREATED
    assert (plan.key, plan.status, plan.unit) == ("plan-2014", PlanStatus.DRAFT, org["afdeling"])
    assert (imported.goals, imported.criteria, imported.follow_ups) == (3, 1, 1)
    # Every row has its history, by the importer
    goal = Goal.objects.get(key="plan-2014-g1")
    assert goal.history.get().history_user == people["editor"]
    assert list(FollowUp.objects.get().criteria.values_list("text", flat=True)) == [
        "Der er sparet 100 MWh."
    ]


def test_a_published_plan_takes_an_approver_and_its_status_is_a_workflow_step(org, people):
    with pytest.raises(NotAllowed):
        plan_import(user=people["editor"], data=plan_data(org, status=PlanStatus.PUBLISHED))
    assert not Plan.objects.exists()
    plan = plan_import(
        user=people["approver"], data=plan_data(org, status=PlanStatus.PUBLISHED)
    ).plan
    assert plan.status == PlanStatus.PUBLISHED
    event = PlanEvent.objects.get(plan=plan)
    assert (event.from_status, event.to_status, event.user) == (
        PlanStatus.DRAFT,
        PlanStatus.PUBLISHED,
        people["approver"],
    )


def test_another_units_editor_may_not_import_a_plan_for_the_unit(org, people) -> None:
    with pytest.raises(NotAllowed):
        plan_import(user=people["other"], data=plan_data(org))
    assert not Plan.objects.exists()


def test_a_stored_plan_is_refused_unless_replaced(org, people) -> None:
    plan_import(user=people["editor"], data=plan_data(org))
    with pytest.raises(NotAllowed) as refused:
        plan_import(user=people["editor"], data=plan_data(org))
    assert refused.value.message == str(importing.MSG_ALREADY_STORED) % {
        "title": "Virksomhedsplan 2014",
        "key": "plan-2014",
    }


def test_an_editor_replaces_a_draft_in_place(org, people) -> None:
    # Given a draft, and a goal of a later plan that carries on one of its goals
    draft = plan_import(user=people["editor"], data=plan_data(org)).plan
    later = PlanFactory(unit=org["afdeling"], start_year=2015, end_year=2015)
    follower = GoalFactory(
        plan_focus_area=PlanFocusAreaFactory(plan=later),
        continues=Goal.objects.get(key="plan-2014-g1"),
    )
    # When the editor imports the plan again with other content
    data = plan_data(org)
    data.focus_areas[0].goals[1].statement = "Vi vil plante 100 træer."
    imported = plan_import(user=people["editor"], data=data, replace=True)
    # Then it is the same plan, with the new content
    assert imported.action == ImportAction.REPLACED
    assert imported.plan.pk == draft.pk
    assert Plan.objects.filter(key="plan-2014").count() == 1
    assert Goal.objects.get(key="plan-2014-g2").statement == "Vi vil plante 100 træer."
    # And the later goal carries on the new row of the goal it carried on
    follower.refresh_from_db()
    assert follower.continues == Goal.objects.get(key="plan-2014-g1")
    # And the old goals' deletion is in their history
    assert Goal.history.filter(key="plan-2014-g2", history_type="-").exists()


@pytest.mark.parametrize("status", [PlanStatus.APPROVED, PlanStatus.PUBLISHED])
def test_an_approved_or_published_plan_is_never_replaced_by_an_editor(org, people, status):
    plan_import(user=people["approver"], data=plan_data(org, status=status))
    with pytest.raises(NotAllowed) as refused:
        plan_import(user=people["editor"], data=plan_data(org), replace=True)
    stored = Plan.objects.get()
    assert refused.value.message == str(importing.MSG_REVISION_TAKES_APPROVER) % {
        "title": stored.title,
        "key": stored.key,
        "status": stored.get_status_display(),
    }
    assert Plan.objects.count() == 1
    assert Plan.objects.get().status == status


def _published_with_follow_up(org, people) -> Plan:
    plan = plan_import(user=people["approver"], data=plan_data(org, status="published")).plan
    FollowUpRound.objects.create(plan=plan, date="2014-12-01")
    FollowUpFactory(goal=Goal.objects.get(key="plan-2014-g2"), text="Plantet.")
    return plan


def test_an_approver_replacing_a_published_plan_gets_a_draft_revision(org, people) -> None:
    # Given a published plan with a follow-up round and follow-ups
    plan = _published_with_follow_up(org, people)
    before = {
        "goals": set(Goal.objects.filter(plan_focus_area__plan=plan).values_list("pk", "key")),
        "follow_ups": FollowUp.objects.filter(goal__plan_focus_area__plan=plan).count(),
        "events": PlanEvent.objects.filter(plan=plan).count(),
        "version": plan.version,
    }
    # When the approver imports it again, replacing it
    data = plan_data(org, status=PlanStatus.PUBLISHED)
    data.focus_areas[0].goals[1].statement = "Vi vil plante 100 træer."
    imported = plan_import(user=people["approver"], data=data, replace=True)
    # Then the published plan is as it was: key, goals, follow-ups, round, workflow, version
    plan.refresh_from_db()
    assert (plan.key, plan.status, plan.version) == (
        "plan-2014",
        PlanStatus.PUBLISHED,
        before["version"],
    )
    assert (
        set(Goal.objects.filter(plan_focus_area__plan=plan).values_list("pk", "key"))
        == before["goals"]
    )
    assert (
        FollowUp.objects.filter(goal__plan_focus_area__plan=plan).count() == (before["follow_ups"])
    )
    assert plan.follow_up_rounds.count() == 1
    assert PlanEvent.objects.filter(plan=plan).count() == before["events"]
    # And the import is a new draft revision of it, whose goals carry on the plan's goals
    revision = imported.plan
    assert imported.action == ImportAction.REVISED
    assert (revision.revision_of, revision.revision, revision.status) == (
        plan,
        plan.revision + 1,
        PlanStatus.DRAFT,
    )
    changed = Goal.objects.get(plan_focus_area__plan=revision, statement="Vi vil plante 100 træer.")
    assert changed.continues.key == "plan-2014-g2"
    assert [g.plan_focus_area.plan for g in goal_lineage(user=SYSTEM_ACTOR, goal=changed)] == [
        plan,
        revision,
    ]


def test_importing_again_replaces_the_revision_being_worked_on(org, people) -> None:
    plan = _published_with_follow_up(org, people)
    first = plan_import(user=people["approver"], data=plan_data(org), replace=True).plan
    second = plan_import(user=people["approver"], data=plan_data(org), replace=True).plan
    assert first.pk == second.pk
    assert Plan.objects.filter(revision_of=plan).count() == 1
    assert Goal.objects.filter(plan_focus_area__plan=second).count() == 3


@pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.ARCHIVED])
def test_a_submitted_or_archived_plan_is_not_replaced(org, people, status) -> None:
    stored = PlanFactory(
        key="plan-2014", unit=org["afdeling"], status=status, start_year=2014, end_year=2014
    )
    with pytest.raises(NotAllowed):
        plan_import(user=people["approver"], data=plan_data(org), replace=True)
    assert list(Plan.objects.all()) == [stored]


def test_a_revision_waiting_for_approval_stops_the_import(org, people) -> None:
    plan = _published_with_follow_up(org, people)
    PlanFactory(revision_of=plan, unit=org["afdeling"], status=PlanStatus.SUBMITTED, revision=2)
    with pytest.raises(NotAllowed) as refused:
        plan_import(user=people["approver"], data=plan_data(org), replace=True)
    assert refused.value.message == str(importing.MSG_REVISION_WAITING) % {
        "title": plan.title,
        "key": plan.key,
    }


def test_a_plan_includes_focus_areas_of_its_own_unit_above_it_and_their_boards(org, people):
    # Given focus areas set by the executive board, by the department, and by another department
    for key, unit in (("fa-board", "direktion"), ("fa-own", "afdeling"), ("fa-other", "anden")):
        FocusAreaFactory(key=key, title=key, set_by=org[unit], start_year=2014, end_year=2014)
    for key in ("fa-board", "fa-own"):
        data = plan_data(org, key=f"plan-{key}")
        data.title = key
        found = FocusArea.objects.get(key=key)
        data.focus_areas[0] = FocusAreaData(key=key, title=found.title, set_by_id=found.set_by_id)
        assert plan_import(user=people["editor"], data=data).focus_areas == 1
    # When a plan names another department's focus area, it is refused
    data = plan_data(org, key="plan-other")
    data.focus_areas[0] = FocusAreaData(key="fa-other", title="fa-other")
    with pytest.raises(NotAllowed) as refused:
        plan_import(user=people["editor"], data=data)
    assert refused.value.message == str(importing.MSG_FOCUS_AREA_ELSEWHERE) % {
        "title": "fa-other",
        "key": "fa-other",
    }
    assert not Plan.objects.filter(key="plan-other").exists()


def test_the_shared_text_of_a_focus_area_is_changed_only_by_its_own_units_editors(org, people):
    FocusAreaFactory(
        key="fa-board", title="Bo godt", set_by=org["direktion"], start_year=2014, end_year=2014
    )
    data = plan_data(org)
    data.focus_areas[0] = FocusAreaData(
        key="fa-board", title="Bo bedre", set_by_id=org["direktion"].pk
    )
    with pytest.raises(NotAllowed) as refused:
        plan_import(user=people["editor"], data=data)
    assert refused.value.message == str(importing.MSG_FOCUS_AREA_TEXTS) % {
        "title": "Bo godt",
        "key": "fa-board",
    }
    assert FocusArea.objects.get(key="fa-board").title == "Bo godt"
