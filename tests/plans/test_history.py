"""History of plans and goals (plans.history) and restoring earlier versions (history_restore).

The history is read from django-simple-history's records; every write goes
through plans.services, so what a test changes is recorded as in the app.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import FocusAreaFactory, FollowUpFactory, UnitFactory
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation.models import Role, RoleGrant, Unit, UnitKind
from virkplan.plans import history, services
from virkplan.plans.goal_status.models import GoalAssessment
from virkplan.plans.history import DiffPart, goal_history, plan_history, word_diff
from virkplan.plans.models import (
    Criterion,
    FollowUp,
    FollowUpStatus,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
)

FIRST = "Vi vil plante 100 træer i bydelen."
SECOND = "Vi vil plante 200 nye træer i hele bydelen."
THIRD = "Vi vil plante 300 træer."


@dataclass
class Org:
    top: Unit
    department: Unit
    unit: Unit  # the unit responsible for the goal
    sibling: Unit


def _user(name: str, role: Role | None = None, unit: Unit | None = None) -> User:
    user = User.objects.create_user(username=name, password="x")
    if role is not None and unit is not None:
        RoleGrant.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def org(db) -> Org:
    top = UnitFactory(key="kommune", name="Kommunen", kind=UnitKind.MUNICIPALITY)
    department = UnitFactory(
        key="afdeling", name="Afdelingen", kind=UnitKind.DEPARTMENT, parent=top
    )
    unit = UnitFactory(key="forsyning", name="Forsyning", parent=department)
    sibling = UnitFactory(key="by-miljoe", name="By & Miljø", parent=department)
    return Org(top, department, unit, sibling)


@pytest.fixture
def editor(org) -> User:
    return _user("redaktoer", Role.EDITOR, org.department)


@pytest.fixture
def users(org, editor) -> dict[str, User]:
    return {
        "anonymous": None,  # type: ignore[dict-item]
        "no role": _user("ingen"),
        "reader": _user("laeser", Role.READER, org.top),
        "unit editor": _user("redaktoer-forsyning", Role.EDITOR, org.unit),
        "sibling editor": _user("redaktoer-by", Role.EDITOR, org.sibling),
        "plan editor": editor,
        "approver": _user("godkender", Role.APPROVER, org.department),
        "administrator": _user("admin", Role.ADMINISTRATOR, org.top),
    }


@dataclass
class Draft:
    plan: Plan
    section: Section
    area: PlanFocusArea
    goal: Goal
    criterion: Criterion
    other_criterion: Criterion


@pytest.fixture
def draft(org, editor) -> Draft:
    """A draft plan with a section, a focus area, and a goal of the unit with two criteria."""
    plan = services.plan_create(
        user=editor,
        unit=org.department,
        title="Virksomhedsplan 2026",
        start_year=2026,
        end_year=2026,
    )
    section = services.section_create(user=editor, plan=plan, title="Indledning", body="Første.")
    area = services.plan_focus_area_add(
        user=editor, plan=plan, title="", focus_area=FocusAreaFactory(), unit_text="Vores del."
    )
    goal = services.goal_create(user=editor, area=area, statement=FIRST, responsible_unit=org.unit)
    criterion = services.criterion_create(user=editor, goal=goal, text="Træerne er plantet.")
    other = services.criterion_create(user=editor, goal=goal, text="Borgerne er hørt.")
    return Draft(plan, section, area, goal, criterion, other)


def _edit_goal(user: User, goal: Goal, statement: str) -> Goal:
    goal.refresh_from_db()
    return services.goal_update(
        user=user,
        goal=goal,
        expected_version=goal.version,
        statement=statement,
        ref=goal.ref,
        responsible_unit=goal.responsible_unit,
    )


def _record(row, **filters):
    """The row's historical record (the latest matching the filters)."""
    return row.history.filter(**filters).order_by("-history_date", "-history_id").first()


def _fresh(row):
    """The row loaded again (a deleted instance forgets its id; the fixture's must not)."""
    return type(row).objects.get(pk=row.pk)


def _version_with(goal: Goal, statement: str):
    return Goal.history.filter(id=goal.pk, statement=statement).order_by("history_id").first()


def _submit(user: User, plan: Plan) -> None:
    services.plan_transition(user=user, plan=plan, to_status=PlanStatus.SUBMITTED)


def _published(org: Org) -> tuple[Plan, Goal, FollowUp]:
    """A published plan whose goal (of the unit) has a follow-up that was changed once."""
    admin = _user("system-admin", Role.ADMINISTRATOR, org.top)
    plan = services.plan_create(
        user=admin, unit=org.department, title="Plan 2025", start_year=2025, end_year=2025
    )
    area = services.plan_focus_area_add(user=admin, plan=plan, title="Klima")
    goal = services.goal_create(user=admin, area=area, statement=FIRST, responsible_unit=org.unit)
    for status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        services.plan_transition(user=admin, plan=plan, to_status=status)
    follow_up = services.follow_up_create(
        user=admin, goal=goal, status=FollowUpStatus.IN_PROGRESS, text="Halvdelen er plantet."
    )
    services.follow_up_update(
        user=admin,
        follow_up=follow_up,
        expected_version=follow_up.version,
        status=FollowUpStatus.MET,
        text="Alle træer er plantet.",
    )
    plan.refresh_from_db()
    return plan, goal, follow_up


# --- restoring an earlier version --------------------------------------------------------


def test_restoring_a_goal_puts_its_text_back_and_bumps_its_version(draft, editor) -> None:
    # Given a goal changed twice
    _edit_goal(editor, draft.goal, SECOND)
    _edit_goal(editor, draft.goal, THIRD)
    draft.goal.refresh_from_db()
    version = draft.goal.version
    # When the editor restores the first version
    restored = services.history_restore(user=editor, record=_version_with(draft.goal, FIRST))
    # Then the goal reads as it first did, one version on, with its key and unit unchanged
    draft.goal.refresh_from_db()
    assert restored.pk == draft.goal.pk
    assert draft.goal.statement == FIRST
    assert draft.goal.version == version + 1
    assert draft.goal.responsible_unit_id == restored.responsible_unit_id
    # And the restore is recorded like any change: by the editor, marked as a restore
    latest = _record(draft.goal)
    assert latest.history_type == "~"
    assert latest.history_user_id == editor.pk
    source = _version_with(draft.goal, FIRST)
    assert latest.history_change_reason == f"restore:{source.history_id}"


def test_restore_then_history_shows_the_restore(draft, editor) -> None:
    # Given a goal changed, then restored to its first version
    _edit_goal(editor, draft.goal, SECOND)
    first = _version_with(draft.goal, FIRST)
    services.history_restore(user=editor, record=first)
    # When the goal's history is read
    changes = goal_history(user=editor, plan=draft.plan, goal_id=draft.goal.pk).changes
    # Then the newest entry is the restore, by the editor, naming the version it brought back
    newest = changes[0]
    assert newest.action == "restored"
    assert newest.user == "redaktoer"
    assert newest.restored_from == first.history_date
    assert [(f.old, f.new) for f in newest.fields] == [(SECOND, FIRST)]
    # And the edit before it is still there
    assert changes[1].action == "changed"
    assert [(f.old, f.new) for f in changes[1].fields] == [(FIRST, SECOND)]


def test_restore_refuses_when_the_row_changed_since_the_user_looked(draft, editor) -> None:
    # Given the editor opened the restore of the first version at version 1 ...
    first = _version_with(draft.goal, FIRST)
    seen = Goal.objects.get(pk=draft.goal.pk).version
    # ... and someone else changed the goal meanwhile
    _edit_goal(editor, draft.goal, SECOND)
    # When the editor confirms the restore
    with pytest.raises(EditConflict) as refused:
        services.history_restore(user=editor, record=first, expected_version=seen)
    # Then nothing changed, and the current goal is handed back to show
    assert refused.value.current.statement == SECOND
    assert Goal.objects.get(pk=draft.goal.pk).statement == SECOND


def test_restoring_a_deleted_criterion_creates_it_again(draft, editor) -> None:
    # Given a criterion that was changed, then deleted
    services.criterion_update(
        user=editor,
        criterion=draft.criterion,
        expected_version=draft.criterion.version,
        text="Alle træerne er plantet.",
    )
    services.criterion_delete(user=editor, criterion=Criterion.objects.get(pk=draft.criterion.pk))
    deletion = _record(draft.criterion)
    assert deletion.history_type == "-"
    # When the editor restores it from its deletion
    services.history_restore(user=editor, record=deletion, expected_version=0)
    # Then it is back under its goal, with its id, its last text and a newer version
    back = Criterion.objects.get(pk=draft.criterion.pk)
    assert back.goal_id == draft.goal.pk
    assert back.text == "Alle træerne er plantet."
    assert back.version == 3
    assert _record(draft.criterion).history_type == "+"
    # And the history says it was restored, not created
    change = goal_history(user=editor, plan=draft.plan, goal_id=draft.goal.pk).changes[0]
    assert (change.kind, change.action) == (history.CRITERION, "restored")


def test_restoring_an_earlier_version_of_a_deleted_criterion(draft, editor) -> None:
    # Given a criterion changed and deleted
    first = _record(draft.criterion)
    services.criterion_update(
        user=editor, criterion=draft.criterion, expected_version=1, text="Ændret."
    )
    services.criterion_delete(user=editor, criterion=Criterion.objects.get(pk=draft.criterion.pk))
    # When its first version is restored
    services.history_restore(user=editor, record=first)
    # Then it is back with its first text
    assert Criterion.objects.get(pk=draft.criterion.pk).text == "Træerne er plantet."


def test_restoring_a_deleted_goal_brings_back_its_key_criteria_and_follow_ups(
    draft, editor
) -> None:
    # Given a goal with a sub-goal and a follow-up, deleted in one go
    sub = services.goal_create(
        user=editor, area=draft.area, statement="Vi vil vande dem.", parent=draft.goal
    )
    follow_up = FollowUpFactory(goal=draft.goal, text="Godt i gang.")
    # ... and a criterion the same editor deleted on its own a moment before
    services.criterion_delete(user=editor, criterion=_fresh(draft.other_criterion))
    key = draft.goal.key
    services.goal_delete(user=editor, goal=Goal.objects.get(pk=draft.goal.pk))
    assert not Goal.objects.filter(key=key).exists()
    # When the editor restores the goal from its history
    services.history_restore(user=editor, record=_record(draft.goal))
    # Then the goal is back with its key, and what was deleted with it is back too
    goal = Goal.objects.get(key=key)
    assert goal.pk == draft.goal.pk
    assert goal.statement == FIRST
    assert list(goal.criteria.values_list("text", flat=True)) == ["Træerne er plantet."]
    assert list(goal.follow_ups.values_list("pk", flat=True)) == [follow_up.pk]
    assert list(goal.subgoals.values_list("pk", flat=True)) == [sub.pk]
    # But not the criterion deleted before
    assert not Criterion.objects.filter(pk=draft.other_criterion.pk).exists()


def test_a_goal_deleted_before_delete_batches_comes_back_with_what_went_in_the_same_seconds(
    draft, editor
) -> None:
    # Given a goal deleted with its criteria, recorded as before deletes carried a batch,
    # and a criterion of it deleted on its own a day before
    services.criterion_delete(user=editor, criterion=_fresh(draft.other_criterion))
    Criterion.history.filter(id=draft.other_criterion.pk, history_type="-").update(
        history_date=_record(draft.other_criterion).history_date - timedelta(days=1)
    )
    services.goal_delete(user=editor, goal=Goal.objects.get(pk=draft.goal.pk))
    for kind in (history.GOAL, history.CRITERION):
        kind.records().filter(history_type="-").update(history_change_reason=None)
    # When the editor restores the goal
    services.history_restore(user=editor, record=_record(draft.goal))
    # Then what was deleted in the same seconds is back, and the day-old delete is not
    goal = Goal.objects.get(pk=draft.goal.pk)
    assert list(goal.criteria.values_list("text", flat=True)) == ["Træerne er plantet."]
    assert not Criterion.objects.filter(pk=draft.other_criterion.pk).exists()


def test_restoring_a_sub_goal_of_a_deleted_goal_asks_for_the_goal_first(draft, editor) -> None:
    # Given a goal with a sub-goal, deleted
    sub = services.goal_create(
        user=editor, area=draft.area, statement="Vi vil vande dem.", parent=draft.goal
    )
    services.goal_delete(user=editor, goal=Goal.objects.get(pk=draft.goal.pk))
    # When the sub-goal alone is restored
    with pytest.raises(DomainError) as refused:
        services.history_restore(user=editor, record=_record(sub))
    # Then it is refused, saying what to restore first, and nothing is created
    goal_label = str(Goal._meta.verbose_name)
    assert refused.value.message == str(services.MSG_RESTORE_PARENT_FIRST) % {"parent": goal_label}
    assert not Goal.objects.filter(pk__in=[sub.pk, draft.goal.pk]).exists()


def test_restoring_a_criterion_of_a_deleted_goal_asks_for_the_goal_first(draft, editor) -> None:
    services.goal_delete(user=editor, goal=Goal.objects.get(pk=draft.goal.pk))
    with pytest.raises(DomainError):
        services.history_restore(user=editor, record=_record(draft.criterion, history_type="+"))
    assert not Criterion.objects.filter(goal_id=draft.goal.pk).exists()


def test_restoring_a_deleted_goal_whose_key_was_taken_is_refused(draft, editor) -> None:
    key = draft.goal.key
    services.goal_delete(user=editor, goal=Goal.objects.get(pk=draft.goal.pk))
    Goal.objects.create(plan_focus_area=draft.area, statement="Ny", key=key)
    with pytest.raises(DomainError):
        services.history_restore(user=editor, record=_record(draft.goal))
    assert Goal.objects.get(key=key).statement == "Ny"


def test_restoring_a_section_and_a_deleted_section(draft, editor) -> None:
    # Given a section whose text changed, and then was deleted
    section = services.section_update(
        user=editor, section=draft.section, expected_version=1, title="Indledning", body="Anden."
    )
    first = _record(draft.section, history_type="+")
    # When its first version is restored
    services.history_restore(user=editor, record=first, expected_version=section.version)
    assert Section.objects.get(pk=draft.section.pk).body == "Første."
    # And after it is deleted, it can be restored again
    services.row_delete(user=editor, row=Section.objects.get(pk=draft.section.pk))
    services.history_restore(user=editor, record=_record(draft.section), expected_version=0)
    assert Section.objects.get(pk=draft.section.pk).body == "Første."


def test_restoring_a_focus_area_text_and_a_deleted_focus_area_with_its_goals(draft, editor) -> None:
    # Given the plan's text about a focus area changed
    services.plan_focus_area_update(
        user=editor, area=draft.area, expected_version=1, unit_text="Ny tekst."
    )
    services.history_restore(user=editor, record=_record(draft.area, history_type="+"))
    assert PlanFocusArea.objects.get(pk=draft.area.pk).unit_text == "Vores del."
    # When the focus area is taken out of the plan (its goals go with it) and restored
    services.row_delete(user=editor, row=PlanFocusArea.objects.get(pk=draft.area.pk))
    assert not Goal.objects.filter(pk=draft.goal.pk).exists()
    services.history_restore(user=editor, record=_record(draft.area))
    # Then the focus area is back with its goals and their criteria
    assert PlanFocusArea.objects.get(pk=draft.area.pk).unit_text == "Vores del."
    goal = Goal.objects.get(pk=draft.goal.pk)
    assert goal.criteria.count() == 2


def test_restoring_a_deleted_focus_area_already_in_the_plan_again_is_refused(draft, editor) -> None:
    focus_area = draft.area.focus_area
    services.row_delete(user=editor, row=PlanFocusArea.objects.get(pk=draft.area.pk))
    services.plan_focus_area_add(user=editor, plan=draft.plan, title="", focus_area=focus_area)
    with pytest.raises(DomainError):
        services.history_restore(user=editor, record=_record(draft.area))


def test_restoring_the_plan_fields_leaves_its_status(draft, editor) -> None:
    # Given a plan renamed
    services.plan_update(
        user=editor, plan=draft.plan, expected_version=1, title="Ny titel", focus_area_intro="Intro"
    )
    # When its first version is restored
    plan = services.history_restore(user=editor, record=_record(draft.plan, history_type="+"))
    # Then its title and introduction are back, and it is still a draft
    plan.refresh_from_db()
    assert (plan.title, plan.focus_area_intro, plan.status) == (
        "Virksomhedsplan 2026",
        "",
        PlanStatus.DRAFT,
    )
    assert plan.version == 3


@pytest.mark.parametrize("what", ["plan", "section", "area", "goal", "criterion"])
def test_restoring_a_version_of_a_locked_plan_is_refused(draft, editor, what: str) -> None:
    # Given a plan whose rows changed, then submitted for approval (locked)
    _edit_goal(editor, draft.goal, SECOND)
    services.plan_update(user=editor, plan=draft.plan, expected_version=1, title="Ny titel")
    row = {
        "plan": draft.plan,
        "section": draft.section,
        "area": draft.area,
        "goal": draft.goal,
        "criterion": draft.criterion,
    }[what]
    first = _record(row, history_type="+")
    _submit(editor, draft.plan)
    before = _record(row).history_id
    # When the editor restores an earlier version
    with pytest.raises(NotAllowed) as refused:
        services.history_restore(user=editor, record=first)
    # Then it is refused because the plan is locked, and nothing is written
    locked = str(services.MSG_PLAN_LOCKED) % {"status": PlanStatus.SUBMITTED.label}
    assert refused.value.message == locked
    assert _record(row).history_id == before
    assert Goal.objects.get(pk=draft.goal.pk).statement == SECOND


def test_restoring_a_deleted_goal_of_a_locked_plan_is_refused(draft, editor) -> None:
    services.goal_delete(user=editor, goal=Goal.objects.get(pk=draft.goal.pk))
    _submit(editor, draft.plan)
    with pytest.raises(NotAllowed):
        services.history_restore(user=editor, record=_record(draft.goal))
    assert not Goal.objects.filter(pk=draft.goal.pk).exists()


RESTORE_GOAL_ALLOWED = {
    "no role": False,
    "reader": False,
    "unit editor": True,
    "sibling editor": False,
    "plan editor": True,
    "approver": True,
    "administrator": True,
}


@pytest.mark.parametrize("who", list(RESTORE_GOAL_ALLOWED))
def test_who_may_restore_a_goal(draft, users, who: str) -> None:
    # Given a goal of the unit, changed since its first version
    _edit_goal(users["plan editor"], draft.goal, SECOND)
    first = _version_with(draft.goal, FIRST)
    count = Goal.history.count()
    if RESTORE_GOAL_ALLOWED[who]:
        # Then its editors (of the plan's unit or the goal's) restore it
        services.history_restore(user=users[who], record=first)
        assert Goal.objects.get(pk=draft.goal.pk).statement == FIRST
    else:
        # Else the restore is refused and nothing is written
        with pytest.raises(NotAllowed):
            services.history_restore(user=users[who], record=first)
        assert Goal.objects.get(pk=draft.goal.pk).statement == SECOND
        assert Goal.history.count() == count


@pytest.mark.parametrize("who", ["reader", "unit editor", "sibling editor", "no role"])
def test_only_the_plans_editors_restore_its_sections(draft, users, who: str) -> None:
    services.section_update(
        user=users["plan editor"], section=draft.section, expected_version=1, title="T", body="B"
    )
    with pytest.raises(NotAllowed):
        services.history_restore(user=users[who], record=_record(draft.section, history_type="+"))
    assert Section.objects.get(pk=draft.section.pk).body == "B"


def test_a_reader_cannot_restore(draft, users) -> None:
    _edit_goal(users["plan editor"], draft.goal, SECOND)
    with pytest.raises(NotAllowed) as refused:
        services.history_restore(user=users["reader"], record=_version_with(draft.goal, FIRST))
    assert refused.value.message == str(services.MSG_NOT_ALLOWED)
    assert Goal.objects.get(pk=draft.goal.pk).statement == SECOND


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("unit editor", True),
        ("plan editor", True),
        ("approver", True),
        ("administrator", True),
        ("sibling editor", False),
        ("reader", False),
    ],
)
def test_follow_ups_are_restored_on_a_published_plan_by_the_goals_editors(
    org, users, who: str, allowed: bool
) -> None:
    # Given a published plan with a follow-up changed from "in progress" to "met"
    _plan, _goal, follow_up = _published(org)
    first = _record(follow_up, history_type="+")
    if allowed:
        services.history_restore(user=users[who], record=first)
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.text) == (
            FollowUpStatus.IN_PROGRESS,
            "Halvdelen er plantet.",
        )
    else:
        with pytest.raises(NotAllowed):
            services.history_restore(user=users[who], record=first)
        follow_up.refresh_from_db()
        assert follow_up.status == FollowUpStatus.MET


def test_follow_ups_of_a_draft_are_not_restored(draft, editor) -> None:
    follow_up = FollowUpFactory(goal=draft.goal, text="Første.")
    follow_up.text = "Anden."
    follow_up.save()
    with pytest.raises(NotAllowed) as refused:
        services.history_restore(user=editor, record=_record(follow_up, history_type="+"))
    draft_label = PlanStatus.DRAFT.label
    assert refused.value.message == str(services.MSG_FOLLOW_UP_CLOSED) % {"status": draft_label}
    assert FollowUp.objects.get(pk=follow_up.pk).text == "Anden."


def test_a_goal_in_a_published_plan_is_not_restored(org) -> None:
    _plan, goal, _follow_up = _published(org)
    goal.statement = SECOND
    goal.save()
    admin = User.objects.get(username="system-admin")
    with pytest.raises(NotAllowed):
        services.history_restore(user=admin, record=_version_with(goal, FIRST))
    assert Goal.objects.get(pk=goal.pk).statement == SECOND


# --- reading the history -------------------------------------------------------------------


def test_goal_history_lists_the_goal_its_criteria_and_follow_ups_newest_first(
    draft, editor
) -> None:
    # Given a goal edited, a criterion deleted, and another goal in the same plan
    _edit_goal(editor, draft.goal, SECOND)
    services.criterion_delete(user=editor, criterion=_fresh(draft.other_criterion))
    other_goal = services.goal_create(user=editor, area=draft.area, statement="Andet mål.")
    services.criterion_create(user=editor, goal=other_goal, text="Andet punkt.")
    # When the goal's history is read
    changes = goal_history(user=editor, plan=draft.plan, goal_id=draft.goal.pk).changes
    # Then it has the goal's, its criteria's records (the deleted one too), newest first
    assert [(c.kind.slug, c.action) for c in changes] == [
        ("dokumentation", "deleted"),
        ("maal", "changed"),
        ("dokumentation", "created"),
        ("dokumentation", "created"),
        ("maal", "created"),
    ]
    assert [c.when for c in changes] == sorted((c.when for c in changes), reverse=True)
    assert changes[0].subject == "Borgerne er hørt."
    assert changes[0].fields[0].old == "Borgerne er hørt."
    assert not changes[0].exists
    assert "Andet" not in " ".join(c.subject for c in changes)


def test_plan_history_covers_every_kind_of_row_in_the_plan(draft, editor, org) -> None:
    # Given one change of each kind of row in the plan (the goal's status as an imported plan
    # brings it), and another plan's change
    GoalAssessment.objects.create(goal=draft.goal, date=date(2025, 12, 31), status="met")
    services.plan_update(user=editor, plan=draft.plan, expected_version=1, title="Ny titel")
    services.section_update(
        user=editor, section=draft.section, expected_version=1, title="Indledning", body="Anden."
    )
    services.plan_focus_area_update(user=editor, area=draft.area, expected_version=1, unit_text="X")
    _edit_goal(editor, draft.goal, SECOND)
    services.criterion_delete(user=editor, criterion=_fresh(draft.other_criterion))
    FollowUpFactory(goal=draft.goal, text="Godt i gang.")
    other = services.plan_create(
        user=editor, unit=org.department, title="En anden plan", start_year=2027, end_year=2027
    )
    # When the plan's history is read
    changes = plan_history(user=editor, plan=draft.plan).changes
    # Then the plan's own changes are there, newest first, and the other plan's are not
    kinds = [(c.kind.slug, c.action) for c in changes[:6]]
    assert kinds == [
        ("opfoelgning", "created"),
        ("dokumentation", "deleted"),
        ("maal", "changed"),
        ("indsatsomraade", "changed"),
        ("afsnit", "changed"),
        ("plan", "changed"),
    ]
    assert {c.kind.slug for c in changes} == {k.slug for k in history.KINDS}
    assert all(c.record.history_date <= changes[0].when for c in changes)
    assert other.title not in [c.subject for c in changes]
    # And criteria and follow-ups name the goal they belong to
    assert changes[0].goal is not None and changes[0].goal.key == draft.goal.key
    assert changes[1].goal is not None and changes[1].goal.statement == SECOND


def test_changes_show_translated_field_names_choice_labels_and_units(org) -> None:
    # Given a follow-up whose status changed, and a goal given to another unit
    plan, goal, _follow_up = _published(org)
    goal.responsible_unit = org.sibling
    goal.save()
    admin = User.objects.get(username="system-admin")
    # When the plan's history is read in English
    from django.utils import translation

    with translation.override("en"):
        changes = plan_history(user=admin, plan=plan).changes
    goal_change, follow_up_change = changes[0], changes[1]
    # Then the goal's change names the units, and the follow-up's the statuses by label
    assert [(f.label, f.old, f.new) for f in goal_change.fields] == [
        ("Responsible unit", "Forsyning", "By & Miljø")
    ]
    status, text = follow_up_change.fields
    assert (status.label, status.old, status.new) == ("Status", "in progress", "met")
    assert (text.label, text.old, text.new) == (
        "Text",
        "Halvdelen er plantet.",
        "Alle træer er plantet.",
    )
    assert text.diff is not None and {part.kind for part in text.diff} == {
        "same",
        "removed",
        "added",
    }
    with translation.override("da"):
        changes = plan_history(user=admin, plan=plan).changes
    assert changes[1].fields[0].new == str(FollowUpStatus.MET.label)


def test_history_names_who_changed_it_or_the_system(draft, editor) -> None:
    # Given a change made by a known user, and one made outside any request (an import)
    goal = Goal.objects.get(pk=draft.goal.pk)
    goal._history_user = editor
    goal.statement = SECOND
    goal.save()
    changes = goal_history(user=editor, plan=draft.plan, goal_id=goal.pk).changes
    assert changes[0].user == "redaktoer"
    assert changes[-1].user == "systemet"


def test_moves_are_told_apart_from_text_changes(draft, editor) -> None:
    services.row_move(user=editor, row=Criterion.objects.get(pk=draft.criterion.pk), offset=1)
    changes = goal_history(user=editor, plan=draft.plan, goal_id=draft.goal.pk).changes
    assert {c.action for c in changes[:2]} == {"moved"}
    assert changes[0].fields == []


def _kinds(parts: list[DiffPart]) -> list[tuple[str, str]]:
    return [(part.kind, part.text) for part in parts]


def test_word_diff_gives_the_removed_words_where_they_were_and_the_added_ones() -> None:
    parts = word_diff("Vi vil plante 100 træer.", "Vi vil plante <b>200</b> træer.")
    # The text as it is, not as HTML: the pages escape it when they mark it up
    assert _kinds(parts) == [
        ("same", "Vi vil plante "),
        ("removed", "100 "),
        ("added", "<b>200</b> "),
        ("same", "træer."),
    ]


def test_word_diff_of_a_huge_text_replaces_it_whole() -> None:
    old, new = "a " * 20_000, "b " * 20_000
    parts = word_diff(old, new)
    assert [part.kind for part in parts] == ["removed", "added"]


@pytest.mark.parametrize(
    ("who", "can_restore"),
    [("reader", False), ("sibling editor", False), ("unit editor", True), ("approver", True)],
)
def test_entries_offer_restoring_where_the_user_may_and_it_changes_something(
    draft, users, who: str, can_restore: bool
) -> None:
    _edit_goal(users["plan editor"], draft.goal, SECOND)
    changes = goal_history(user=users[who], plan=draft.plan, goal_id=draft.goal.pk).changes
    current, first = changes[0], changes[-1]
    assert (current.kind, current.record.statement) == (history.GOAL, SECOND)
    # The current version is never offered; the first one is, to who may edit the goal
    assert not current.can_restore
    assert first.can_restore is can_restore


def test_history_is_paginated_fifty_entries_a_page(draft, editor) -> None:
    for number in range(60):
        _edit_goal(editor, draft.goal, f"Vi vil nå {number} ting.")
    first = goal_history(user=editor, plan=draft.plan, goal_id=draft.goal.pk, page=1)
    second = goal_history(user=editor, plan=draft.plan, goal_id=draft.goal.pk, page=2)
    assert first.page.paginator.count == 60 + 3
    assert len(first.changes) == 50 and len(second.changes) == 13
    assert first.changes[0].record.statement == "Vi vil nå 59 ting."
    # The first entry of page 2 still knows the version before it
    assert [(f.old, f.new) for f in second.changes[0].fields] == [
        ("Vi vil nå 8 ting.", "Vi vil nå 9 ting.")
    ]
    assert second.changes[-1].action == "created"


def _plan_with_goals(org: Org, editor: User, goals: int) -> Plan:
    """A draft with the given number of goals, then one change of every kind of row in it."""
    plan = services.plan_create(
        user=editor, unit=org.department, title=f"Plan {goals}", start_year=2026, end_year=2026
    )
    section = services.section_create(user=editor, plan=plan, title="Indledning", body="Tekst.")
    area = services.plan_focus_area_add(user=editor, plan=plan, title="Område", unit_text="T")
    rows = []
    for number in range(goals):
        goal = services.goal_create(
            user=editor, area=area, statement=f"Mål {number}", responsible_unit=org.unit
        )
        criterion = services.criterion_create(user=editor, goal=goal, text=f"Punkt {number}")
        rows.append((goal, criterion, FollowUpFactory(goal=goal, text=f"Opfølgning {number}")))
        # (a status as an imported plan brings it)
        GoalAssessment.objects.create(goal=goal, date=date(2025, 12, 31), status="met")
    goal, criterion, follow_up = rows[0]
    _edit_goal(editor, goal, "Mål 0, ændret")
    services.criterion_update(user=editor, criterion=criterion, expected_version=1, text="Ændret")
    follow_up.text = "Opfølgning, ændret"
    follow_up.save()
    services.section_update(user=editor, section=section, expected_version=1, title="I", body="B")
    services.plan_focus_area_update(user=editor, area=area, expected_version=1, unit_text="U")
    services.plan_update(user=editor, plan=plan, expected_version=1, title=f"Plan {goals}!")
    return plan


def _queries(function, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        function(**kwargs)
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_goals(org, editor) -> None:
    # Given a plan with 2 goals and one with 40, each with a change of every kind of row last
    small, large = _plan_with_goals(org, editor, 2), _plan_with_goals(org, editor, 40)
    reader = User.objects.get(pk=editor.pk)  # roles loaded once per user, as in a request
    history.plan_history(user=reader, plan=small)
    # Then reading either plan's history takes as many queries: two to list the page, then
    # per kind of row on it one for its records and one for the rows as they are now, and
    # the names of focus areas and responsible units
    small_count = _queries(history.plan_history, user=reader, plan=small)
    assert small_count == 2 + 2 * len(history.KINDS) + 2
    assert _queries(history.plan_history, user=reader, plan=large) == small_count
    # And so does any page further on
    assert _queries(history.plan_history, user=reader, plan=large, page=3) <= small_count


def test_word_diff_compares_words_not_the_spaces_between_them() -> None:
    parts = word_diff("Slut på afsnittet.", "Slut på afsnittet.\n\nEt nyt afsnit.")
    assert _kinds(parts) == [("same", "Slut på afsnittet.\n\n"), ("added", "Et nyt afsnit.")]


def test_word_diff_keeps_the_spaces_a_text_starts_with() -> None:
    parts = word_diff("  Vi vil.", "  Vi skal.")
    assert _kinds(parts) == [
        ("same", "  "),
        ("same", "Vi "),
        ("removed", "vil."),
        ("added", "skal."),
    ]


def test_word_diff_shortens_long_unchanged_runs_around_a_change() -> None:
    # Given a long text with one word changed in the middle
    words = [f"ord{number}" for number in range(200)]
    old = " ".join(words)
    new = old.replace("ord100", "ORD100")
    # When the diff is shortened to the words around the change
    text = _joined(word_diff(old, new, context=12))
    # Then the change shows with its neighbours, and the far-away words are left out
    assert "ord99 " in text and "ord101" in text and "ORD100" in text
    assert "ord10 " not in text and "ord150" not in text
    assert text.count("…") == 2
    # And without shortening the whole text is there
    whole = _joined(word_diff(old, new))
    assert "ord10 " in whole and "…" not in whole


def _joined(parts: list[DiffPart]) -> str:
    return "".join(part.text for part in parts)


# --- the goal's status as a whole --------------------------------------------------------


def _assessed(org: Org) -> tuple[Goal, User, object]:
    """A published plan's goal whose status in an open round went from in progress to met."""
    plan, goal, _follow_up = _published(org)
    admin = User.objects.get(username="system-admin")
    round = services.follow_up_round_start(user=admin, plan=plan)
    first = services.goal_assess(
        user=admin, goal=goal, round=round, status=FollowUpStatus.IN_PROGRESS, progress=40
    )
    services.goal_assess(
        user=admin,
        goal=goal,
        round=round,
        status=FollowUpStatus.MET,
        progress=100,
        expected_version=first.version,
    )
    return goal, admin, first


def test_a_goal_s_history_lists_its_status_changes(org) -> None:
    # Given a goal whose status was set, then changed, in a follow-up round
    goal, admin, _first = _assessed(org)
    # Then the goal's history shows the change, newest first, with the old and new status
    plan = Plan.objects.get(pk=goal.plan_focus_area.plan_id)
    page = goal_history(user=admin, plan=plan, goal_id=goal.pk)
    statuses = [change for change in page.changes if change.kind is history.ASSESSMENT]
    assert [change.action for change in statuses] == ["changed", "created"]
    changed = {field.label: (field.old, field.new) for field in statuses[0].fields}
    assert changed["Status"] == (FollowUpStatus.IN_PROGRESS.label, FollowUpStatus.MET.label)
    assert changed["Fremdrift (%)"] == ("40", "100")
    assert statuses[0].subject == f"Målets status: {FollowUpStatus.MET.label}"


def test_a_goal_s_earlier_status_is_restored_by_who_may_follow_it_up(org, users) -> None:
    _goal, _admin, first = _assessed(org)
    earlier = _record(first, history_type="+")
    # A sibling unit's editor may not
    with pytest.raises(NotAllowed):
        services.history_restore(user=users["sibling editor"], record=earlier)
    # The goal's own unit's editor may, and the status is as it was
    services.history_restore(user=users["unit editor"], record=earlier)
    first.refresh_from_db()
    assert (first.status, first.progress) == (FollowUpStatus.IN_PROGRESS, 40)


def test_restoring_a_deleted_goal_brings_back_its_statuses(draft, editor) -> None:
    # Given a goal in a draft with a status read from an imported plan
    GoalAssessment.objects.create(
        goal=draft.goal, date=date(2025, 12, 31), status=FollowUpStatus.PARTLY_MET
    )
    services.goal_delete(user=editor, goal=Goal.objects.get(pk=draft.goal.pk))
    assert not GoalAssessment.objects.filter(goal_id=draft.goal.pk).exists()
    # When the goal is restored from its history
    services.history_restore(user=editor, record=_record(draft.goal))
    # Then its status is back with it
    assert list(
        GoalAssessment.objects.filter(goal_id=draft.goal.pk).values_list("status", flat=True)
    ) == [FollowUpStatus.PARTLY_MET]
