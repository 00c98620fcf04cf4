"""The site speaks for its municipality: the header's name, the footer's contact lines, the
accessibility statement, the favicon."""

import re

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.organisation.logo_files import png, svg, with_logo
from virkplan.core.data_version import data_changed
from virkplan.core.display import long_date
from virkplan.organisation.models import STATEMENT_FIRST_DATE, Unit, UnitKind

from .conftest import links, page_text

MUNICIPALITY = "Albertslund Kommune"


def get(client, url: str, language: str = "da") -> str:
    client.cookies["virkplan_language"] = language
    response = client.get(url)
    assert response.status_code == 200, f"{url} gave {response.status_code}"
    return response.content.decode()


def part(html: str, start: str, end: str) -> str:
    """The HTML from the first `start` to the `end` after it."""
    html = html[html.index(start) :]
    return html[: html.index(end) + len(end)]


def test_the_header_names_the_municipality(client, demo) -> None:
    # Given the demo's municipality, Albertslund Kommune
    # When any page is opened
    header = part(
        get(client, reverse("web:plan", args=["mt-2014"])), '<header class="header"', "</header>"
    )
    # Then the header names it, as the authority of Det Fælles Designsystem's solution line
    assert f'<strong class="authority-name">{MUNICIPALITY}</strong>' in header
    assert f">{MUNICIPALITY}</a>" in header  # the portal line, leading to the front page
    # And an anonymous reader is offered "Log ind", a signed-in user "Log af"
    assert "Log ind" in page_text(header) and "Log af" not in page_text(header)


def test_a_signed_in_user_sees_their_name_and_log_af(client, demo, django_user_model) -> None:
    user = django_user_model.objects.create_user(
        "lise", password="x" * 16, first_name="Lise", last_name="Holm"
    )
    client.force_login(user)
    header = part(get(client, "/"), '<header class="header"', "</header>")
    text = page_text(header)
    assert "Lise Holm" in text and "Log af" in text and "Log ind" not in text


def test_the_footer_gives_the_municipalitys_contact_details(client, demo) -> None:
    # Given the municipality's contact details
    unit = Unit.objects.get(kind=UnitKind.MUNICIPALITY, parent__isnull=True)
    assert (unit.address, unit.phone, unit.email, unit.web) == (
        "Nordmarks Allé, 2620 Albertslund",
        "43 68 68 68",
        "albertslund@albertslund.dk",
        "www.albertslund.dk",
    )
    # When a page is opened
    footer = part(get(client, "/"), "<footer>", "</footer>")
    text = page_text(footer)
    # Then its footer has a line for each, the ways to reach it as links
    for line in (
        MUNICIPALITY,
        "Nordmarks Allé, 2620 Albertslund",
        "Telefon: 43 68 68 68",
        "E-mail: albertslund@albertslund.dk",
        "Websted: www.albertslund.dk",
    ):
        assert line in text, line
    hrefs = links(footer)
    assert {
        "tel:43686868",
        "mailto:albertslund@albertslund.dk",
        "https://www.albertslund.dk",
    } <= set(hrefs)
    # And a link named Tilgængelighedserklæring to the statement
    assert f'<a href="{reverse("web:accessibility")}">Tilgængelighedserklæring</a>' in footer


def test_the_footer_in_english(client, demo) -> None:
    text = page_text(part(get(client, "/", language="en"), "<footer>", "</footer>"))
    assert "Telephone: 43 68 68 68" in text and "Accessibility statement" in text


def test_the_statement_has_the_parts_of_the_danish_template(client, demo) -> None:
    # When the statement is opened
    assert reverse("web:accessibility") == "/tilgaengelighed/"
    html = get(client, "/tilgaengelighed/")
    # Then it has the parts Digitaliseringsstyrelsen's template asks for, in that order
    headings = [page_text(h) for h in re.findall(r"<h2 id=\"[a-z-]+-title\">(.*?)</h2>", html)]
    assert headings == [
        "Overholdelsesstatus",
        "Ikke-tilgængeligt indhold",
        "Udarbejdelse af denne tilgængelighedserklæring",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
    ]
    text = page_text(html)
    # headed with the site it is for, as the template asks
    assert "<h1>Tilgængelighedserklæring for testserver</h1>" in html
    # the compliance status, against WCAG 2.1 AA
    assert "Webstedet overholder kravene delvist." in text
    assert "WCAG 2.1 på niveau A og AA" in text
    # how it was made: what the tests check, and when
    assert "axe-core" in text and "Chromium" in text
    with translation.override("da"):
        assert f"senest gennemgået den {long_date(STATEMENT_FIRST_DATE)}." in text
    # feedback: the municipality by telephone and in writing
    assert f"sig det til {MUNICIPALITY}" in text
    assert "Telefon: 43 68 68 68" in page_text(part(html, '<section id="feedback"', "</section>"))
    assert "mailto:albertslund@albertslund.dk" in links(
        part(html, '<section id="feedback"', "</section>")
    )
    # enforcement: Digitaliseringsstyrelsen supervises and takes complaints
    enforcement = part(html, '<section id="enforcement"', "</section>")
    assert "Digitaliseringsstyrelsen fører tilsyn" in page_text(enforcement)
    assert any("digst.dk" in href for href in links(enforcement))


def test_the_statement_in_english(client, demo) -> None:
    text = page_text(get(client, "/tilgaengelighed/", language="en"))
    assert "The site partly meets the requirements." in text
    with translation.override("en"):
        assert f"last reviewed on {long_date(STATEMENT_FIRST_DATE)}." in text
    assert "Digitaliseringsstyrelsen (the Agency for Digital Government) supervises" in text


def test_without_a_municipality_the_site_still_works(client, db) -> None:
    # Given no units at all
    html = get(client, "/")
    # Then the header names virkplan, the footer has no contact lines, and the statement says why
    assert "authority-name" not in html
    assert "Telefon:" not in page_text(part(html, "<footer>", "</footer>"))
    statement = page_text(get(client, "/tilgaengelighed/"))
    assert "der er ikke oprettet nogen kommune endnu" in statement


def test_the_municipality_is_read_once_and_a_change_shows_at_once(
    admin_client, demo, django_capture_on_commit_callbacks
) -> None:
    # Given a page drawn once (the municipality is now kept)
    get(admin_client, "/")
    with CaptureQueriesContext(connection) as queries:
        get(admin_client, "/")
    assert not [q for q in queries if '"organisation_unit"."parent_id" IS NULL' in q["sql"]]
    # When an administrator changes its telephone number in the admin
    unit = Unit.objects.get(kind=UnitKind.MUNICIPALITY, parent__isnull=True)
    url = reverse("admin:organisation_unit_change", args=[unit.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in ("successors", "logo")
    }
    data.update({"phone": "43 68 00 00", "facts-TOTAL_FORMS": "0", "facts-INITIAL_FORMS": "0"})
    data.pop("parent", None)
    with django_capture_on_commit_callbacks(execute=True):  # the change commits
        assert admin_client.post(url, data).status_code == 302
    # Then the next page has the new one
    assert "Telefon: 43 68 00 00" in page_text(get(admin_client, "/"))


def test_every_page_names_its_favicon(client, demo) -> None:
    head = part(get(client, "/"), "<head>", "</head>")
    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in head
    assert '<link rel="icon" href="/static/web/favicon.png" type="image/png" sizes="32x32">' in head
    assert finders.find("web/favicon.svg") and finders.find("web/favicon.png")


def test_the_design_systems_script_is_served_from_the_site(client, demo) -> None:
    html = get(client, "/")
    assert '<script src="/static/dkfds/js/dkfds.min.js" defer></script>' in html
    assert '<script src="/static/web/dkfds-init.js" defer></script>' in html
    assert finders.find("dkfds/js/dkfds.min.js")
    # and nothing inline, which the Content-Security-Policy would block
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_the_header_shows_the_municipalitys_logo_before_its_name(
    client, demo, media_root, django_capture_on_commit_callbacks
) -> None:
    # Given no logo, the header has the name alone, and there is no logo to fetch
    header = part(get(client, "/"), '<header class="header"', "</header>")
    assert "vp-portal-logo" not in header
    assert client.get(reverse("web:authority-logo")).status_code == 404
    # When the municipality gets a logo (saved as the admin saves it: the pages' data changes)
    with django_capture_on_commit_callbacks(execute=True):
        with_logo(Unit.objects.get(key="albertslund"), "logo.png", png(240, 80))
        data_changed()
    # Then the header shows it before the name, as a picture the name explains
    portal = part(get(client, "/"), 'class="vp-portal-name"', "</a>")
    logo = re.search(r'<img class="vp-portal-logo" src="([^"]+)" alt="">', portal)
    assert logo and portal.index("vp-portal-logo") < portal.index(MUNICIPALITY)
    # and its address serves the picture, kept for long since a new logo gets a new address
    response = client.get(logo.group(1))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == png(240, 80)
    assert "immutable" in response["Cache-Control"]


def test_an_svg_logo_is_served_as_a_picture_that_can_run_nothing(client, demo, media_root) -> None:
    with_logo(Unit.objects.get(key="albertslund"), "logo.svg", svg())
    response = client.get(reverse("web:authority-logo"))
    assert response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_logo_file_that_is_not_what_its_name_says_is_not_served(client, demo, media_root) -> None:
    unit = with_logo(Unit.objects.get(key="albertslund"), "logo.svg", svg())
    # Replaced on disk by something else, past the checks made at upload
    with open(unit.logo.path, "wb") as file:
        file.write(png())
    assert client.get(reverse("web:authority-logo")).status_code == 404
