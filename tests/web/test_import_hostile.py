"""Hostile documents uploaded through the import page are refused at the file field, in Danish.

Given an editor on the upload page, when they upload a file built to
exhaust the server (tests/interchange/legacy/hostile.py), then the page
answers 400 with the reason beside the file field, in Danish, and nothing
is stored. The document is read in a child process with the upload
limits, kept small here by settings.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import user_with_roles
from tests.interchange.legacy.hostile import (
    docx_unpacking_to,
    long_text,
    pdf_claiming_pages,
    pdf_with_a_crowded_page,
    pdf_with_an_inflating_stream,
)
from virkplan.interchange.models import ImportDraft
from virkplan.organisation.models import Role, Unit
from virkplan.plans.models import Plan

from .conftest import page_text

UNIT = "miljo-teknik"


@pytest.fixture
def editor(client, demo, settings) -> User:
    settings.VIRKPLAN_IMPORT_TIMEOUT = 30
    settings.VIRKPLAN_IMPORT_MEMORY_MB = 512
    user = user_with_roles("redaktoer", (UNIT, Role.EDITOR))
    client.force_login(user)
    return user


HOSTILE = [
    pytest.param(
        "plan.docx",
        lambda: docx_unpacking_to(30 * 2**20),
        "Word-dokumentets tekst og layout fylder",
        id="Word document unpacking to 30 MB",
    ),
    pytest.param(
        "plan.pdf",
        lambda: pdf_with_a_crowded_page(600_000),
        "Side 1 i PDF-filen har",
        id="PDF page of 600,000 characters",
    ),
    pytest.param(
        "plan.pdf",
        lambda: pdf_with_an_inflating_stream(2**30),
        "for stort eller for komplekst",
        id="PDF stream inflating to 1 GB",
    ),
    pytest.param(
        "plan.txt",
        lambda: long_text(6 * 2**20),
        "mere end 50.000 linjer",
        id="text of 6 MB",
    ),
    pytest.param(
        "plan.pdf",
        lambda: pdf_claiming_pages(200_000),
        "200.000 sider",
        id="PDF claiming 200,000 pages",
    ),
]


@pytest.mark.parametrize(("name", "build", "reason"), HOSTILE)
def test_a_hostile_document_is_refused_beside_the_file_field_and_nothing_is_stored(
    client, editor, name, build, reason
) -> None:
    plans = Plan.objects.count()
    # When the editor uploads it, with the site in Danish
    response = client.post(
        reverse("web:import-upload"),
        {"document": SimpleUploadedFile(name, build()), "unit": Unit.objects.get(key=UNIT).pk},
    )
    # Then the file field says why, in Danish, and nothing is kept
    assert response.status_code == 400
    (error,) = response.context["form"].errors["document"]
    assert reason in error
    assert 'id="id_document-error"' in response.content.decode()
    assert reason in page_text(response.content.decode())
    assert not ImportDraft.objects.exists()
    assert Plan.objects.count() == plans
