"""Every model can be listed, searched and opened in the Django admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"organisation", "plans"}
]


def test_every_domain_model_is_in_the_admin():
    names = {model.__name__ for model in MODELS}
    assert names == {
        "Unit",
        "UnitFact",
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
