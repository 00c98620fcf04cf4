"""Roles are granted per unit and inherited down the tree; `virkplan grant` manages them."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from tests.factories import UnitFactory
from virkplan.core.errors import NotAllowed
from virkplan.organisation.models import Role, RoleGrant
from virkplan.organisation.permissions import forget_user_roles, user_roles
from virkplan.organisation.services import role_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    municipality = UnitFactory(key="kommune")
    department = UnitFactory(key="afdeling", parent=municipality)
    first = UnitFactory(key="forsyning", parent=department)
    second = UnitFactory(key="by-miljoe", parent=department)
    return municipality, department, first, second


def test_a_role_holds_on_the_unit_and_every_unit_below_it(tree):
    municipality, department, first, second = tree
    user = User.objects.create_user("redaktoer")
    RoleGrant.objects.create(user=user, unit=department, role=Role.EDITOR)

    roles = user_roles(user)

    assert roles.has(Role.EDITOR, department.pk)
    assert roles.has(Role.EDITOR, first.pk) and roles.has(Role.READER, second.pk)
    assert not roles.has(Role.READER, municipality.pk)
    assert not roles.has(Role.APPROVER, department.pk)


def test_the_higher_of_an_inherited_and_a_granted_role_counts(tree):
    _municipality, department, first, second = tree
    user = User.objects.create_user("leder")
    RoleGrant.objects.create(user=user, unit=department, role=Role.READER)
    RoleGrant.objects.create(user=user, unit=first, role=Role.APPROVER)

    roles = user_roles(user)

    assert roles.has(Role.APPROVER, first.pk)
    assert roles.role_on(second.pk) == Role.READER


def test_an_editor_of_one_unit_cannot_edit_its_sibling(tree):
    _municipality, _department, first, second = tree
    user = User.objects.create_user("redaktoer-forsyning")
    RoleGrant.objects.create(user=user, unit=first, role=Role.EDITOR)
    assert user_roles(user).has(Role.EDITOR, first.pk)
    assert not user_roles(user).has(Role.READER, second.pk)


def test_grant_command_gives_replaces_and_removes_a_role(tree, capsys):
    _municipality, department, first, _second = tree
    user = User.objects.create_user("ny")

    call_command("grant", "ny", "editor", "afdeling")
    assert RoleGrant.objects.get(user=user, unit=department).role == Role.EDITOR
    call_command("grant", "ny", "approver", "afdeling")
    assert RoleGrant.objects.get(user=user, unit=department).role == Role.APPROVER
    forget_user_roles(user)
    assert user_roles(user).has(Role.APPROVER, first.pk)

    call_command("grant", "ny", "none", "afdeling")
    assert not RoleGrant.objects.filter(user=user).exists()
    assert "ny" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingen", "editor", "afdeling"], "Ingen bruger hedder"),
        (["ny", "editor", "findes-ikke"], "Ingen enhed har nøglen"),
    ],
)
def test_grant_command_refuses_unknown_users_and_units_in_danish(tree, args, message):
    User.objects.create_user("ny")
    with pytest.raises(CommandError, match=message):
        call_command("grant", *args)
    assert not RoleGrant.objects.exists()


def test_only_an_administrator_above_the_unit_may_grant(tree):
    municipality, department, first, _second = tree
    admin = User.objects.create_user("admin-afdeling")
    RoleGrant.objects.create(user=admin, unit=department, role=Role.ADMINISTRATOR)
    User.objects.create_user("ny")

    role_grant(actor=admin, username="ny", role=Role.EDITOR, unit=first)
    with pytest.raises(NotAllowed):
        role_grant(actor=admin, username="ny", role=Role.EDITOR, unit=municipality)
    assert RoleGrant.objects.filter(user__username="ny").count() == 1
