"""factory_boy factories for the domain models."""

import factory

from virkplan.organisation.models import Unit, UnitKind
from virkplan.plans.models import (
    Criterion,
    FocusArea,
    FollowUp,
    FollowUpStatus,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
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
