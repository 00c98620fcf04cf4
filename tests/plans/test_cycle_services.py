"""The plan cycle's services: the next period, reorganisation, follow-up rounds, and my tasks."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from tests.factories import (
    CriterionFactory,
    FollowUpFactory,
    GoalFactory,
    PlanFactory,
    PlanFocusAreaFactory,
    UnitFactory,
)
from virkplan.core.errors import DomainError, NotAllowed
from virkplan.organisation.models import Role, RoleGrant, UnitKind
from virkplan.plans import permissions
from virkplan.plans.models import (
    Criterion,
    FollowUp,
    FollowUpRound,
    FollowUpStatus,
    Goal,
    Plan,
    PlanStatus,
)
from virkplan.plans.selectors import (
    SYSTEM_ACTOR,
    goal_lineage,
    goals_responsible_to,
    plan_detail,
    round_progress,
)
from virkplan.plans.services import (
    follow_up_create,
    follow_up_round_finish,
    follow_up_round_start,
    goals_move_to_unit,
    plan_copy_to_next_period,
)
from virkplan.plans.tasks import PLANS_PER_PAGE, TASKS_PER_PLAN, tasks_for


@pytest.fixture
def org(db) -> dict:
    """A municipality > department > two units, and another department beside it."""
    municipality = UnitFactory(key="kommune", kind=UnitKind.MUNICIPALITY)
    department = UnitFactory(key="afdeling", kind=UnitKind.DEPARTMENT, parent=municipality)
    return {
        "kommune": municipality,
        "afdeling": department,
        "enhed-a": UnitFactory(key="enhed-a", parent=department),
        "enhed-b": UnitFactory(key="enhed-b", parent=department),
        "anden": UnitFactory(key="anden", kind=UnitKind.DEPARTMENT, parent=municipality),
    }


def _user(name: str, *grants) -> User:
    user = User.objects.create_user(username=name, password="x")
    for unit, role in grants:
        RoleGrant.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def plan(org) -> Plan:
    """A published 2012–2013 plan of the department: two focus areas, goals with sub-goals.

    Area 1: goal "1" (criteria c1, c2; follow-ups) with sub-goals "1.1" and "1.2";
    goal "2". Area 2: goal "3" responsible "enhed-a".
    """
    plan = PlanFactory(unit=org["afdeling"], title="Plan 2012–2013", start_year=2012, end_year=2013)
    plan.sections.create(title="Indledning", body="Tekst.", position=0)
    area1 = PlanFocusAreaFactory(plan=plan, position=0, unit_text="Det betyder noget.")
    area2 = PlanFocusAreaFactory(plan=plan, position=1)
    for area in (area1, area2):
        area.focus_area.start_year, area.focus_area.end_year = 2012, 2013
        area.focus_area.save()
    goal1 = GoalFactory(plan_focus_area=area1, ref="1", key="g1", position=0)
    c1 = CriterionFactory(goal=goal1, text="Kriterie 1", position=0)
    CriterionFactory(goal=goal1, text="Kriterie 2", position=1)
    follow_up = FollowUpFactory(goal=goal1, status=FollowUpStatus.MET, text="Nået.")
    follow_up.criteria.set([c1])
    sub1 = GoalFactory(plan_focus_area=area1, parent=goal1, ref="1.1", key="g1-1", position=0)
    CriterionFactory(goal=sub1, text="Delkriterie")
    GoalFactory(plan_focus_area=area1, parent=goal1, ref="1.2", key="g1-2", position=1)
    GoalFactory(plan_focus_area=area1, ref="2", key="g2", position=1)
    GoalFactory(plan_focus_area=area2, ref="3", key="g3", responsible_unit=org["enhed-a"])
    return plan


# Next period ------------------------------------------------------------------------------------


def _copy(user, plan, keys, start=2014, end=2014, title="Plan 2014") -> Plan:
    return plan_copy_to_next_period(
        user=user, plan=plan, start_year=start, end_year=end, title=title, goal_keys=keys
    )


def test_next_period_copies_the_chosen_goals_as_a_draft(org, plan) -> None:
    # Given an editor of the department
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    # When they copy the plan into 2014 with goals 1, 1.1 and 3
    new = _copy(editor, plan, ["g1", "g1-1", "g3"])
    # Then a draft plan for 2014 of the same unit, with the sections and focus areas
    assert (new.status, new.start_year, new.end_year, new.unit) == (
        PlanStatus.DRAFT,
        2014,
        2014,
        plan.unit,
    )
    assert new.title == "Plan 2014"
    assert list(new.sections.values_list("title", "body")) == [("Indledning", "Tekst.")]
    assert [a.focus_area_id for a in new.plan_focus_areas.all()] == [
        a.focus_area_id for a in plan.plan_focus_areas.all()
    ]
    assert new.plan_focus_areas.first().unit_text == "Det betyder noget."
    # ... holding only the chosen goals, each continuing its predecessor
    copies = Goal.objects.filter(plan_focus_area__plan=new).select_related("continues")
    assert sorted((g.ref, g.continues.key) for g in copies) == [
        ("1", "g1"),
        ("1.1", "g1-1"),
        ("3", "g3"),
    ]
    new_goal1 = copies.get(ref="1")
    # ... sub-goals under their copied parent, responsible units kept
    assert copies.get(ref="1.1").parent == new_goal1
    assert copies.get(ref="3").responsible_unit == org["enhed-a"]
    # ... criteria copied, follow-ups not
    assert list(new_goal1.criteria.values_list("text", flat=True)) == ["Kriterie 1", "Kriterie 2"]
    assert not FollowUp.objects.filter(goal__plan_focus_area__plan=new).exists()
    # ... and the original plan unchanged
    assert Goal.objects.filter(plan_focus_area__plan=plan).count() == 5
    assert FollowUp.objects.filter(goal__plan_focus_area__plan=plan).count() == 1
    assert Criterion.objects.filter(goal__plan_focus_area__plan=plan).count() == 3


def test_next_period_copies_a_plan_loaded_for_its_page(org, plan) -> None:
    # Given the plan as its pages load it (plan_detail: rows without their timestamps)
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    loaded = plan_detail(user=editor, key=plan.key)
    # When it is copied into the next period
    new = _copy(editor, loaded, ["g1", "g1-1"])
    # Then the goals come with their criteria
    copied = Goal.objects.get(plan_focus_area__plan=new, ref="1")
    assert list(copied.criteria.values_list("text", flat=True)) == ["Kriterie 1", "Kriterie 2"]


def test_a_continued_goal_has_a_history_across_plans(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    new_2014 = _copy(editor, plan, ["g1"])
    new_2015 = _copy(
        editor, new_2014, [Goal.objects.get(plan_focus_area__plan=new_2014).key], 2015, 2015
    )
    latest = Goal.objects.get(plan_focus_area__plan=new_2015)
    lineage = goal_lineage(user=SYSTEM_ACTOR, goal=latest)
    assert [g.plan_focus_area.plan for g in lineage] == [plan, new_2014, new_2015]


def test_a_sub_goal_without_its_goal_is_not_carried(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    new = _copy(editor, plan, ["g1-1", "g2"])
    assert list(Goal.objects.filter(plan_focus_area__plan=new).values_list("ref", flat=True)) == [
        "2"
    ]


def test_next_period_with_no_goals_gives_the_frame(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    new = _copy(editor, plan, [])
    assert new.plan_focus_areas.count() == 2
    assert not Goal.objects.filter(plan_focus_area__plan=new).exists()


def test_next_period_widens_the_shared_focus_areas_period(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    _copy(editor, plan, [], 2014, 2015)
    for area in plan.plan_focus_areas.select_related("focus_area"):
        assert (area.focus_area.start_year, area.focus_area.end_year) == (2012, 2015)


@pytest.mark.parametrize(
    ("start", "end"),
    [(2013, 2014), (2012, 2012), (2015, 2014), (2014, 2018)],
    ids=["overlaps", "before", "ends-before-start", "five-years"],
)
def test_next_period_refuses_a_wrong_period(org, plan, start: int, end: int) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    plans_before = Plan.objects.count()
    with pytest.raises(DomainError):
        _copy(editor, plan, ["g1"], start, end)
    assert Plan.objects.count() == plans_before


@pytest.mark.parametrize(
    ("unit_key", "role", "allowed"),
    [
        ("kommune", Role.READER, False),
        ("enhed-a", Role.EDITOR, False),
        ("anden", Role.ADMINISTRATOR, False),
        ("afdeling", Role.EDITOR, True),
        ("afdeling", Role.APPROVER, True),
        ("kommune", Role.ADMINISTRATOR, True),
    ],
)
def test_next_period_by_role(org, plan, unit_key: str, role: Role, allowed: bool) -> None:
    user = _user("bruger", (org[unit_key], role))
    plans_before = Plan.objects.count()
    if allowed:
        _copy(user, plan, ["g1"])
        assert Plan.objects.count() == plans_before + 1
    else:
        with pytest.raises(NotAllowed):
            _copy(user, plan, ["g1"])
        assert Plan.objects.count() == plans_before


def test_next_period_refused_for_anonymous(org, plan) -> None:
    with pytest.raises(NotAllowed):
        _copy(AnonymousUser(), plan, ["g1"])


# Reorganisation ---------------------------------------------------------------------------------


@pytest.fixture
def admin(org) -> User:
    return _user("admin", (org["kommune"], Role.ADMINISTRATOR))


def test_goals_responsible_to_a_unit(org, plan) -> None:
    # The department answers for its plans' unassigned goals; enhed-a for the one naming it
    assert set(goals_responsible_to(unit_id=org["afdeling"].pk).values_list("key", flat=True)) == {
        "g1",
        "g1-1",
        "g1-2",
        "g2",
    }
    assert list(goals_responsible_to(unit_id=org["enhed-a"].pk).values_list("key", flat=True)) == [
        "g3"
    ]


def test_reorganisation_moves_every_goal_with_its_history(org, plan, admin) -> None:
    # Given the unit "enhed-a" responsible for goal 3, which has a follow-up
    goal = Goal.objects.get(key="g3")
    FollowUpFactory(goal=goal, text="Skete.")
    history_before = goal.history.count()
    # When an administrator moves enhed-a's goals to enhed-b
    moved = goals_move_to_unit(user=admin, source=org["enhed-a"], target=org["enhed-b"])
    # Then the goal is enhed-b's, in the same plan, with its follow-up and a history entry
    assert moved == 1
    goal.refresh_from_db()
    assert goal.responsible_unit == org["enhed-b"]
    assert goal.plan_focus_area.plan == plan
    assert goal.follow_ups.get().text == "Skete."
    assert goal.version == 2
    assert goal.history.count() == history_before + 1
    # ... and enhed-b is recorded as enhed-a's successor
    assert list(org["enhed-a"].successors.all()) == [org["enhed-b"]]


def test_reorganisation_moves_the_unassigned_goals_of_the_units_plans(org, plan, admin) -> None:
    moved = goals_move_to_unit(user=admin, source=org["afdeling"], target=org["anden"])
    assert moved == 4
    assert set(
        Goal.objects.filter(responsible_unit=org["anden"]).values_list("key", flat=True)
    ) == {"g1", "g1-1", "g1-2", "g2"}
    # The goal that named another unit stays with it
    assert Goal.objects.get(key="g3").responsible_unit == org["enhed-a"]
    # The new unit's editors may now follow up the goals in the old unit's plan
    editor = _user("redaktoer-anden", (org["anden"], Role.EDITOR))
    assert permissions.can_follow_up_goal(editor, Goal.objects.get(key="g2"), plan)


def test_reorganisation_splits_the_goals_between_successors(org, plan, admin) -> None:
    goals_move_to_unit(user=admin, source=org["afdeling"], target=org["enhed-a"], goal_keys=["g1"])
    goals_move_to_unit(
        user=admin, source=org["afdeling"], target=org["enhed-b"], goal_keys=["g2", "g1-2"]
    )
    responsible = dict(Goal.objects.values_list("key", "responsible_unit__key"))
    assert responsible == {
        "g1": "enhed-a",
        "g1-1": None,
        "g1-2": "enhed-b",
        "g2": "enhed-b",
        "g3": "enhed-a",
    }
    assert set(org["afdeling"].successors.all()) == {org["enhed-a"], org["enhed-b"]}


def test_reorganisation_to_an_existing_successor_records_it_once(org, plan, admin) -> None:
    org["afdeling"].successors.add(org["anden"])
    goals_move_to_unit(user=admin, source=org["afdeling"], target=org["anden"], goal_keys=["g1"])
    goals_move_to_unit(user=admin, source=org["afdeling"], target=org["anden"], goal_keys=["g2"])
    assert list(org["afdeling"].successors.all()) == [org["anden"]]


@pytest.mark.parametrize(
    ("keys", "message"),
    [(["g1", "g3"], "ansvarlig for"), (["ukendt"], "ansvarlig for"), ([], "mindst ét mål")],
    ids=["other-units-goal", "unknown-goal", "none"],
)
def test_reorganisation_refuses_goals_that_are_not_the_units(org, plan, admin, keys, message):
    with pytest.raises(DomainError) as refused:
        goals_move_to_unit(user=admin, source=org["afdeling"], target=org["anden"], goal_keys=keys)
    assert message in refused.value.message
    assert not Goal.objects.filter(responsible_unit=org["anden"]).exists()
    assert not org["afdeling"].successors.exists()


def test_reorganisation_to_the_same_unit_is_refused(org, plan, admin) -> None:
    with pytest.raises(DomainError):
        goals_move_to_unit(user=admin, source=org["enhed-a"], target=org["enhed-a"])


@pytest.mark.parametrize(
    "grants",
    [
        [],
        [("kommune", Role.APPROVER)],
        [("enhed-a", Role.ADMINISTRATOR)],  # not on the target
        [("enhed-b", Role.ADMINISTRATOR)],  # not on the source
    ],
    ids=["no-role", "approver", "source-only", "target-only"],
)
def test_reorganisation_takes_an_administrator_of_both_units(org, plan, grants) -> None:
    user = _user("bruger", *[(org[key], role) for key, role in grants])
    with pytest.raises(NotAllowed):
        goals_move_to_unit(user=user, source=org["enhed-a"], target=org["enhed-b"])
    assert Goal.objects.get(key="g3").responsible_unit == org["enhed-a"]
    assert not org["enhed-a"].successors.exists()


def test_reorganisation_by_an_administrator_of_the_department(org, plan) -> None:
    user = _user("afdelingsadmin", (org["afdeling"], Role.ADMINISTRATOR))
    assert goals_move_to_unit(user=user, source=org["enhed-a"], target=org["enhed-b"]) == 1


# Follow-up rounds -------------------------------------------------------------------------------


def test_a_round_starts_and_finishes(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    # When the editor starts a round dated 1 February 2014
    round = follow_up_round_start(user=editor, plan=plan, on=datetime.date(2014, 2, 1))
    # Then it is open, dated, and started by them
    assert round.is_open and round.date == datetime.date(2014, 2, 1)
    assert round.started_by == editor
    # When they finish it
    finished = follow_up_round_finish(user=editor, round=round)
    # Then it is closed, by them
    assert not finished.is_open
    assert finished.finished_by == editor
    assert finished.finished_at is not None


def test_a_round_is_dated_today_unless_told(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    assert follow_up_round_start(user=editor, plan=plan).date == timezone.localdate()


def test_one_open_round_at_a_time(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    first = follow_up_round_start(user=editor, plan=plan)
    with pytest.raises(DomainError):
        follow_up_round_start(user=editor, plan=plan)
    assert plan.follow_up_rounds.count() == 1
    follow_up_round_finish(user=editor, round=first)
    with pytest.raises(DomainError):
        follow_up_round_finish(user=editor, round=first)
    # After the first is finished, a new one can start
    follow_up_round_start(user=editor, plan=plan)
    assert plan.follow_up_rounds.count() == 2


@pytest.mark.parametrize(
    ("unit_key", "role", "allowed"),
    [
        ("kommune", Role.READER, False),
        ("enhed-a", Role.EDITOR, False),
        ("anden", Role.ADMINISTRATOR, False),
        ("afdeling", Role.EDITOR, True),
        ("afdeling", Role.APPROVER, True),
        ("kommune", Role.ADMINISTRATOR, True),
    ],
)
def test_rounds_by_role(org, plan, unit_key: str, role: Role, allowed: bool) -> None:
    user = _user("bruger", (org[unit_key], role))
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    if allowed:
        round = follow_up_round_start(user=user, plan=plan)
        follow_up_round_finish(user=user, round=round)
        assert not plan.follow_up_rounds.get().is_open
    else:
        with pytest.raises(NotAllowed):
            follow_up_round_start(user=user, plan=plan)
        assert not plan.follow_up_rounds.exists()
        round = follow_up_round_start(user=editor, plan=plan)
        with pytest.raises(NotAllowed):
            follow_up_round_finish(user=user, round=round)
        assert plan.follow_up_rounds.get().is_open


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.ARCHIVED])
def test_only_approved_and_published_plans_are_followed_up(org, status) -> None:
    plan = PlanFactory(unit=org["afdeling"], status=status)
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    with pytest.raises(NotAllowed):
        follow_up_round_start(user=editor, plan=plan)


def test_round_progress_counts_goals_with_a_follow_up_on_or_after_the_date(org, plan) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    round = follow_up_round_start(user=editor, plan=plan, on=datetime.date(2014, 2, 1))
    # The old follow-up of goal 1 has no date: nothing is followed up yet
    assert round_progress(plan=plan, round=round) == (0, 5)
    FollowUpFactory(goal=Goal.objects.get(key="g2"), date=datetime.date(2014, 1, 31))
    assert round_progress(plan=plan, round=round) == (0, 5)
    follow_up_create(
        user=editor,
        goal=Goal.objects.get(key="g2"),
        status=FollowUpStatus.MET,
        text="Nået.",
        on=round.date,
    )
    assert round_progress(plan=plan, round=round) == (1, 5)


# My tasks ---------------------------------------------------------------------------------------


@pytest.fixture
def work(org) -> dict:
    """Plans in every state of the cycle, for the units of the department and one beside it.

    - draft plan of the department: goals d-none (no criteria), d-some (a criterion),
      d-a (no criteria, responsible enhed-a)
    - published plan of the department with a round open since 1 Feb 2014: goals
      r-done (follow-up on the date), r-old (follow-up before it), r-undated (undated),
      r-none (none), r-a (none, responsible enhed-a)
    - published plan with a finished round, goal f-none (no follow-up)
    - draft plan of enhed-a with goal a-none (no criteria)
    - submitted plans of the department and of the other department
    """
    d = org["afdeling"]
    on = datetime.date(2014, 2, 1)
    draft = PlanFactory(unit=d, status=PlanStatus.DRAFT, title="Udkast")
    area = PlanFocusAreaFactory(plan=draft)
    GoalFactory(plan_focus_area=area, key="d-none")
    CriterionFactory(goal=GoalFactory(plan_focus_area=area, key="d-some"))
    GoalFactory(plan_focus_area=area, key="d-a", responsible_unit=org["enhed-a"])

    running = PlanFactory(unit=d, status=PlanStatus.PUBLISHED, title="I opfølgning")
    FollowUpRound.objects.create(plan=running, date=on)
    area = PlanFocusAreaFactory(plan=running)
    FollowUpFactory(goal=GoalFactory(plan_focus_area=area, key="r-done"), date=on)
    FollowUpFactory(
        goal=GoalFactory(plan_focus_area=area, key="r-old"), date=on - datetime.timedelta(days=1)
    )
    FollowUpFactory(goal=GoalFactory(plan_focus_area=area, key="r-undated"), date=None)
    GoalFactory(plan_focus_area=area, key="r-none")
    GoalFactory(plan_focus_area=area, key="r-a", responsible_unit=org["enhed-a"])

    finished = PlanFactory(unit=d, status=PlanStatus.PUBLISHED, title="Afsluttet")
    FollowUpRound.objects.create(plan=finished, date=on, finished_at=timezone.now())
    GoalFactory(plan_focus_area=PlanFocusAreaFactory(plan=finished), key="f-none")

    unit_draft = PlanFactory(unit=org["enhed-a"], status=PlanStatus.DRAFT, title="Enhedens")
    GoalFactory(plan_focus_area=PlanFocusAreaFactory(plan=unit_draft), key="a-none")

    return {
        "submitted": PlanFactory(unit=d, status=PlanStatus.SUBMITTED, title="Indsendt"),
        "submitted-other": PlanFactory(
            unit=org["anden"], status=PlanStatus.SUBMITTED, title="Anden indsendt"
        ),
        "running": running,
    }


def _keys(goals) -> set[str]:
    return {g.key for g in goals}


def test_tasks_of_an_editor_of_the_department(org, work, django_assert_num_queries) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    # Roles (2), plans to approve (none: no query), goals without criteria, goals to follow up,
    # and how many goals of each list each plan has
    with django_assert_num_queries(6):
        tasks = tasks_for(editor)
    assert tasks.plans_to_approve == []
    # Editors of the department also edit its units' plans (roles are inherited)
    assert _keys(tasks.goals_without_criteria) == {"d-none", "d-a", "a-none"}
    assert _keys(tasks.goals_to_follow_up) == {"r-old", "r-undated", "r-none", "r-a"}
    assert {g.round_date for g in tasks.goals_to_follow_up} == {datetime.date(2014, 2, 1)}
    assert tasks.count == 7


def test_tasks_of_an_editor_of_a_unit_are_its_goals(org, work) -> None:
    editor = _user("redaktoer-a", (org["enhed-a"], Role.EDITOR))
    tasks = tasks_for(editor)
    assert _keys(tasks.goals_without_criteria) == {"d-a", "a-none"}
    assert _keys(tasks.goals_to_follow_up) == {"r-a"}
    assert tasks.plans_to_approve == []


def test_tasks_of_an_approver(org, work, django_assert_num_queries) -> None:
    approver = _user("godkender", (org["afdeling"], Role.APPROVER))
    with django_assert_num_queries(7):
        tasks = tasks_for(approver)
    # Submitted plans of their department, not of the one beside it
    assert tasks.plans_to_approve == [work["submitted"]]
    # An approver is also an editor
    assert _keys(tasks.goals_to_follow_up) == {"r-old", "r-undated", "r-none", "r-a"}


def test_tasks_of_a_superuser_cover_everything(org, work) -> None:
    superuser = User.objects.create_user(username="super", password="x", is_superuser=True)
    tasks = tasks_for(superuser)
    assert set(tasks.plans_to_approve) == {work["submitted"], work["submitted-other"]}
    assert _keys(tasks.goals_without_criteria) == {"d-none", "d-a", "a-none"}


def test_readers_and_strangers_have_no_tasks(org, work, django_assert_num_queries) -> None:
    reader = _user("laeser", (org["kommune"], Role.READER))
    stranger = _user("fremmed")
    other_editor = _user("anden-redaktoer", (org["anden"], Role.EDITOR))
    for user in (reader, stranger, other_editor):
        assert tasks_for(user).count == 0
    with django_assert_num_queries(0):
        assert tasks_for(AnonymousUser()).count == 0
        assert tasks_for(None).count == 0


def test_a_follow_up_in_the_round_takes_the_goal_off_the_list(org, work) -> None:
    editor = _user("redaktoer", (org["afdeling"], Role.EDITOR))
    follow_up_create(
        user=editor,
        goal=Goal.objects.get(key="r-none"),
        status=FollowUpStatus.IN_PROGRESS,
        text="I gang.",
        on=datetime.date(2014, 2, 1),
    )
    editor = User.objects.get(pk=editor.pk)
    assert _keys(tasks_for(editor).goals_to_follow_up) == {"r-old", "r-undated", "r-a"}


def test_tasks_take_the_same_queries_however_much_work_waits(
    org, work, django_assert_num_queries
) -> None:
    # Given ten times more plans waiting in every way
    for n in range(10):
        draft = PlanFactory(unit=org["afdeling"], status=PlanStatus.DRAFT)
        GoalFactory(plan_focus_area=PlanFocusAreaFactory(plan=draft))
        running = PlanFactory(unit=org["enhed-a"], status=PlanStatus.APPROVED)
        FollowUpRound.objects.create(plan=running, date=datetime.date(2014, 1, 1 + n))
        GoalFactory(plan_focus_area=PlanFocusAreaFactory(plan=running))
        PlanFactory(unit=org["enhed-b"], status=PlanStatus.SUBMITTED)
    approver = _user("godkender", (org["afdeling"], Role.APPROVER))
    # Then the approver's tasks still take seven queries
    with django_assert_num_queries(7):
        tasks = tasks_for(approver)
    assert len(tasks.plans_to_approve) == 11
    assert tasks.criteria_total == 13
    assert tasks.follow_up_total == 14
    # And the lists show one page of plans each
    assert len(tasks.criteria_groups) == len(tasks.follow_up_groups) == PLANS_PER_PAGE


def test_tasks_show_the_first_goals_of_a_plan_and_count_the_rest(org, work) -> None:
    # Given a draft plan with more goals without criteria than the list shows of a plan
    draft = PlanFactory(unit=org["afdeling"], status=PlanStatus.DRAFT)
    area = PlanFocusAreaFactory(plan=draft)
    goals = [GoalFactory(plan_focus_area=area, position=n) for n in range(TASKS_PER_PLAN + 5)]
    editor = _user("mange-maal", (org["afdeling"], Role.EDITOR))
    # When the editor looks at their tasks
    tasks = tasks_for(editor)
    # Then the plan's first goals are listed, in the plan's order, and the rest are counted
    group = next(g for g in tasks.criteria_groups if g.plan == draft)
    assert [goal.pk for goal in group.goals] == [goal.pk for goal in goals[:TASKS_PER_PLAN]]
    assert (group.total, group.not_shown) == (TASKS_PER_PLAN + 5, 5)
    assert tasks.criteria_total == sum(g.total for g in tasks.criteria_groups)
    assert tasks.count >= TASKS_PER_PLAN + 5


def test_tasks_come_in_pages_of_plans_and_count_every_page(org, work) -> None:
    # Given more draft plans with a goal waiting for criteria than a page of tasks holds
    extra = PLANS_PER_PAGE + 3
    for n in range(extra):
        year = 2020 + n
        draft = PlanFactory(
            unit=org["afdeling"], status=PlanStatus.DRAFT, start_year=year, end_year=year
        )
        GoalFactory(plan_focus_area=PlanFocusAreaFactory(plan=draft))
    editor = _user("mange-planer", (org["afdeling"], Role.EDITOR))
    all_plans = len(tasks_for(editor).totals["goals_without_criteria"])
    assert all_plans > PLANS_PER_PAGE
    # When the editor looks at the first page and then the last
    first = tasks_for(editor)
    last = tasks_for(editor, pages={"goals_without_criteria": "2"})
    # Then each page lists its own plans, together every plan once, newest first
    first_plans = [group.plan.pk for group in first.criteria_groups]
    last_plans = [group.plan.pk for group in last.criteria_groups]
    assert len(first_plans) == PLANS_PER_PAGE
    assert len(last_plans) == all_plans - PLANS_PER_PAGE
    assert not set(first_plans) & set(last_plans)
    assert set(first_plans) | set(last_plans) == set(first.totals["goals_without_criteria"])
    years = [g.plan.start_year for g in first.criteria_groups if g.plan.unit == org["afdeling"]]
    assert years == sorted(years, reverse=True)
    # And both count every waiting goal, whichever page they show
    assert first.criteria_total == last.criteria_total == extra + 3
    assert first.count == last.count
    # A page number out of range or not a number shows a page that exists
    assert tasks_for(editor, pages={"goals_without_criteria": "99"}).criteria_page.number == 2
    assert tasks_for(editor, pages={"goals_without_criteria": "x"}).criteria_page.number == 1


def test_tasks_list_only_goals_in_plans_the_editor_may_open(org, work) -> None:
    # Given a unit of the other department that took over goals of the department's plans in a
    # reorganisation: responsible for them, but not under the department
    successor = UnitFactory(key="efterfoelger", parent=org["anden"])
    Goal.objects.filter(key__in=["d-none", "r-none"]).update(responsible_unit=successor)
    editor = _user("efterfoelger-redaktoer", (successor, Role.EDITOR))
    # When its editor looks at their tasks
    tasks = tasks_for(editor)
    # Then the goals in plans they cannot open (the department's draft and round) are not there
    assert tasks.count == 0
    draft = Goal.objects.get(key="d-none").plan_focus_area.plan
    running = Goal.objects.get(key="r-none").plan_focus_area.plan
    assert not permissions.can_open_plan_editor(editor, draft)
    assert not permissions.can_take_part_in_follow_up(editor, running)
