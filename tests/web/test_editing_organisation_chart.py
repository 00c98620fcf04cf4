"""A section's choice to show the unit's organisation chart, on the section's edit form."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import EditingWorld
from virkplan.plans import services
from virkplan.plans.models import Section

from .conftest import page_text

HTMX = {"HX-Request": "true"}
LABEL = "Show the unit's organisation chart after the text"


def danish(message: str) -> str:
    with translation.override("da"):
        return translation.gettext(message)


@pytest.fixture
def section(editing: EditingWorld) -> Section:
    return editing.plan.sections.first()


def test_the_form_has_the_choice_as_a_labelled_checkbox(client, editing, section) -> None:
    client.force_login(editing.users["editor"])
    url = reverse("web:section-edit", args=[editing.plan.key, section.pk])

    html = client.get(url).content.decode()

    box = re.search(r'<input type="checkbox" name="organisation_chart"[^>]*>', html)
    assert box is not None and "checked" not in box.group(0)
    field_id = re.search(r'id="([^"]+)"', box.group(0)).group(1)
    assert f'<label class="form-label" for="{field_id}">{danish(LABEL)}</label>' in html


def test_ticking_the_box_saves_the_choice_and_unticking_it_clears_it(
    client, editing, section
) -> None:
    client.force_login(editing.users["editor"])
    url = reverse("web:section-edit", args=[editing.plan.key, section.pk])
    form = {"title": section.title, "body": section.body, "highlights": ""}

    client.post(url, {**form, "organisation_chart": "on", "version": "1"})

    saved = Section.objects.get(pk=section.pk)
    assert (saved.organisation_chart, saved.version) == (True, 2)
    editing_page = client.get(reverse("web:plan-edit", args=[editing.plan.key]))
    assert danish("The unit's organisation chart follows the text.") in page_text(
        editing_page.content.decode()
    )
    assert "checked" in re.search(
        r'<input type="checkbox" name="organisation_chart"[^>]*>', client.get(url).content.decode()
    ).group(0)

    client.post(url, {**form, "version": "2"}, headers=HTMX)

    assert Section.objects.get(pk=section.pk).organisation_chart is False


def test_a_new_section_can_show_the_chart(client, editing) -> None:
    client.force_login(editing.users["editor"])

    client.post(
        reverse("web:section-create", args=[editing.plan.key]),
        {
            "title": "Organisationen",
            "body": "Vi er 63.",
            "highlights": "",
            "organisation_chart": "on",
        },
    )

    assert Section.objects.get(title="Organisationen").organisation_chart is True


def test_a_choice_changed_meanwhile_is_a_conflict_that_keeps_both(client, editing, section) -> None:
    client.force_login(editing.users["editor"])
    url = reverse("web:section-edit", args=[editing.plan.key, section.pk])
    # Someone else turns the chart on while the editor has the form open
    services.section_update(
        user=editing.users["approver"],
        section=section,
        expected_version=1,
        title=section.title,
        body=section.body,
        organisation_chart=True,
    )

    response = client.post(
        url, {"title": section.title, "body": "Mine.", "version": "1"}, headers=HTMX
    )

    # (htmx swaps only a 200 in; without JavaScript the page comes with 409)
    assert response.status_code == 200
    html = response.content.decode()
    table = re.search(r'<table class="table vp-conflict-table">.*?</table>', html, re.S).group(0)
    rows = page_text(table)
    assert danish(LABEL) in rows and danish("Yes") in rows and danish("No") in rows
    saved = Section.objects.get(pk=section.pk)
    assert (saved.organisation_chart, saved.body, saved.version) == (True, section.body, 2)
    # Saving again, knowingly, with the box left empty turns it off
    again = client.post(
        url, {"title": section.title, "body": "Mine.", "version": "2"}, headers=HTMX
    )
    assert again.status_code == 200
    saved = Section.objects.get(pk=section.pk)
    assert (saved.organisation_chart, saved.body) == (False, "Mine.")
