"""factory_boy factories for the domain models."""

from dataclasses import dataclass
from decimal import Decimal

import factory

from virkplan.organisation.models import Role, RoleGrant, Unit, UnitKind
from virkplan.plans.models import (
    Criterion,
    FocusArea,
    FollowUp,
    FollowUpStatus,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    key = factory.Sequence(lambda n: f"enhed-{n}")
    name = factory.Sequence(lambda n: f"Enhed {n}")
    kind = UnitKind.UNIT


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Virksomhedsplan {2020 + n % 10}")
    unit = factory.SubFactory(UnitFactory)
    start_year = 2025
    end_year = 2025
    status = PlanStatus.PUBLISHED


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    title = factory.Sequence(lambda n: f"Indsatsområde {n}")
    start_year = 2025
    end_year = 2025


class PlanFocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanFocusArea

    plan = factory.SubFactory(PlanFactory)
    focus_area = factory.SubFactory(FocusAreaFactory)
    position = factory.Sequence(int)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan_focus_area = factory.SubFactory(PlanFocusAreaFactory)
    statement = factory.Sequence(lambda n: f"Vi vil nå mål nummer {n}.")
    position = factory.Sequence(int)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    goal = factory.SubFactory(GoalFactory)
    text = factory.Sequence(lambda n: f"Dokumentationspunkt {n} er opfyldt.")
    position = factory.Sequence(int)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    goal = factory.SubFactory(GoalFactory)
    text = factory.Sequence(lambda n: f"Opfølgning {n}.")
    status = FollowUpStatus.NOT_ASSESSED
    position = factory.Sequence(int)


def user_with_roles(username: str, *grants: tuple[str, str], superuser: bool = False):
    """A user with a role on each unit named by key, e.g. ("forsyning", Role.EDITOR)."""
    from django.contrib.auth import get_user_model

    from virkplan.organisation.models import RoleGrant

    user = get_user_model().objects.create_user(
        username=username, password="x", is_superuser=superuser
    )
    for unit_key, role in grants:
        RoleGrant.objects.create(user=user, unit=Unit.objects.get(key=unit_key), role=role)
    return user


# --- users, roles and a draft plan to edit ---------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruger-{n}")


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.EDITOR


@dataclass
class EditingWorld:
    """A municipality with a department and two units under it, people with roles, and plans.

    `plan` is a draft of the department with two sections, two focus areas
    (one set by the municipality and shared, one the department's own), goals
    of the department, of "forsyning" and of "by-miljoe", a sub-goal and
    criteria. `unit_plan` is a draft of "forsyning". `users` holds one user
    per role: reader, editor (of the department), forsyning (editor of the
    unit), by_miljoe (editor of the sibling unit), approver, administrator.
    """

    municipality: Unit
    department: Unit
    forsyning: Unit
    by_miljoe: Unit
    plan: Plan
    unit_plan: Plan
    shared_area: PlanFocusArea
    own_area: PlanFocusArea
    goal: Goal
    subgoal: Goal
    forsyning_goal: Goal
    by_miljoe_goal: Goal
    criterion: Criterion
    users: dict[str, object]


def editing_world() -> EditingWorld:
    municipality = UnitFactory(key="testkommune", name="Testkommune", kind=UnitKind.MUNICIPALITY)
    department = UnitFactory(
        key="afdeling", name="Miljø & Teknik", kind=UnitKind.DEPARTMENT, parent=municipality
    )
    forsyning = UnitFactory(key="forsyning", name="Forsyning", parent=department, position=1)
    by_miljoe = UnitFactory(key="by-miljoe", name="By & Miljø", parent=department, position=2)
    plan = PlanFactory(
        unit=department,
        key="vp-2026",
        title="Virksomhedsplan 2026",
        start_year=2026,
        end_year=2026,
        status=PlanStatus.DRAFT,
        focus_area_intro="Fire **indsatsområder**.",
    )
    Section.objects.create(plan=plan, position=0, title="Indledning", body="Planen for 2026.")
    Section.objects.create(plan=plan, position=1, title="Hvem er vi?", body="Vi er 63.")
    shared = FocusAreaFactory(
        title="Bo i Albertslund", set_by=municipality, start_year=2026, end_year=2027
    )
    shared_area = PlanFocusAreaFactory(
        plan=plan, focus_area=shared, position=0, unit_text="For os betyder det..."
    )
    own = FocusAreaFactory(title="Egen drift", set_by=department, start_year=2026, end_year=2026)
    own_area = PlanFocusAreaFactory(plan=plan, focus_area=own, position=1)
    goal = GoalFactory(
        plan_focus_area=shared_area, position=0, ref="1", statement="Vi vil bo godt."
    )
    subgoal = GoalFactory(
        plan_focus_area=shared_area, parent=goal, position=0, ref="1.1", statement="Vi vil bygge."
    )
    forsyning_goal = GoalFactory(
        plan_focus_area=shared_area,
        position=1,
        ref="2",
        statement="Vi vil spare varme.",
        responsible_unit=forsyning,
    )
    by_miljoe_goal = GoalFactory(
        plan_focus_area=shared_area,
        position=2,
        ref="3",
        statement="Vi vil plante træer.",
        responsible_unit=by_miljoe,
    )
    criterion = CriterionFactory(
        goal=goal,
        position=0,
        text="60 udlån",
        comparison="at_least",
        value=Decimal("60"),
        unit_of_measure="udlån",
    )
    CriterionFactory(goal=goal, position=1, text="Borgerne er tilfredse.")
    CriterionFactory(goal=forsyning_goal, position=0, text="9.187 MWh sparet.")
    unit_plan = PlanFactory(
        unit=forsyning,
        key="forsyning-2026",
        title="Årsplan 2026",
        start_year=2026,
        end_year=2026,
        status=PlanStatus.DRAFT,
    )
    grants = {
        "reader": (municipality, Role.READER),
        "editor": (department, Role.EDITOR),
        "forsyning": (forsyning, Role.EDITOR),
        "by_miljoe": (by_miljoe, Role.EDITOR),
        "approver": (department, Role.APPROVER),
        "administrator": (municipality, Role.ADMINISTRATOR),
    }
    users: dict[str, object] = {}
    for name, (unit, role) in grants.items():
        grant = RoleGrantFactory(user__username=name, unit=unit, role=role)
        users[name] = grant.user
    return EditingWorld(
        municipality=municipality,
        department=department,
        forsyning=forsyning,
        by_miljoe=by_miljoe,
        plan=plan,
        unit_plan=unit_plan,
        shared_area=shared_area,
        own_area=own_area,
        goal=goal,
        subgoal=subgoal,
        forsyning_goal=forsyning_goal,
        by_miljoe_goal=by_miljoe_goal,
        criterion=criterion,
        users=users,
    )
