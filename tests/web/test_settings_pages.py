"""The municipality's settings page and a unit's names page: an administrator changes the
name, contact details, logo and accessibility statement, and every page shows it at once."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import user_with_roles
from tests.organisation.logo_files import png, svg
from virkplan.organisation import logos
from virkplan.organisation.models import AccessibilityStatement, Role, Unit
from virkplan.organisation.services import UnitDetails, unit_details_update

from .conftest import page_text

SETTINGS = "/indstillinger/kommune/"


class Committing:
    """A test client whose posts commit: what waits for the commit (a new data version, so
    that cached pages are old) runs after each."""

    def __init__(self, client, capture) -> None:
        self.client, self.capture = client, capture

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.post(*args, **kwargs)


@pytest.fixture
def admin(demo, django_capture_on_commit_callbacks) -> Committing:
    """The municipality's administrator, signed in, in a browser of their own."""
    client = Client()
    client.force_login(user_with_roles("kommune-admin", ("albertslund", Role.ADMINISTRATOR)))
    client.cookies["virkplan_language"] = "da"
    return Committing(client, django_capture_on_commit_callbacks)


def _identity(client, **changes) -> dict:
    """The identity form as the page fills it in, with `changes`."""
    form = client.get(SETTINGS).context["identity_form"]
    data = {"form": "identity", **{k: v for k, v in form.initial.items() if v is not None}}
    data.update(changes)
    return data


def _statement(client, **changes) -> dict:
    form = client.get(SETTINGS).context["statement_form"]
    data = {"form": "statement"}
    for name, value in form.initial.items():
        data[name] = value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else value
    data.update(changes)
    return data


def header(html: str) -> str:
    start = html.index('<header class="header"')
    return html[start : html.index("</header>", start)]


def test_the_page_shows_the_municipalitys_details_and_the_statement(admin) -> None:
    response = admin.get(SETTINGS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kommunens oplysninger</h1>" in html
    assert 'value="albertslund@albertslund.dk"' in html
    # the statement's standard text is written out, to start from
    assert "Vi kender ikke til indhold på webstedet" in page_text(html)
    assert 'value="05-12-2026"' in html


def test_a_new_name_shows_in_the_header_at_once(admin, client) -> None:
    # Given a page drawn with the municipality's name (the name is now kept in the cache)
    assert "Albertslund Kommune" in header(client.get("/").content.decode())
    # When the administrator gives it a formal name
    response = admin.post(SETTINGS, _identity(admin, formal_name="Albertslund Kommune, Rådhuset"))
    assert response.status_code == 302 and response["Location"] == SETTINGS
    # Then the next page, for anyone, has it in the header
    html = client.get("/").content.decode()
    assert '<strong class="authority-name">Albertslund Kommune, Rådhuset</strong>' in header(html)
    # and the settings page says it was saved
    assert "Kommunens oplysninger er gemt." in page_text(admin.get(SETTINGS).content.decode())


def test_a_bad_email_address_is_named_and_nothing_is_saved(admin) -> None:
    response = admin.post(SETTINGS, _identity(admin, email="albertslund.dk", phone="1"))
    assert response.status_code == 400
    text = page_text(response.content.decode())
    assert "Intet blev gemt. Ret de markerede felter nedenfor." in text
    assert "Fejl: E-mailadressen er ikke gyldig." in text
    assert Unit.objects.get(key="albertslund").phone == "43 68 68 68"


def test_a_bad_logo_is_refused_with_the_reason(admin, media_root) -> None:
    bad = SimpleUploadedFile("logo.svg", svg('<image href="https://example.com/x.png"/>'))
    response = admin.post(SETTINGS, {**_identity(admin), "logo": bad})
    assert response.status_code == 400
    text = page_text(response.content.decode())
    assert "Logoets SVG-fil henviser til noget uden for sig selv" in text
    assert not Unit.objects.get(key="albertslund").logo


def test_a_logo_is_uploaded_shown_and_removed(admin, client, media_root) -> None:
    # When the administrator uploads a PNG logo
    logo = SimpleUploadedFile("albertslund.png", png(240, 80))
    assert admin.post(SETTINGS, {**_identity(admin), "logo": logo}).status_code == 302
    # Then the header shows it, and the settings page shows the logo now
    assert "vp-portal-logo" in header(client.get("/").content.decode())
    html = admin.get(SETTINGS).content.decode()
    assert re.search(r'<img class="vp-settings-logo" src="/logo/\?v=logos/albertslund', html)
    assert admin.get(reverse("web:authority-logo")).status_code == 200
    # When they remove it
    assert admin.post(SETTINGS, _identity(admin, remove_logo="on")).status_code == 302
    # Then the header has the name alone
    assert "vp-portal-logo" not in header(client.get("/").content.decode())


def test_a_change_by_someone_else_meanwhile_is_shown_and_the_typed_text_kept(admin) -> None:
    # Given the administrator opened the form
    data = _identity(admin, phone="43 68 11 11")
    # and someone else changed the telephone number meanwhile
    unit = Unit.objects.get(key="albertslund")
    unit_details_update(
        actor=unit_admin(), unit=unit, expected_version=1, details=UnitDetails(phone="43 68 22 22")
    )
    # When they save
    response = admin.post(SETTINGS, data)
    # Then nothing of theirs is saved; they see both numbers, and may save again
    assert response.status_code == 409
    html = response.content.decode()
    assert "En anden har ændret enhedens oplysninger" in page_text(html)
    assert "43 68 22 22" in page_text(html) and 'value="43 68 11 11"' in html
    assert Unit.objects.get(key="albertslund").phone == "43 68 22 22"
    assert admin.post(SETTINGS, {**data, "version": 2}).status_code == 302
    assert Unit.objects.get(key="albertslund").phone == "43 68 11 11"


def unit_admin():
    return user_with_roles("anden-admin", ("albertslund", Role.ADMINISTRATOR))


def test_the_edited_statement_is_what_the_statement_page_shows(admin, client) -> None:
    # When the administrator says the site fully complies, lists what is not accessible,
    # gives a new review date and an e-mail address for feedback
    data = _statement(
        admin,
        compliance="full",
        non_accessible="Vi kender én begrænsning:\n\n- Kortet over genbrugspladser er et billede.",
        reviewed_on="01-03-2027",
        feedback_email="web@albertslund.dk",
    )
    assert admin.post(SETTINGS, data).status_code == 302
    # Then the statement, for everyone, says so
    html = client.get("/tilgaengelighed/").content.decode()
    text = page_text(html)
    assert "Webstedet overholder kravene fuldt ud." in text
    assert "<li>Kortet over genbrugspladser er et billede.</li>" in html
    assert (
        "Erklæringen er udarbejdet den 5. december 2026 og senest gennemgået den 1. marts 2027."
        in text
    )
    assert "mailto:web@albertslund.dk" in html
    # the compliance text left as it was is the standard one, in the reader's language
    assert AccessibilityStatement.objects.get().compliance_text == ""
    client.cookies["virkplan_language"] = "en"
    english = page_text(client.get("/tilgaengelighed/").content.decode())
    assert "Our automatic tests find no errors" in english
    assert "The site fully meets the requirements." in english


def test_a_review_before_the_statement_was_made_is_refused(admin) -> None:
    response = admin.post(SETTINGS, _statement(admin, reviewed_on="01-01-2026"))
    assert response.status_code == 400
    assert "Erklæringen kan ikke være gennemgået før den dag, den blev udarbejdet." in page_text(
        response.content.decode()
    )
    assert not AccessibilityStatement.objects.exists()


def test_a_bad_date_is_named(admin) -> None:
    response = admin.post(SETTINGS, _statement(admin, prepared_on="5. dec"))
    assert response.status_code == 400
    assert "Skriv datoen som dd-mm-åååå" in page_text(response.content.decode())


def test_others_may_not_open_the_settings(client, demo) -> None:
    client.force_login(user_with_roles("redaktoer", ("albertslund", Role.EDITOR)))
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, {"form": "identity", "name": "X", "version": 1}).status_code == 403
    assert Unit.objects.get(key="albertslund").name == "Albertslund Kommune"


def test_a_units_administrator_edits_its_names_from_the_unit_page(client, demo) -> None:
    # Given an administrator of Miljø & Teknik on the unit's page
    client.force_login(user_with_roles("mt-admin", ("miljo-teknik", Role.ADMINISTRATOR)))
    client.cookies["virkplan_language"] = "da"
    unit_page = client.get(reverse("web:unit", args=["miljo-teknik"])).content.decode()
    names_url = reverse("web:unit-names", args=["miljo-teknik"])
    assert f'<a href="{names_url}">Rediger enhedens navne</a>' in unit_page
    # and the link to the municipality's details is not theirs
    assert SETTINGS not in unit_page
    # When they give it a formal name
    form = client.get(names_url).context["form"]
    data = {**form.initial, "formal_name": "Miljø- og Teknikafdelingen"}
    response = client.post(names_url, data)
    # Then the unit page shows it
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Miljø- og Teknikafdelingen" in page_text(page)
    assert "Enhedens navne er gemt." in page_text(page)
    assert Unit.objects.get(key="miljo-teknik").formal_name == "Miljø- og Teknikafdelingen"


def test_the_unit_page_offers_no_name_editing_to_an_editor(client, demo) -> None:
    client.force_login(user_with_roles("mt-editor", ("miljo-teknik", Role.EDITOR)))
    page = client.get(reverse("web:unit", args=["miljo-teknik"])).content.decode()
    assert reverse("web:unit-names", args=["miljo-teknik"]) not in page
    assert client.get(reverse("web:unit-names", args=["miljo-teknik"])).status_code == 403


def test_the_municipalitys_page_links_its_administrator_to_the_settings(admin) -> None:
    page = admin.get(reverse("web:unit", args=["albertslund"])).content.decode()
    assert f'<a href="{SETTINGS}">Kommunens oplysninger og tilgængelighedserklæring</a>' in page


@pytest.mark.parametrize("logo", [png(), svg()])
def test_logo_files_that_logos_accepts_are_accepted(admin, media_root, logo) -> None:
    name = "logo.png" if logo.startswith(logos.PNG_SIGNATURE) else "logo.svg"
    response = admin.post(SETTINGS, {**_identity(admin), "logo": SimpleUploadedFile(name, logo)})
    assert response.status_code == 302
    assert Unit.objects.get(key="albertslund").logo.name.endswith(name[-4:])


def test_a_statement_changed_meanwhile_is_shown_beside_the_typed_one(admin) -> None:
    # Given the administrator opened the statement's form, never saved before
    data = _statement(admin, feedback_phone="43 68 11 11")
    # and another administrator saved it meanwhile
    assert admin.post(SETTINGS, _statement(admin, feedback_phone="43 68 22 22")).status_code == 302
    # When the first saves what they typed
    response = admin.post(SETTINGS, data)
    # Then nothing of theirs is saved; they see the statement as it is now beside their text
    assert response.status_code == 409
    html = response.content.decode()
    assert "En anden har ændret tilgængelighedserklæringen" in page_text(html)
    assert "43 68 22 22" in page_text(html) and 'value="43 68 11 11"' in html
    assert AccessibilityStatement.objects.get().feedback_phone == "43 68 22 22"
