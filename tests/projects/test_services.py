"""Projects' services: who may do what, validation, history and concurrent edits."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import translation

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.projects import services
from virkplan.projects.history import project_history
from virkplan.projects.models import (
    MSG_END_BEFORE_START,
    MSG_NEGATIVE_BUDGET,
    Milestone,
    Project,
    ProjectGoal,
    ProjectStatus,
)
from virkplan.projects.permissions import can_view_project

pytestmark = pytest.mark.django_db


def _project(editing, **fields) -> Project:
    values = {
        "user": editing.users["editor"],
        "unit": editing.department,
        "title": "Energirenovering",
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 12, 31),
        "budget": Decimal("1250000.50"),
    }
    values.update(fields)
    return services.project_create(**values)


def test_an_editor_of_the_unit_creates_a_project_as_an_idea_with_history(editing) -> None:
    # When the department's editor creates a project
    project = _project(editing)
    # Then it is an idea, and its history names the editor
    assert project.status == ProjectStatus.IDEA
    record = Project.history.get(id=project.pk)
    assert record.history_user == editing.users["editor"]
    assert record.history_type == "+"


@pytest.mark.parametrize("who", ["reader", "forsyning", "by_miljoe"])
def test_who_may_not_write_the_units_plans_may_not_create_its_projects(editing, who) -> None:
    # When a reader, or an editor of a unit under the department, creates a department project
    with pytest.raises(NotAllowed):
        _project(editing, user=editing.users[who])
    # Then nothing is made
    assert not Project.objects.exists()


def test_an_editor_of_a_unit_under_it_creates_a_project_for_their_own_unit(editing) -> None:
    project = _project(editing, user=editing.users["forsyning"], unit=editing.forsyning)
    assert project.unit == editing.forsyning


def test_who_sees_the_units_plans_sees_its_projects_and_anonymous_sees_none(editing) -> None:
    from django.contrib.auth.models import AnonymousUser

    project = _project(editing, unit=editing.forsyning, user=editing.users["forsyning"])
    # A role on a unit shows its projects and those of the units above it (as for plans)
    assert can_view_project(editing.users["reader"], project)
    assert can_view_project(editing.users["forsyning"], project)
    assert not can_view_project(editing.users["by_miljoe"], project)
    assert not can_view_project(AnonymousUser(), project)
    assert not can_view_project(User.objects.create_user("uden-rolle"), project)


def test_end_before_start_and_a_negative_budget_are_refused_naming_the_field(editing) -> None:
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        _project(editing, start_date=date(2026, 6, 1), end_date=date(2026, 5, 31), budget=-1)
    errors = refused.value.message_dict
    assert errors["end_date"] == [str(MSG_END_BEFORE_START)]
    assert errors["budget"] == [str(MSG_NEGATIVE_BUDGET)]
    with translation.override("da"):
        assert "Slutdatoen" in str(MSG_END_BEFORE_START)
        assert "Budgettet" in str(MSG_NEGATIVE_BUDGET)
    assert not Project.objects.exists()


def test_an_update_records_the_change_and_a_stale_version_is_a_conflict(editing) -> None:
    # Given a project that two people opened at version 1
    project = _project(editing)
    editor, approver = editing.users["editor"], editing.users["approver"]
    # When one saves a new budget
    saved = services.project_update(
        user=editor, project=project, expected_version=1, budget=Decimal("2000000")
    )
    assert saved.version == 2
    # Then the other's save from version 1 is refused, with the saved row, and changes nothing
    with pytest.raises(EditConflict) as conflict:
        services.project_update(
            user=approver, project=project, expected_version=1, title="Noget andet"
        )
    assert conflict.value.current.budget == Decimal("2000000")
    project.refresh_from_db()
    assert project.title == "Energirenovering"
    # And the history shows who changed the budget from what to what
    with translation.override("da"):
        changes = project_history(project=project)
    assert [c.action for c in changes] == ["changed", "created"]
    budget = changes[0].fields[0]
    assert (budget.old, budget.new) == ("1.250.000,5 kr.", "2.000.000 kr.")
    assert changes[0].user == "editor"


def test_moving_a_project_to_another_unit_takes_a_role_on_both(editing) -> None:
    project = _project(editing, user=editing.users["forsyning"], unit=editing.forsyning)
    with pytest.raises(NotAllowed):
        services.project_update(
            user=editing.users["forsyning"],
            project=project,
            expected_version=1,
            unit=editing.by_miljoe,
        )
    moved = services.project_update(
        user=editing.users["editor"], project=project, expected_version=1, unit=editing.by_miljoe
    )
    assert moved.unit == editing.by_miljoe


def test_statuses_move_by_the_table_and_approving_takes_an_approver(editing) -> None:
    project = _project(editing)
    # An editor may not approve an idea
    with pytest.raises(NotAllowed):
        services.project_set_status(
            user=editing.users["editor"], project=project, status=ProjectStatus.APPROVED
        )
    # An approver may
    project = services.project_set_status(
        user=editing.users["approver"], project=project, status=ProjectStatus.APPROVED
    )
    project = services.project_set_status(
        user=editing.users["editor"], project=project, status=ProjectStatus.IN_PROGRESS
    )
    # An idea cannot skip to done from in progress? It can; but in progress cannot become an idea
    with translation.override("da"), pytest.raises(DomainError) as refused:
        services.project_set_status(
            user=editing.users["editor"], project=project, status=ProjectStatus.IDEA
        )
    assert refused.value.message == "Et projekt, der er i gang, kan ikke blive idé."
    assert Project.objects.get().status == ProjectStatus.IN_PROGRESS
    # A stale version is a conflict
    with pytest.raises(EditConflict):
        services.project_set_status(
            user=editing.users["editor"],
            project=project,
            status=ProjectStatus.PAUSED,
            expected_version=1,
        )


def test_milestones_are_added_met_changed_and_removed_with_history(editing) -> None:
    project = _project(editing)
    editor = editing.users["editor"]
    milestone = services.milestone_create(
        user=editor, project=project, title="Udbud", due_date=date(2026, 3, 1)
    )
    assert not milestone.met and milestone.met_date is None
    # Met without a date: today
    milestone = services.milestone_update(
        user=editor,
        milestone=milestone,
        expected_version=1,
        title="Udbud",
        due_date=date(2026, 3, 1),
        met=True,
    )
    assert milestone.met_date is not None
    # A stale version is refused
    with pytest.raises(EditConflict):
        services.milestone_update(
            user=editor,
            milestone=milestone,
            expected_version=1,
            title="Udbud sendt",
            due_date=date(2026, 3, 1),
            met=False,
        )
    with pytest.raises(EditConflict):
        services.milestone_delete(user=editor, milestone=milestone, expected_version=1)
    # A reader may not remove it
    with pytest.raises(NotAllowed):
        services.milestone_delete(
            user=editing.users["reader"], milestone=milestone, expected_version=2
        )
    services.milestone_delete(user=editor, milestone=milestone, expected_version=2)
    assert not Milestone.objects.exists()
    actions = [(c.kind, c.action) for c in project_history(project=project)]
    assert actions[:3] == [("Milepæl", "deleted"), ("Milepæl", "changed"), ("Milepæl", "created")]


def test_goals_are_linked_once_and_unlinked(editing) -> None:
    project = _project(editing)
    editor = editing.users["editor"]
    services.project_goal_link(user=editor, project=project, goal=editing.goal)
    with pytest.raises(DomainError):
        services.project_goal_link(user=editor, project=project, goal=editing.goal)
    with pytest.raises(NotAllowed):
        services.project_goal_unlink(
            user=editing.users["forsyning"], project=project, goal=editing.goal
        )
    assert list(project.goals.all()) == [editing.goal]
    services.project_goal_unlink(user=editor, project=project, goal=editing.goal)
    assert not ProjectGoal.objects.exists()
    kinds = [(c.kind, c.action) for c in project_history(project=project)]
    assert kinds[:2] == [("Mål, projektet tjener", "deleted"), ("Mål, projektet tjener", "created")]


def test_a_goal_the_user_may_not_see_is_not_linked(editing) -> None:
    # The by-miljoe editor sees the department's draft (a unit above), so a goal of a plan of
    # a unit they have no role over is needed: Forsyning's own draft.
    from tests.factories import FocusAreaFactory, GoalFactory, PlanFocusAreaFactory

    area = PlanFocusAreaFactory(plan=editing.unit_plan, focus_area=FocusAreaFactory())
    hidden = GoalFactory(plan_focus_area=area, statement="Forsynings eget mål.")
    project = _project(editing, user=editing.users["by_miljoe"], unit=editing.by_miljoe)
    with pytest.raises(DomainError):
        services.project_goal_link(user=editing.users["by_miljoe"], project=project, goal=hidden)
