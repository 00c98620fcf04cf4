"""`virkplan load_scale_demo` refuses a database with plans, and a size it cannot load."""

import io

import pytest
from django.core.management import CommandError, call_command

from virkplan.organisation.models import Unit

ARGS = ("--size", "tiny", "--years", "1")


def test_a_database_with_plans_is_refused(demo):
    units = Unit.objects.count()
    with pytest.raises(CommandError, match="virkplan flush"):
        call_command("load_scale_demo", *ARGS, verbosity=0, stdout=io.StringIO())
    assert Unit.objects.count() == units


def test_a_size_that_is_no_fraction_is_refused(db):
    with pytest.raises(CommandError, match=r"0\.05"):
        call_command("load_scale_demo", "--size", "2", verbosity=0, stdout=io.StringIO())
    assert not Unit.objects.exists()
