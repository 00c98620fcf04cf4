"""Query counts at a municipality's shape: the pages issue as many queries on the scale data set
(`virkplan load_scale_demo`: ten years of plans, goals carried on from year to year, rounds,
reorganisations) as on the demo, whichever plan, goal or user is the largest there.

The set is loaded once for the module, in a transaction rolled back after its tests, which
only read (and sign in).
"""

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from virkplan.cycle.models import Activity
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR, user_roles
from virkplan.organisation.services import role_grant
from virkplan.plans.models import FocusArea, FocusAreaGroup, FollowUp, Goal, Plan, PlanStatus
from virkplan.plans.selectors import goal_lineage
from virkplan.plans.tasks import TASK_LISTS, tasks_for

from .test_queries import PAGES

PUBLIC = (PlanStatus.PUBLISHED, PlanStatus.ARCHIVED)

# Each test in a transaction of its own inside the module's (and pytest-django sets up the test
# database even when these are the only tests run).
pytestmark = pytest.mark.django_db


class _Pages:
    """The largest of each kind of page in the loaded set, and the users who open them."""

    def __init__(self) -> None:
        self.plan = _largest(Plan.objects.filter(status__in=PUBLIC))
        self.draft = _largest(Plan.objects.filter(status=PlanStatus.DRAFT))
        self.goal = max(
            Goal.objects.filter(plan_focus_area__plan__status__in=PUBLIC, parent=None),
            key=lambda goal: len(goal_lineage(user=None, goal=goal)),
        )
        self.admin = User.objects.create_superuser("skala-admin", password="unused-here")
        self.editor = User.objects.create_user("skala-redaktoer", password="unused-here")
        unit = Unit.objects.filter(plans__status=PlanStatus.DRAFT).order_by("key").first()
        role_grant(actor=SYSTEM_ACTOR, username=self.editor.username, role=Role.EDITOR, unit=unit)


def _largest(plans) -> Plan:
    return plans.annotate(goals=Count("plan_focus_areas__goals")).order_by("-goals", "key")[0]


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker) -> Iterator[_Pages]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_scale_demo", "--size", "tiny", "--seed", "3", verbosity=0)
        yield _Pages()
        transaction.set_rollback(True)


def _queries(url: str, user: User | None = None) -> tuple[int, str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def test_the_set_is_large_where_the_pages_could_grow(scale) -> None:
    # What makes the counts below mean something: many plans, large ones, long histories
    assert Plan.objects.count() >= 40
    assert Goal.objects.filter(plan_focus_area__plan=scale.plan).count() >= 20
    assert FollowUp.objects.filter(goal__plan_focus_area__plan=scale.plan).count() >= 300
    assert len(goal_lineage(user=None, goal=scale.goal)) >= 8


def test_reading_pages_issue_the_demos_counts(scale) -> None:
    pages = {
        "front": reverse("web:front"),
        "plan-2012-2013": reverse("web:plan", args=[scale.plan.key]),
        "status-2012-2013": reverse("web:plan-status", args=[scale.plan.key]),
        "goal-2012-2013": reverse("web:goal", args=[scale.goal.key]),
    }
    for name, url in pages.items():
        count, html = _queries(url)
        assert count == PAGES[name][2], f"{url}: {count} queries"
        if name.startswith("goal"):
            # The goal page shows every year of its history
            assert html.count('class="vp-lineage-plan"') >= 8


def _task_queries(user: User) -> int:
    """Mine opgaver's pinned count: the session and the user (2), the user's roles (2), the plans
    to approve (only for approvers), each list's plans with their counts (2), the goals of
    a page of those plans for each list that has any (none for an empty list), the header's
    count of unread notifications, and the deadlines: for a user with a role on any unit, the
    activities (the roles are read already; the scale data set has no årshjul, so no more)."""
    tasks = tasks_for(user)
    approves = user.is_superuser or bool(user_roles(user).units_with(Role.APPROVER))
    lists = sum(1 for name in TASK_LISTS if tasks.totals[name])
    deadlines = 1 if user_roles(user).by_unit else 0
    return 2 + 2 + int(approves) + 2 + lists + 1 + deadlines


def test_signed_in_pages_issue_pinned_counts(scale) -> None:
    assert not Activity.objects.exists()
    tasks = reverse("web:my-tasks")
    for user in (scale.admin, scale.editor):
        count, _html = _queries(tasks, user)
        assert count == _task_queries(user), user.username
    # The editing page of the largest draft: the session and the user, their roles, the plan
    # with its parts, what the page offers (as at Copenhagen's size, benchmarks/bench_scale.py),
    # and the header's count of unread notifications
    count, _html = _queries(reverse("web:plan-edit", args=[scale.draft.key]), scale.admin)
    assert count == 12


def test_the_longest_red_thread_issues_the_demos_count(scale) -> None:
    # Given the executive board's focus area that the most published plans include, over years
    board = FocusArea.objects.filter(group=FocusAreaGroup.EXECUTIVE_BOARD)
    widest = board.annotate(
        plans=Count("plan_focus_areas", filter=Q(plan_focus_areas__plan__status__in=PUBLIC))
    ).order_by("-plans", "key")[0]
    rows = board.filter(title=widest.title, set_by=widest.set_by)
    plans = Plan.objects.filter(status__in=PUBLIC, plan_focus_areas__focus_area__in=rows)
    assert plans.count() >= 5
    assert len({plan.start_year for plan in plans}) >= 2
    # Then its page and the list of focus areas cost what they cost on the demo
    count, html = _queries(reverse("web:focus-area", args=[widest.key]))
    assert count == PAGES["focus-area"][2]
    assert html.count('class="vp-thread-answer"') == plans.count()
    count, _html = _queries(reverse("web:focus-areas"))
    assert count == PAGES["focus-areas"][2]
