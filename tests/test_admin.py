"""Every model can be listed, searched and opened in the Django admin."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from virkplan.organisation.models import Unit

pytestmark = pytest.mark.django_db

MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"organisation", "plans"}
]


def test_every_domain_model_is_in_the_admin():
    names = {model.__name__ for model in MODELS}
    assert names == {
        "Unit",
        "UnitFact",
        "SignInIdentity",
        "Plan",
        "Section",
        "FocusArea",
        "PlanFocusArea",
        "Goal",
        "Criterion",
        "FollowUp",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_administrator_can_list_search_and_open_each_model(admin_client, demo, model):
    opts = model._meta
    listing = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
    searched = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "Albertslund"}
    )
    assert searched.status_code == 200
    first = model.objects.first()
    if first is None:  # the demo has no single sign-on identity: give its first user one
        first = model.objects.create(user=User.objects.order_by("pk").first(), subject="a1b2")
    change = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
    )
    assert change.status_code == 200
    history = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[first.pk])
    )
    assert history.status_code == 200


def test_the_admin_is_in_danish(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "Planer" in response.content.decode()
    assert "Organisation" in response.content.decode()


# Writes go through the services: the admin never deletes a plan that is not a draft ----------


def test_the_admin_cannot_delete_or_change_a_published_plan(admin_client, demo):
    from virkplan.plans.models import Plan, PlanStatus

    plan = Plan.objects.get(key="mt-2014")
    delete_url = reverse("admin:plans_plan_delete", args=[plan.pk])
    assert admin_client.get(delete_url).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    change_url = reverse("admin:plans_plan_change", args=[plan.pk])
    assert admin_client.post(change_url, {"title": "Ændret"}).status_code == 403
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Virksomhedsplan 2014", PlanStatus.PUBLISHED)


def test_the_admin_archives_a_published_plan_through_the_workflow(admin_client, demo):
    from virkplan.plans.models import Plan, PlanEvent, PlanStatus

    plan = Plan.objects.get(key="mt-2014")
    response = admin_client.post(
        reverse("admin:plans_plan_changelist"),
        {"action": "archive", "_selected_action": [plan.pk]},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED
    event = PlanEvent.objects.filter(plan=plan).first()
    assert (event.from_status, event.to_status) == (PlanStatus.PUBLISHED, PlanStatus.ARCHIVED)


def test_the_admin_deletes_drafts_only(admin_client, demo):
    from tests.factories import PlanFactory
    from virkplan.plans.models import Plan, PlanStatus

    published = Plan.objects.get(key="mt-2014")
    draft = PlanFactory(unit=published.unit, status=PlanStatus.DRAFT, title="Kladde")
    response = admin_client.post(
        reverse("admin:plans_plan_changelist"),
        {"action": "delete_drafts", "_selected_action": [published.pk, draft.pk]},
        follow=True,
    )
    assert not Plan.objects.filter(pk=draft.pk).exists()
    assert Plan.objects.filter(pk=published.pk, status=PlanStatus.PUBLISHED).exists()
    from django.utils import translation

    from virkplan.plans.services import MSG_DELETE_ONLY_DRAFTS

    with translation.override("da"):
        refusal = str(MSG_DELETE_ONLY_DRAFTS) % {"status": published.get_status_display()}
    shown = [str(m) for m in response.context["messages"]]
    assert f"{published.title} ({published.key}): {refusal}" in shown


def test_the_admin_sets_a_units_formal_name(admin_client, demo):
    # Given the department, on its change page in the admin
    unit = Unit.objects.get(key="miljo-teknik")
    url = reverse("admin:organisation_unit_change", args=[unit.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="formal_name"' in page
    assert "Officielt navn" in page
    # When an administrator gives it another formal name
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        # A browser sends no file for a file field it did not change (the logo)
        if value is not None and name not in {"successors", "logo"}
    }
    data.update(
        {
            "formal_name": "Afdelingen for Miljø og Teknik",
            "parent": unit.parent_id,
            "facts-TOTAL_FORMS": "0",
            "facts-INITIAL_FORMS": "0",
        }
    )
    response = admin_client.post(url, data)
    # Then the unit has it, and the search finds the unit by it
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Unit.objects.get(pk=unit.pk).formal_name == "Afdelingen for Miljø og Teknik"
    listing = admin_client.get(
        reverse("admin:organisation_unit_changelist"), {"q": "Afdelingen for Miljø"}
    )
    assert list(listing.context["cl"].result_list) == [unit]
