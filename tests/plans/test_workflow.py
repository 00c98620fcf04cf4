"""The plan workflow: draft → submitted → approved → published → archived, and who may move it.

Every pair of statuses is tried by every role: a step the workflow has is
taken by a role that holds (or outranks) the step's role, and refused for
the others; a step the workflow does not have is refused for everyone.
Refusals change nothing and write no workflow step.
"""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser, User

from tests.factories import PlanFactory, UnitFactory
from virkplan.core.errors import DomainError, NotAllowed
from virkplan.organisation.models import ROLE_RANK, Role, RoleGrant, UnitKind
from virkplan.plans import permissions
from virkplan.plans.models import Plan, PlanEvent, PlanStatus
from virkplan.plans.services import (
    MSG_COMMENT_REQUIRED,
    plan_start_revision,
    plan_transition,
)
from virkplan.plans.workflow import TRANSITIONS

ROLES = [None, Role.READER, Role.EDITOR, Role.APPROVER, Role.ADMINISTRATOR]

# The workflow as the municipality agreed it: each step and the least role that may take it.
# Every other move between two statuses is refused whoever asks.
STEPS = {
    (PlanStatus.DRAFT, PlanStatus.SUBMITTED): Role.EDITOR,
    (PlanStatus.SUBMITTED, PlanStatus.DRAFT): Role.APPROVER,
    (PlanStatus.SUBMITTED, PlanStatus.APPROVED): Role.APPROVER,
    (PlanStatus.APPROVED, PlanStatus.PUBLISHED): Role.APPROVER,
    (PlanStatus.APPROVED, PlanStatus.ARCHIVED): Role.APPROVER,
    (PlanStatus.PUBLISHED, PlanStatus.ARCHIVED): Role.APPROVER,
}


@pytest.fixture
def org(db) -> dict:
    """A municipality with a department and two units under it."""
    municipality = UnitFactory(key="kommune", kind=UnitKind.MUNICIPALITY)
    department = UnitFactory(key="afdeling", kind=UnitKind.DEPARTMENT, parent=municipality)
    return {
        "kommune": municipality,
        "afdeling": department,
        "enhed-a": UnitFactory(key="enhed-a", parent=department),
        "enhed-b": UnitFactory(key="enhed-b", parent=department),
        "anden": UnitFactory(key="anden", kind=UnitKind.DEPARTMENT, parent=municipality),
    }


def _user(name: str, role: Role | None, unit=None) -> User:
    user = User.objects.create_user(username=name, password="x")
    if role is not None:
        RoleGrant.objects.create(user=user, unit=unit, role=role)
    return user


def _role_name(role: Role | None) -> str:
    return role.value if role else "none"


def _may(role: Role | None, needed: Role) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


@pytest.mark.parametrize("role", ROLES, ids=_role_name)
@pytest.mark.parametrize(
    ("source", "target"),
    list(itertools.product(PlanStatus.values, PlanStatus.values)),
    ids=lambda value: str(value),
)
def test_every_move_by_every_role(org, source: str, target: str, role: Role | None) -> None:
    # Given a plan of the department in the source status, and a user with the role there
    plan = PlanFactory(unit=org["afdeling"], status=source)
    version = plan.version
    user = _user("bruger", role, org["kommune"])
    needed = STEPS.get((source, target))
    # When the user moves it to the target status (with a comment, in case it needs one)
    if needed is not None and _may(role, needed):
        moved = plan_transition(user=user, plan=plan, to_status=target, comment=" Fint. ")
        # Then it moved, its version went up, and the step is recorded with who and why
        plan.refresh_from_db()
        assert moved.status == plan.status == target
        assert plan.version == version + 1
        event = PlanEvent.objects.get(plan=plan)
        assert (event.from_status, event.to_status) == (source, target)
        assert event.user == user
        assert event.comment == "Fint."
    else:
        expected = NotAllowed if needed is not None else DomainError
        with pytest.raises(expected) as refused:
            plan_transition(user=user, plan=plan, to_status=target, comment="Fint.")
        if needed is None:
            assert not isinstance(refused.value, NotAllowed)
        # Then nothing changed
        plan.refresh_from_db()
        assert (plan.status, plan.version) == (source, version)
        assert not PlanEvent.objects.exists()


def test_the_workflow_has_the_expected_steps() -> None:
    assert {(t.source, t.target): t.role for t in TRANSITIONS} == STEPS
    assert [t.target for t in TRANSITIONS if t.needs_comment] == [PlanStatus.DRAFT]


@pytest.mark.parametrize("unit_key", ["enhed-a", "anden"])
@pytest.mark.parametrize("role", [Role.EDITOR, Role.APPROVER, Role.ADMINISTRATOR])
def test_roles_below_or_beside_the_plans_unit_do_not_move_it(org, unit_key, role) -> None:
    # Given a submitted plan of the department, and a role on a unit below it or beside it
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.SUBMITTED)
    user = _user("andet-sted", role, org[unit_key])
    # Then no step is offered, and approving is refused
    assert permissions.allowed_transitions(user, plan) == []
    with pytest.raises(NotAllowed):
        plan_transition(user=user, plan=plan, to_status=PlanStatus.APPROVED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_roles_on_the_unit_above_hold_for_its_plans(org) -> None:
    plan = PlanFactory(unit=org["enhed-a"], status=PlanStatus.SUBMITTED)
    approver = _user("godkender", Role.APPROVER, org["afdeling"])
    plan_transition(user=approver, plan=plan, to_status=PlanStatus.APPROVED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_anonymous_and_superuser(org) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.DRAFT)
    with pytest.raises(NotAllowed):
        plan_transition(user=AnonymousUser(), plan=plan, to_status=PlanStatus.SUBMITTED)
    superuser = User.objects.create_user(username="super", password="x", is_superuser=True)
    plan_transition(user=superuser, plan=plan, to_status=PlanStatus.SUBMITTED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("status", PlanStatus.values)
@pytest.mark.parametrize("role", ROLES, ids=_role_name)
def test_allowed_transitions_are_the_steps_the_role_may_take(org, status, role) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=status)
    user = _user("bruger", role, org["afdeling"])
    expected = {
        target
        for (source, target), needed in STEPS.items()
        if source == status and _may(role, needed)
    }
    allowed = permissions.allowed_transitions(user, plan)
    assert {t.target for t in allowed} == expected
    assert all(t.source == status for t in allowed)


# Returning a plan needs a comment ------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_returning_a_plan_without_a_comment_is_refused(org, comment: str) -> None:
    # Given a submitted plan and its approver
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.SUBMITTED)
    approver = _user("godkender", Role.APPROVER, org["afdeling"])
    # When they return it without saying why
    with pytest.raises(DomainError) as refused:
        plan_transition(user=approver, plan=plan, to_status=PlanStatus.DRAFT, comment=comment)
    # Then they are told the comment is required, and the plan stays submitted
    assert refused.value.message == str(MSG_COMMENT_REQUIRED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not PlanEvent.objects.exists()


def test_returning_a_plan_with_a_comment_records_it(org) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.SUBMITTED)
    approver = _user("godkender", Role.APPROVER, org["afdeling"])
    plan_transition(
        user=approver, plan=plan, to_status=PlanStatus.DRAFT, comment="Mål 3 mangler dokumentation."
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    event = plan.events.get()
    assert event.comment == "Mål 3 mangler dokumentation."
    assert (event.from_status, event.to_status, event.user) == (
        PlanStatus.SUBMITTED,
        PlanStatus.DRAFT,
        approver,
    )


def test_other_steps_take_an_empty_comment(org) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.DRAFT)
    editor = _user("redaktoer", Role.EDITOR, org["afdeling"])
    plan_transition(user=editor, plan=plan, to_status=PlanStatus.SUBMITTED)
    assert plan.events.get().comment == ""


def test_the_whole_cycle_writes_one_step_each_newest_first(org) -> None:
    # Given an editor and an approver of the department, and a draft plan
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.DRAFT)
    editor = _user("redaktoer", Role.EDITOR, org["afdeling"])
    approver = _user("godkender", Role.APPROVER, org["afdeling"])
    # When it goes round: submitted, returned, submitted, approved, published, archived
    steps = [
        (editor, PlanStatus.SUBMITTED, ""),
        (approver, PlanStatus.DRAFT, "Ret indledningen."),
        (editor, PlanStatus.SUBMITTED, "Rettet."),
        (approver, PlanStatus.APPROVED, ""),
        (approver, PlanStatus.PUBLISHED, ""),
        (approver, PlanStatus.ARCHIVED, ""),
    ]
    for user, target, comment in steps:
        plan_transition(user=user, plan=plan, to_status=target, comment=comment)
    # Then each step is recorded, newest first
    events = list(plan.events.all())
    assert [(e.to_status, e.user, e.comment) for e in reversed(events)] == [
        (target, user, comment) for user, target, comment in steps
    ]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED


# Revisions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("revised_status", [PlanStatus.APPROVED, PlanStatus.PUBLISHED])
def test_approving_a_revision_archives_the_revised_plan(org, revised_status) -> None:
    # Given an approved (or published) plan and a new revision of it, submitted
    plan = PlanFactory(unit=org["afdeling"], status=revised_status)
    editor = _user("redaktoer", Role.EDITOR, org["afdeling"])
    approver = _user("godkender", Role.APPROVER, org["afdeling"])
    revision = plan_start_revision(user=editor, plan=plan)
    assert (revision.status, revision.revision, revision.revision_of) == (
        PlanStatus.DRAFT,
        2,
        plan,
    )
    plan_transition(user=editor, plan=revision, to_status=PlanStatus.SUBMITTED)
    # While the revision waits, the revised plan is unchanged
    plan.refresh_from_db()
    assert plan.status == revised_status
    # When the approver approves the revision
    plan_transition(user=approver, plan=revision, to_status=PlanStatus.APPROVED)
    # Then the revision is approved and the plan it revises is archived, with a step saying why
    revision.refresh_from_db()
    plan.refresh_from_db()
    assert revision.status == PlanStatus.APPROVED
    assert plan.status == PlanStatus.ARCHIVED
    archived = plan.events.get()
    assert (archived.from_status, archived.to_status, archived.user) == (
        revised_status,
        PlanStatus.ARCHIVED,
        approver,
    )
    assert "2" in archived.comment


def test_returning_a_revision_leaves_the_revised_plan_alone(org) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.PUBLISHED)
    editor = _user("redaktoer", Role.EDITOR, org["afdeling"])
    approver = _user("godkender", Role.APPROVER, org["afdeling"])
    revision = plan_start_revision(user=editor, plan=plan)
    plan_transition(user=editor, plan=revision, to_status=PlanStatus.SUBMITTED)
    plan_transition(user=approver, plan=revision, to_status=PlanStatus.DRAFT, comment="Nej.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert not plan.events.exists()


def test_approving_a_revision_of_an_archived_plan_archives_nothing_more(org) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.PUBLISHED)
    editor = _user("redaktoer", Role.EDITOR, org["afdeling"])
    approver = _user("godkender", Role.APPROVER, org["afdeling"])
    revision = plan_start_revision(user=editor, plan=plan)
    plan_transition(user=approver, plan=plan, to_status=PlanStatus.ARCHIVED)
    plan_transition(user=editor, plan=revision, to_status=PlanStatus.SUBMITTED)
    plan_transition(user=approver, plan=revision, to_status=PlanStatus.APPROVED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED
    assert plan.events.count() == 1


def test_a_plan_being_revised_gets_no_second_revision(org) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=PlanStatus.PUBLISHED)
    editor = _user("redaktoer", Role.EDITOR, org["afdeling"])
    plan_start_revision(user=editor, plan=plan)
    with pytest.raises(DomainError):
        plan_start_revision(user=editor, plan=plan)
    assert Plan.objects.filter(revision_of=plan).count() == 1
