"""The editing services: create, change, move and delete every kind of row in a plan.

Each service is tried by the roles that may use it and by those that may
not; refusals (a missing role, a locked plan, a stale version, invalid
data) change nothing in the database. Edits carry the version the user saw:
a stale one is refused with EditConflict holding the row as saved now.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from tests.factories import EditingWorld, FocusAreaFactory
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.plans import permissions, services
from virkplan.plans.models import (
    Criterion,
    FocusArea,
    FollowUp,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
)

PLAN_EDITORS = ["editor", "approver", "administrator"]
NOT_PLAN_EDITORS = ["anonymous", "reader", "forsyning", "by_miljoe"]


@pytest.fixture
def world(editing: EditingWorld) -> EditingWorld:
    return editing


def user(world: EditingWorld, name: str):
    return AnonymousUser() if name == "anonymous" else world.users[name]


def snapshot() -> dict[str, list]:
    """Every editable row of every plan, as stored."""
    models = [Plan, Section, FocusArea, PlanFocusArea, Goal, Criterion, FollowUp]
    return {
        model.__name__: sorted(map(repr, model.objects.order_by("pk").values())) for model in models
    }


def lock(plan: Plan, status: str = PlanStatus.PUBLISHED) -> None:
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()


# --- plans -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*PLAN_EDITORS])
def test_plan_editors_create_a_draft_plan_for_their_unit(world, name) -> None:
    plan = services.plan_create(
        user=user(world, name),
        unit=world.department,
        title="Virksomhedsplan 2027",
        start_year=2027,
        end_year=2028,
    )
    assert (plan.status, plan.unit, plan.version, plan.revision) == (
        PlanStatus.DRAFT,
        world.department,
        1,
        1,
    )


def test_an_editor_of_a_unit_creates_plans_for_it_and_not_above_it(world) -> None:
    forsyning = world.users["forsyning"]
    plan = services.plan_create(
        user=forsyning, unit=world.forsyning, title="Årsplan", start_year=2027, end_year=2027
    )
    assert plan.unit == world.forsyning
    before = snapshot()
    with pytest.raises(NotAllowed):
        services.plan_create(
            user=forsyning, unit=world.department, title="Nej", start_year=2027, end_year=2027
        )
    assert snapshot() == before


@pytest.mark.parametrize("name", ["anonymous", "reader", "by_miljoe"])
def test_others_cannot_create_a_plan(world, name) -> None:
    before = snapshot()
    with pytest.raises(NotAllowed):
        services.plan_create(
            user=user(world, name),
            unit=world.forsyning,
            title="Nej",
            start_year=2027,
            end_year=2027,
        )
    assert snapshot() == before


@pytest.mark.parametrize(("start", "end"), [(2027, 2026), (2027, 2031)])
def test_a_plan_period_runs_forward_and_at_most_four_years(world, start, end) -> None:
    before = snapshot()
    with pytest.raises(DomainError):
        services.plan_create(
            user=world.users["editor"],
            unit=world.department,
            title="Forkert",
            start_year=start,
            end_year=end,
        )
    with pytest.raises(DomainError):
        services.plan_update(
            user=world.users["editor"],
            plan=world.plan,
            expected_version=world.plan.version,
            start_year=start,
            end_year=end,
        )
    assert snapshot() == before


@pytest.mark.parametrize("name", PLAN_EDITORS)
def test_plan_editors_change_the_plan_details(world, name) -> None:
    plan = services.plan_update(
        user=user(world, name),
        plan=world.plan,
        expected_version=1,
        title="Ny titel",
        focus_area_intro="Ny *indledning*.",
    )
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.title, stored.focus_area_intro, stored.version) == (
        "Ny titel",
        "Ny *indledning*.",
        2,
    )


@pytest.mark.parametrize("name", NOT_PLAN_EDITORS)
def test_others_cannot_change_the_plan_details(world, name) -> None:
    before = snapshot()
    with pytest.raises(NotAllowed):
        services.plan_update(
            user=user(world, name), plan=world.plan, expected_version=1, title="Nej"
        )
    assert snapshot() == before


def test_a_stale_plan_edit_is_refused_with_the_saved_plan(world) -> None:
    # Given two editors who opened the plan at version 1, and the first saved
    services.plan_update(user=world.users["editor"], plan=world.plan, expected_version=1, title="A")
    before = snapshot()
    # When the second saves with version 1
    with pytest.raises(EditConflict) as refused:
        services.plan_update(
            user=world.users["approver"], plan=world.plan, expected_version=1, title="B"
        )
    # Then nothing changed, and the refusal holds the plan as saved
    assert snapshot() == before
    assert (refused.value.current.title, refused.value.current.version) == ("A", 2)


def test_plan_update_refuses_fields_it_does_not_change(world) -> None:
    with pytest.raises(ValueError, match="status"):
        services.plan_update(
            user=world.users["editor"], plan=world.plan, expected_version=1, status="approved"
        )


# --- locked plans: nothing in a plan that is not a draft changes ------------------------------


def _locked_calls(world: EditingWorld):
    editor = world.users["editor"]
    section = Section.objects.filter(plan=world.plan).first()
    return {
        "plan_update": lambda: services.plan_update(
            user=editor, plan=world.plan, expected_version=world.plan.version, title="X"
        ),
        "section_create": lambda: services.section_create(user=editor, plan=world.plan, title="X"),
        "section_update": lambda: services.section_update(
            user=editor, section=section, expected_version=1, title="X", body=""
        ),
        "section_delete": lambda: services.row_delete(user=editor, row=section),
        "section_move": lambda: services.row_move(user=editor, row=section, offset=1),
        "focus_area_add": lambda: services.plan_focus_area_add(
            user=editor, plan=world.plan, title="X"
        ),
        "focus_area_update": lambda: services.plan_focus_area_update(
            user=editor, area=world.shared_area, expected_version=1, unit_text="X"
        ),
        "focus_area_delete": lambda: services.row_delete(user=editor, row=world.own_area),
        "goal_create": lambda: services.goal_create(
            user=editor, area=world.shared_area, statement="X"
        ),
        "goal_update": lambda: services.goal_update(
            user=editor, goal=world.goal, expected_version=1, statement="X", ref="1"
        ),
        "goal_delete": lambda: services.goal_delete(user=editor, goal=world.goal),
        "goal_move": lambda: services.row_move(user=editor, row=world.goal, offset=1),
        "criterion_create": lambda: services.criterion_create(
            user=editor, goal=world.goal, text="X"
        ),
        "criterion_update": lambda: services.criterion_update(
            user=editor, criterion=world.criterion, expected_version=1, text="X"
        ),
        "criterion_delete": lambda: services.criterion_delete(
            user=editor, criterion=world.criterion
        ),
        "criterion_move": lambda: services.row_move(user=editor, row=world.criterion, offset=1),
    }


@pytest.mark.parametrize(
    "status", [PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED]
)
@pytest.mark.parametrize(
    "call",
    [
        "plan_update",
        "section_create",
        "section_update",
        "section_delete",
        "section_move",
        "focus_area_add",
        "focus_area_update",
        "focus_area_delete",
        "goal_create",
        "goal_update",
        "goal_delete",
        "goal_move",
        "criterion_create",
        "criterion_update",
        "criterion_delete",
        "criterion_move",
    ],
)
def test_a_plan_that_is_not_a_draft_cannot_be_changed(world, status, call) -> None:
    # Given the plan submitted, approved or published
    lock(world.plan, status)
    before = snapshot()
    # When its editor tries any change
    with pytest.raises(NotAllowed):
        _locked_calls(world)[call]()
    # Then nothing changed
    assert snapshot() == before


# --- a new revision ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLAN_EDITORS)
def test_changing_an_approved_plan_starts_a_new_draft_revision(world, name) -> None:
    # Given the plan published
    lock(world.plan, PlanStatus.PUBLISHED)
    before = snapshot()
    # When an editor of its unit starts a revision
    revision = services.plan_start_revision(user=user(world, name), plan=world.plan)
    # Then the revision is a draft copy, and the published plan is as it was
    assert (revision.status, revision.revision, revision.revision_of) == (
        PlanStatus.DRAFT,
        2,
        world.plan,
    )
    assert revision.key != world.plan.key
    after = snapshot()
    for model in ("Plan", "Section", "PlanFocusArea", "Goal", "Criterion"):
        assert set(before[model]) <= set(after[model]), model
    assert list(revision.sections.values_list("title", flat=True)) == [
        "Indledning",
        "Hvem er vi?",
    ]
    copied = Goal.objects.filter(plan_focus_area__plan=revision)
    assert sorted(copied.values_list("statement", flat=True)) == sorted(
        Goal.objects.filter(plan_focus_area__plan=world.plan).values_list("statement", flat=True)
    )
    assert {goal.continues.plan_focus_area.plan_id for goal in copied} == {world.plan.pk}
    assert permissions.can_edit_plan(user(world, name), revision)
    assert not permissions.can_edit_plan(user(world, name), world.plan)


@pytest.mark.parametrize("name", ["anonymous", "reader", "forsyning", "by_miljoe"])
def test_only_editors_of_the_plans_unit_start_a_revision(world, name) -> None:
    lock(world.plan, PlanStatus.PUBLISHED)
    before = snapshot()
    with pytest.raises(NotAllowed):
        services.plan_start_revision(user=user(world, name), plan=world.plan)
    assert snapshot() == before


def test_a_draft_or_a_plan_with_an_open_revision_gets_no_new_revision(world) -> None:
    editor = world.users["editor"]
    with pytest.raises(DomainError):
        services.plan_start_revision(user=editor, plan=world.plan)
    lock(world.plan, PlanStatus.APPROVED)
    services.plan_start_revision(user=editor, plan=world.plan)
    before = snapshot()
    with pytest.raises(DomainError):
        services.plan_start_revision(user=editor, plan=world.plan)
    assert snapshot() == before


# --- sections ------------------------------------------------------------------------------------


def test_a_new_section_comes_last_with_its_highlights(world) -> None:
    section = services.section_create(
        user=world.users["editor"],
        plan=world.plan,
        title="Hvorfor er vi her?",
        body="Fordi.",
        highlights=["63 medarbejdere", "4 ledere"],
    )
    assert (section.position, section.highlights, section.version) == (
        2,
        ["63 medarbejdere", "4 ledere"],
        1,
    )


@pytest.mark.parametrize("name", NOT_PLAN_EDITORS)
def test_only_plan_editors_write_sections(world, name) -> None:
    section = world.plan.sections.first()
    before = snapshot()
    for call in (
        lambda: services.section_create(user=user(world, name), plan=world.plan, title="X"),
        lambda: services.section_update(
            user=user(world, name), section=section, expected_version=1, title="X", body=""
        ),
        lambda: services.row_delete(user=user(world, name), row=section),
        lambda: services.row_move(user=user(world, name), row=section, offset=1),
    ):
        with pytest.raises(NotAllowed):
            call()
    assert snapshot() == before


def test_a_section_needs_a_title(world) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.section_create(user=world.users["editor"], plan=world.plan, title="")
    assert "title" in refused.value.message_dict
    assert snapshot() == before


def test_section_update_keeps_highlights_unless_given(world) -> None:
    section = world.plan.sections.first()
    section.highlights = ["Gammel"]
    section.save()
    updated = services.section_update(
        user=world.users["editor"], section=section, expected_version=1, title="T", body="B"
    )
    assert (updated.title, updated.highlights, updated.version) == ("T", ["Gammel"], 2)
    updated = services.section_update(
        user=world.users["editor"],
        section=section,
        expected_version=2,
        title="T",
        body="B",
        highlights=["Ny"],
    )
    assert (updated.highlights, updated.version) == (["Ny"], 3)


def test_section_update_keeps_the_organisation_chart_choice_unless_given(world) -> None:
    section = world.plan.sections.first()
    updated = services.section_update(
        user=world.users["editor"],
        section=section,
        expected_version=1,
        title="T",
        body="B",
        organisation_chart=True,
    )
    assert (updated.organisation_chart, updated.version) == (True, 2)
    updated = services.section_update(
        user=world.users["editor"], section=section, expected_version=2, title="T", body="C"
    )
    assert (updated.organisation_chart, updated.version) == (True, 3)


def test_a_stale_section_edit_is_refused(world) -> None:
    section = world.plan.sections.first()
    services.section_update(
        user=world.users["editor"], section=section, expected_version=1, title="A", body="a"
    )
    before = snapshot()
    with pytest.raises(EditConflict) as refused:
        services.section_update(
            user=world.users["approver"], section=section, expected_version=1, title="B", body="b"
        )
    assert snapshot() == before
    assert refused.value.current.body == "a"


def test_sections_move_and_delete(world) -> None:
    first, second = world.plan.sections.all()
    editor = world.users["editor"]
    services.row_move(user=editor, row=second, offset=-1)
    assert list(world.plan.sections.values_list("title", flat=True)) == [
        "Hvem er vi?",
        "Indledning",
    ]
    # At the top already: moving further up changes nothing
    services.row_move(user=editor, row=Section.objects.get(pk=second.pk), offset=-1)
    assert world.plan.sections.first().pk == second.pk
    # A delete carrying a stale version is refused; with the current one it deletes
    with pytest.raises(EditConflict):
        services.row_delete(user=editor, row=first, expected_version=7)
    services.row_delete(user=editor, row=first, expected_version=1)
    assert list(world.plan.sections.values_list("pk", flat=True)) == [second.pk]


# --- focus areas ---------------------------------------------------------------------------------


def test_a_new_focus_area_is_the_units_own_for_the_plans_period(world) -> None:
    area = services.plan_focus_area_add(
        user=world.users["editor"],
        plan=world.plan,
        title="Grøn omstilling",
        tagline="Mindre CO2",
        unit_text="For os ...",
    )
    focus_area = area.focus_area
    assert (focus_area.set_by, focus_area.start_year, focus_area.end_year, area.position) == (
        world.department,
        2026,
        2026,
        2,
    )


def test_a_shared_focus_area_is_included_once(world) -> None:
    shared = FocusAreaFactory(title="Digitale kompetencer", start_year=2026, end_year=2027)
    editor = world.users["editor"]
    area = services.plan_focus_area_add(user=editor, plan=world.plan, title="", focus_area=shared)
    assert area.focus_area == shared
    before = snapshot()
    with pytest.raises(DomainError):
        services.plan_focus_area_add(user=editor, plan=world.plan, title="", focus_area=shared)
    assert snapshot() == before


def test_the_plans_own_focus_area_changes_its_title_and_text(world) -> None:
    area = services.plan_focus_area_update(
        user=world.users["editor"],
        area=world.own_area,
        expected_version=1,
        unit_text="Vores tekst",
        title="Egen drift og udvikling",
        tagline="Hver dag",
        body="Fælles tekst",
    )
    focus_area = FocusArea.objects.get(pk=area.focus_area_id)
    assert (focus_area.title, focus_area.tagline, focus_area.body) == (
        "Egen drift og udvikling",
        "Hver dag",
        "Fælles tekst",
    )
    assert (area.unit_text, area.version) == ("Vores tekst", 2)


def test_a_shared_focus_area_keeps_its_title_and_text(world) -> None:
    # Given the focus area set by the municipality for every plan
    before = snapshot()
    with pytest.raises(DomainError):
        services.plan_focus_area_update(
            user=world.users["editor"],
            area=world.shared_area,
            expected_version=1,
            unit_text="Ændret",
            title="Ændret titel",
        )
    # Then neither its title nor the plan's own text changed
    assert snapshot() == before
    # But the plan's own text about it changes
    area = services.plan_focus_area_update(
        user=world.users["editor"], area=world.shared_area, expected_version=1, unit_text="Ændret"
    )
    assert area.unit_text == "Ændret"


def test_an_own_focus_area_in_two_plans_is_shared(world) -> None:
    # Given a revision that includes the department's own focus area too
    lock(world.plan, PlanStatus.PUBLISHED)
    revision = services.plan_start_revision(user=world.users["editor"], plan=world.plan)
    area = revision.plan_focus_areas.get(focus_area=world.own_area.focus_area)
    assert not permissions.can_edit_focus_area(world.users["editor"], area, revision)
    with pytest.raises(DomainError):
        services.plan_focus_area_update(
            user=world.users["editor"],
            area=area,
            expected_version=area.version,
            unit_text="",
            title="Ændret",
        )


@pytest.mark.parametrize("name", NOT_PLAN_EDITORS)
def test_only_plan_editors_change_focus_areas(world, name) -> None:
    before = snapshot()
    for call in (
        lambda: services.plan_focus_area_add(user=user(world, name), plan=world.plan, title="X"),
        lambda: services.plan_focus_area_update(
            user=user(world, name), area=world.shared_area, expected_version=1, unit_text="X"
        ),
        lambda: services.row_delete(user=user(world, name), row=world.own_area),
        lambda: services.row_move(user=user(world, name), row=world.own_area, offset=-1),
    ):
        with pytest.raises(NotAllowed):
            call()
    assert snapshot() == before


def test_a_stale_focus_area_edit_is_refused(world) -> None:
    editor = world.users["editor"]
    services.plan_focus_area_update(
        user=editor, area=world.shared_area, expected_version=1, unit_text="Først"
    )
    before = snapshot()
    with pytest.raises(EditConflict) as refused:
        services.plan_focus_area_update(
            user=editor, area=world.shared_area, expected_version=1, unit_text="Sidst"
        )
    assert snapshot() == before
    assert refused.value.current.unit_text == "Først"


def test_taking_a_focus_area_out_deletes_its_goals_not_the_focus_area(world) -> None:
    editor = world.users["editor"]
    services.row_move(user=editor, row=world.own_area, offset=-1)
    assert world.plan.plan_focus_areas.first() == world.own_area
    services.row_delete(user=editor, row=world.shared_area, expected_version=1)
    assert not Goal.objects.filter(plan_focus_area=world.shared_area.pk).exists()
    assert FocusArea.objects.filter(pk=world.shared_area.focus_area_id).exists()


# --- goals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLAN_EDITORS)
def test_plan_editors_add_goals_for_any_unit_under_the_plans_unit(world, name) -> None:
    for unit in (None, world.department, world.forsyning, world.by_miljoe):
        goal = services.goal_create(
            user=user(world, name),
            area=world.shared_area,
            statement="  Vi vil mere.  ",
            ref="4",
            responsible_unit=unit,
        )
        assert (goal.statement, goal.responsible_unit, goal.version) == ("Vi vil mere.", unit, 1)
    positions = list(
        Goal.objects.filter(plan_focus_area=world.shared_area, parent=None).values_list(
            "position", flat=True
        )
    )
    assert positions == [0, 1, 2, 3, 4, 5, 6]


def test_a_goal_is_not_given_to_a_unit_outside_the_plans_unit(world) -> None:
    before = snapshot()
    with pytest.raises(DomainError):
        services.goal_create(
            user=world.users["administrator"],
            area=world.shared_area,
            statement="Vi vil.",
            responsible_unit=world.municipality,
        )
    with pytest.raises(DomainError):
        services.goal_update(
            user=world.users["administrator"],
            goal=world.goal,
            expected_version=1,
            statement="Vi vil.",
            responsible_unit=world.municipality,
        )
    assert snapshot() == before


def test_an_editor_of_a_unit_adds_goals_only_for_their_unit(world) -> None:
    forsyning = world.users["forsyning"]
    goal = services.goal_create(
        user=forsyning,
        area=world.shared_area,
        statement="Vi vil lægge fjernvarme.",
        responsible_unit=world.forsyning,
    )
    assert goal.responsible_unit == world.forsyning
    before = snapshot()
    for unit in (None, world.by_miljoe, world.department):
        with pytest.raises(NotAllowed):
            services.goal_create(
                user=forsyning, area=world.shared_area, statement="Nej", responsible_unit=unit
            )
    assert snapshot() == before


@pytest.mark.parametrize("name", ["anonymous", "reader"])
def test_readers_add_no_goals(world, name) -> None:
    before = snapshot()
    with pytest.raises(NotAllowed):
        services.goal_create(
            user=user(world, name),
            area=world.shared_area,
            statement="Nej",
            responsible_unit=world.forsyning,
        )
    assert snapshot() == before


def test_an_editor_of_a_sibling_unit_cannot_touch_another_units_plan(world) -> None:
    area = services.plan_focus_area_add(
        user=world.users["forsyning"], plan=world.unit_plan, title="Drift"
    )
    before = snapshot()
    with pytest.raises(NotAllowed):
        services.goal_create(
            user=world.users["by_miljoe"],
            area=area,
            statement="Nej",
            responsible_unit=world.by_miljoe,
        )
    assert snapshot() == before


def test_a_subgoal_stays_in_its_goals_focus_area(world) -> None:
    editor = world.users["editor"]
    sub = services.goal_create(
        user=editor, area=world.shared_area, statement="Vi vil også.", parent=world.goal
    )
    assert (sub.parent, sub.position) == (world.goal, 1)
    before = snapshot()
    with pytest.raises(DomainError):
        services.goal_create(
            user=editor, area=world.own_area, statement="Forkert sted.", parent=world.goal
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "goal_name", "allowed"),
    [
        ("editor", "by_miljoe_goal", True),
        ("approver", "goal", True),
        ("administrator", "forsyning_goal", True),
        ("forsyning", "forsyning_goal", True),
        ("forsyning", "by_miljoe_goal", False),
        ("forsyning", "goal", False),
        ("by_miljoe", "forsyning_goal", False),
        ("reader", "goal", False),
        ("anonymous", "goal", False),
    ],
)
def test_who_changes_which_goal(world, name, goal_name, allowed) -> None:
    goal = getattr(world, goal_name)
    before = snapshot()

    def change():
        return services.goal_update(
            user=user(world, name),
            goal=goal,
            expected_version=1,
            statement="Vi vil noget nyt.",
            ref=goal.ref,
            responsible_unit=goal.responsible_unit,
        )

    if allowed:
        updated = change()
        assert (updated.statement, updated.version) == ("Vi vil noget nyt.", 2)
    else:
        with pytest.raises(NotAllowed):
            change()
        assert snapshot() == before


def test_an_editor_of_a_unit_cannot_give_its_goal_away(world) -> None:
    before = snapshot()
    for unit in (world.by_miljoe, None, world.department):
        with pytest.raises(NotAllowed):
            services.goal_update(
                user=world.users["forsyning"],
                goal=world.forsyning_goal,
                expected_version=1,
                statement=world.forsyning_goal.statement,
                responsible_unit=unit,
            )
    assert snapshot() == before


def test_a_goal_needs_a_statement(world) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.goal_update(
            user=world.users["editor"], goal=world.goal, expected_version=1, statement="   "
        )
    assert "statement" in refused.value.message_dict
    assert snapshot() == before


def test_a_stale_goal_edit_is_refused_and_keeps_the_saved_text(world) -> None:
    # Given two editors who opened goal 1 at version 1; the first saved
    services.goal_update(
        user=world.users["editor"],
        goal=world.goal,
        expected_version=1,
        statement="Første tekst.",
        ref="1",
    )
    before = snapshot()
    # When the second saves with version 1
    with pytest.raises(EditConflict) as refused:
        services.goal_update(
            user=world.users["approver"],
            goal=world.goal,
            expected_version=1,
            statement="Anden tekst.",
            ref="1",
        )
    # Then nothing changed and the refusal carries the first text and version 2
    assert snapshot() == before
    assert (refused.value.current.statement, refused.value.current.version) == (
        "Første tekst.",
        2,
    )
    # And saving again with version 2 replaces it knowingly
    updated = services.goal_update(
        user=world.users["approver"],
        goal=world.goal,
        expected_version=2,
        statement="Anden tekst.",
        ref="1",
    )
    assert updated.version == 3


def test_goals_move_among_their_siblings_only(world) -> None:
    editor = world.users["editor"]
    services.row_move(user=editor, row=world.by_miljoe_goal, offset=-1)
    order = Goal.objects.filter(plan_focus_area=world.shared_area, parent=None)
    assert list(order.values_list("ref", flat=True)) == ["1", "3", "2"]
    # The only sub-goal stays where it is
    services.row_move(user=editor, row=world.subgoal, offset=1)
    assert Goal.objects.get(pk=world.subgoal.pk).position == 0
    # An editor of a unit moves their own goal, not another unit's
    services.row_move(user=world.users["forsyning"], row=world.forsyning_goal, offset=-1)
    with pytest.raises(NotAllowed):
        services.row_move(user=world.users["forsyning"], row=world.by_miljoe_goal, offset=1)


def test_deleting_a_goal_deletes_its_subgoals_and_criteria(world) -> None:
    services.goal_delete(user=world.users["editor"], goal=world.goal, expected_version=1)
    assert not Goal.objects.filter(pk__in=[world.goal.pk, world.subgoal.pk]).exists()
    assert not Criterion.objects.filter(goal=world.goal.pk).exists()


def test_a_goal_changed_since_it_was_shown_is_not_deleted(world) -> None:
    services.goal_update(
        user=world.users["editor"], goal=world.goal, expected_version=1, statement="Ny."
    )
    before = snapshot()
    with pytest.raises(EditConflict):
        services.goal_delete(user=world.users["approver"], goal=world.goal, expected_version=1)
    assert snapshot() == before


def test_a_goal_with_another_units_subgoal_is_not_deleted_by_a_unit_editor(world) -> None:
    # Given the forsyning goal with a sub-goal that By & Miljø is responsible for
    services.goal_create(
        user=world.users["editor"],
        area=world.shared_area,
        statement="Vi vil plante ved værket.",
        parent=world.forsyning_goal,
        responsible_unit=world.by_miljoe,
    )
    before = snapshot()
    # When the forsyning editor deletes their goal
    with pytest.raises(NotAllowed):
        services.goal_delete(user=world.users["forsyning"], goal=world.forsyning_goal)
    # Then nothing was deleted, not even half
    assert snapshot() == before


# --- criteria --------------------------------------------------------------------------------


def test_a_criterion_with_a_quantitative_target(world) -> None:
    criterion = services.criterion_create(
        user=world.users["editor"],
        goal=world.goal,
        text="  Varmebesparelse  ",
        comparison="range",
        value=Decimal("9187"),
        value_max=Decimal("9500.5"),
        unit_of_measure="MWh",
        baseline_value=Decimal("3.79"),
        baseline_year=2013,
        target_year=2014,
    )
    stored = Criterion.objects.get(pk=criterion.pk)
    assert (stored.text, stored.value, stored.value_max, stored.position) == (
        "Varmebesparelse",
        Decimal("9187"),
        Decimal("9500.5"),
        2,
    )


@pytest.mark.parametrize(
    "target",
    [
        {"comparison": "at_least"},
        {"comparison": "range", "value": Decimal(10)},
        {"comparison": "range", "value": Decimal(10), "value_max": Decimal(5)},
        {"comparison": "nearly", "value": Decimal(10)},
    ],
)
def test_an_incomplete_target_is_refused(world, target) -> None:
    before = snapshot()
    with pytest.raises(ValidationError):
        services.criterion_create(user=world.users["editor"], goal=world.goal, text="X", **target)
    with pytest.raises(ValidationError):
        services.criterion_update(
            user=world.users["editor"],
            criterion=world.criterion,
            expected_version=1,
            text="X",
            **{"value": None, "value_max": None, **target},
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "goal_name", "allowed"),
    [
        ("editor", "goal", True),
        ("forsyning", "forsyning_goal", True),
        ("forsyning", "goal", False),
        ("by_miljoe", "forsyning_goal", False),
        ("reader", "goal", False),
        ("anonymous", "goal", False),
    ],
)
def test_who_writes_which_criteria(world, name, goal_name, allowed) -> None:
    goal = getattr(world, goal_name)
    criterion = goal.criteria.first()
    before = snapshot()
    calls = [
        lambda: services.criterion_create(user=user(world, name), goal=goal, text="Ny"),
        lambda: services.criterion_update(
            user=user(world, name), criterion=criterion, expected_version=1, text="Ændret"
        ),
        lambda: services.row_move(user=user(world, name), row=criterion, offset=1),
        lambda: services.criterion_delete(user=user(world, name), criterion=criterion),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(NotAllowed):
                call()
    if not allowed:
        assert snapshot() == before
    else:
        assert not Criterion.objects.filter(pk=criterion.pk).exists()
        assert goal.criteria.filter(text="Ny").exists()


def test_a_stale_criterion_edit_or_delete_is_refused(world) -> None:
    editor = world.users["editor"]
    services.criterion_update(
        user=editor, criterion=world.criterion, expected_version=1, text="Først"
    )
    before = snapshot()
    with pytest.raises(EditConflict) as refused:
        services.criterion_update(
            user=editor, criterion=world.criterion, expected_version=1, text="Sidst"
        )
    assert refused.value.current.text == "Først"
    with pytest.raises(EditConflict):
        services.criterion_delete(user=editor, criterion=world.criterion, expected_version=1)
    assert snapshot() == before


def test_criteria_move_within_their_goal(world) -> None:
    services.row_move(user=world.users["editor"], row=world.criterion, offset=1)
    assert list(world.goal.criteria.values_list("text", flat=True)) == [
        "Borgerne er tilfredse.",
        "60 udlån",
    ]
