"""The notifications' small municipality, with a goal in its draft plan, and its SMTP server."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from virkplan.plans import services
from virkplan.plans.models import Goal

from ..notifications.conftest import Town, build_town, smtp

__all__ = ["smtp"]


@dataclass
class Talk:
    """The town, a goal of its draft plan, and a user with no role at all."""

    town: Town
    goal: Goal
    outsider: User

    def person(self, who: str) -> User:
        return self.outsider if who == "outsider" else self.town.people[who]


@pytest.fixture
def talk(db) -> Talk:
    return build_talk()


def build_talk() -> Talk:
    town = build_town()
    editor = town.people["editor"]
    area = services.plan_focus_area_add(
        user=editor, plan=town.plan, title="Klima", unit_text="For os betyder det."
    )
    goal = services.goal_create(
        user=editor,
        area=area,
        statement="Vi vil spare på varmen.",
        responsible_unit=town.units["forsyning"],
    )
    outsider = User.objects.create_user("udenfor", password="x", email="udenfor@example.org")
    return Talk(town=town, goal=goal, outsider=outsider)
