"""The organisation tree."""

import pytest

from tests.factories import UnitFactory
from virkplan.organisation.models import Unit
from virkplan.organisation.selectors import unit_ancestors, unit_tree

pytestmark = pytest.mark.django_db


def test_units_are_arranged_as_a_tree_in_their_stored_order():
    municipality = UnitFactory(name="Kommune", position=0)
    second = UnitFactory(name="B-afdeling", parent=municipality, position=2)
    first = UnitFactory(name="A-afdeling", parent=municipality, position=1)
    team = UnitFactory(name="Team", parent=first, position=3)

    (root,) = unit_tree(units=list(Unit.objects.all()))

    assert root.unit == municipality
    assert [child.unit for child in root.children] == [first, second]
    assert [child.unit for child in root.children[0].children] == [team]
    assert unit_ancestors(unit=team) == [municipality, first]
