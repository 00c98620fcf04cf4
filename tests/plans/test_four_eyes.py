"""Four eyes: whoever submitted a plan for approval cannot approve it, unless the setting is off."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import PlanFactory, UnitFactory
from virkplan.core.errors import DomainError
from virkplan.organisation.models import Role, RoleGrant
from virkplan.plans import permissions
from virkplan.plans.models import PlanEvent, PlanStatus
from virkplan.plans.services import MSG_FOUR_EYES, plan_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(key="enhed")


def _approver(name: str, unit) -> User:
    user = User.objects.create_user(username=name, password="x")
    RoleGrant.objects.create(user=user, unit=unit, role=Role.APPROVER)
    return user


@pytest.fixture
def submitted_by_approver(unit):
    approver = _approver("anna", unit)
    plan = PlanFactory(unit=unit, status=PlanStatus.DRAFT)
    plan = plan_transition(user=approver, plan=plan, to_status=PlanStatus.SUBMITTED)
    return plan, approver


def test_the_submitter_cannot_approve_by_default(settings, submitted_by_approver) -> None:
    settings.VIRKPLAN_FOUR_EYES = True
    plan, approver = submitted_by_approver

    with pytest.raises(DomainError) as refused:
        plan_transition(user=approver, plan=plan, to_status=PlanStatus.APPROVED)

    assert refused.value.message == str(MSG_FOUR_EYES)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert PlanEvent.objects.filter(plan=plan).count() == 1
    assert PlanStatus.APPROVED not in [
        t.target for t in permissions.allowed_transitions(approver, plan)
    ]
    # Returning the plan to draft is still the submitter's to do.
    assert PlanStatus.DRAFT in [t.target for t in permissions.allowed_transitions(approver, plan)]


def test_another_approver_approves(settings, unit, submitted_by_approver) -> None:
    settings.VIRKPLAN_FOUR_EYES = True
    plan, _approver_who_submitted = submitted_by_approver
    other = _approver("bo", unit)

    plan = plan_transition(user=other, plan=plan, to_status=PlanStatus.APPROVED)

    assert plan.status == PlanStatus.APPROVED


def test_submitting_again_after_a_return_counts_the_newest_submitter(settings, unit) -> None:
    settings.VIRKPLAN_FOUR_EYES = True
    anna, bo = _approver("anna", unit), _approver("bo", unit)
    plan = PlanFactory(unit=unit, status=PlanStatus.DRAFT)
    plan = plan_transition(user=anna, plan=plan, to_status=PlanStatus.SUBMITTED)
    plan = plan_transition(user=bo, plan=plan, to_status=PlanStatus.DRAFT, comment="Ret mål 2.")
    plan = plan_transition(user=bo, plan=plan, to_status=PlanStatus.SUBMITTED)

    with pytest.raises(DomainError):
        plan_transition(user=bo, plan=plan, to_status=PlanStatus.APPROVED)
    assert plan_transition(user=anna, plan=plan, to_status=PlanStatus.APPROVED).status == (
        PlanStatus.APPROVED
    )


def test_the_setting_turns_four_eyes_off(settings, submitted_by_approver) -> None:
    settings.VIRKPLAN_FOUR_EYES = False
    plan, approver = submitted_by_approver

    plan = plan_transition(user=approver, plan=plan, to_status=PlanStatus.APPROVED)

    assert plan.status == PlanStatus.APPROVED


def test_the_plan_page_offers_no_approve_button_and_refuses_in_danish(
    settings, client, submitted_by_approver
) -> None:
    settings.VIRKPLAN_FOUR_EYES = True
    plan, approver = submitted_by_approver
    client.force_login(approver)

    page = client.get(reverse("web:plan", args=[plan.key])).content.decode()
    assert 'value="approved"' not in page
    assert 'value="draft"' in page
    assert "en anden godkender skal godkende den" in page

    response = client.post(
        reverse("web:plan-transition", args=[plan.key]),
        {"to_status": PlanStatus.APPROVED, "comment": ""},
    )
    assert response.status_code == 400
    assert "Du har selv sendt planen til godkendelse" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
