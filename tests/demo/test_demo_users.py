"""Demo users exist only when switched on, one per role, with the documented password."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from virkplan.core.errors import DomainError
from virkplan.demo.services import DEMO_PASSWORD, DEMO_USERS, demo_users_create
from virkplan.organisation.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


def test_demo_users_are_refused_unless_switched_on(demo, settings):
    settings.VIRKPLAN_DEMO_USERS = False
    with pytest.raises(DomainError):
        demo_users_create()
    call_command("load_demo")
    assert not User.objects.exists()


def test_load_demo_creates_one_user_per_role_once(demo, settings):
    settings.VIRKPLAN_DEMO_USERS = True
    call_command("load_demo")
    call_command("load_demo")

    assert User.objects.count() == len(DEMO_USERS)
    roles = set(RoleGrant.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for username, role, unit_keys, _superuser in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        granted = RoleGrant.objects.filter(user=user)
        assert {g.unit.key for g in granted} == set(unit_keys)
        assert {g.role for g in granted} == {role}
    assert User.objects.get(username="admin").is_superuser


def test_the_demo_users_discuss_a_goal_and_the_mention_reaches_its_user(demo, settings):
    from virkplan.comments.models import Comment
    from virkplan.notifications.models import Notification, NotificationKind

    # When the demo is loaded with its users, twice
    settings.VIRKPLAN_DEMO_USERS = True
    call_command("load_demo")
    call_command("load_demo")
    # Then one goal of the 2014 plan has the demo's three comments, in Danish, once
    comments = list(Comment.objects.order_by("pk"))
    assert [c.author.username for c in comments] == [
        "redaktoer",
        "redaktoer-forsyning",
        "godkender",
    ]
    assert {c.goal.key for c in comments} == {"mt-2014-g02"}
    assert "første halvår" in comments[0].text
    # And the editor of Forsyning, mentioned in the first, has the notice
    notice = Notification.objects.get(kind=NotificationKind.MENTIONED)
    assert notice.recipient.username == "redaktoer-forsyning"
