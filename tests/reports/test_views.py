"""Downloading a plan from its page: every format, as the reader may see the plan."""

import io
import json
import re

import pdfplumber
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from virkplan.organisation.models import Role, RoleGrant

from .conftest import PLAN_2012, PLAN_2014, danish, english, read_pdf, squash

# The demo's documents are made again and again here: each layout once (tests/layouts.py)
pytestmark = pytest.mark.usefixtures("kept_layouts")

FORMATS = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    "csv": ("text/csv; charset=utf-8", "\ufeff".encode()),
    "json": ("application/json", b"{"),
}


def download_url(key: str, format: str) -> str:
    return reverse("reports:plan-download", args=[key, format])


@pytest.mark.parametrize("format", list(FORMATS))
def test_each_format_downloads_as_a_file_named_after_the_plan(client, demo, format) -> None:
    # When a reader presses a download button on the 2014 plan's page
    response = client.get(download_url(PLAN_2014, format))
    # Then they get the file, of its type, named after the plan and its unit
    assert response.status_code == 200
    content_type, start = FORMATS[format]
    assert response["Content-Type"] == content_type
    assert response.content.startswith(start)
    assert response["Content-Disposition"] == (
        f'attachment; filename="virksomhedsplan-2014-miljo-teknik.{format}"'
    )
    # And no shared cache keeps what this reader may see; the browser asks again each time
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_plan_page_has_a_download_button_for_each_format(client, demo) -> None:
    html = client.get(reverse("web:plan", args=[PLAN_2012])).content.decode()
    hrefs = re.findall(r'href="([^"]+)"', html)
    for format in FORMATS:
        assert download_url(PLAN_2012, format) in hrefs, format
    # The buttons form a group named by its visible label
    label = re.search(r'<p id="downloads-title"[^>]*>(.*?)</p>', html, flags=re.S)
    assert label and danish("Download the plan") in label.group(1)
    assert 'role="group" aria-labelledby="downloads-title"' in html


def test_followed_up_plan_offers_pdf_and_word_without_statuses(client, demo) -> None:
    # Given the page of a plan with follow-ups
    html = client.get(reverse("web:plan", args=[PLAN_2012])).content.decode()
    hrefs = re.findall(r'href="([^"]+)"', html)
    # Then PDF and Word are offered without statuses too, as plans were printed before
    for format in ("pdf", "docx"):
        assert download_url(PLAN_2012, format) + "?statuses=without" in hrefs, format
    assert danish("Without statuses, as plans were printed before:") in html
    # And a plan without follow-ups has no statuses to leave out
    html = client.get(reverse("web:plan", args=[PLAN_2014])).content.decode()
    assert "?statuses=without" not in html


def test_pdf_without_statuses_has_no_status_overview(client, demo) -> None:
    response = client.get(download_url(PLAN_2012, "pdf") + "?statuses=without")
    assert response.status_code == 200
    text = read_pdf(response.content)
    assert squash(danish("Status overview")) not in text.body_text()
    with_statuses = read_pdf(client.get(download_url(PLAN_2012, "pdf")).content)
    assert squash(danish("Status overview")) in with_statuses.body_text()


def test_json_download_holds_only_that_plan(client, demo) -> None:
    document = json.loads(client.get(download_url(PLAN_2012, "json")).content)
    assert [plan["key"] for plan in document["plans"]] == [PLAN_2012]


def test_csv_for_other_programs_is_comma_separated_without_byte_order_mark(client, demo) -> None:
    response = client.get(download_url(PLAN_2014, "csv") + "?dialect=plain")
    assert response.status_code == 200
    assert not response.content.startswith("\ufeff".encode())
    header = response.content.decode().splitlines()[0]
    assert header.startswith(f"{danish('Plan')},")


# Only what the reader may see ------------------------------------------------------------


@pytest.mark.parametrize("format", list(FORMATS))
def test_a_draft_is_not_found_by_readers_who_may_not_see_it(client, draft, format) -> None:
    url = download_url(draft.key, format)
    message = danish("There is no plan “%(plan)s” that you may see.", plan=draft.key)
    # Anonymous readers get a page saying so, in Danish
    response = client.get(url)
    assert response.status_code == 404
    assert message in response.content.decode()
    # And so do signed-in users without a role in the plan's unit
    client.force_login(User.objects.create_user("udenfor"))
    response = client.get(url)
    assert response.status_code == 404
    assert draft.title not in response.content.decode()


@pytest.mark.parametrize("format", list(FORMATS))
def test_readers_of_the_unit_download_its_draft(client, draft, format) -> None:
    reader = User.objects.create_user("laeser")
    RoleGrant.objects.create(user=reader, unit=draft.unit, role=Role.READER)
    client.force_login(reader)
    response = client.get(download_url(draft.key, format))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'byg-og-miljo.{format}"')


def test_unknown_format_says_which_formats_there_are(client, demo) -> None:
    response = client.get(download_url(PLAN_2014, "odt"))
    assert response.status_code == 404
    message = danish(
        "Unknown format “%(format)s”; choose one of %(formats)s.",
        format="odt",
        formats="pdf, docx, xlsx, csv, json",
    )
    assert message in response.content.decode()


def test_unknown_plan_is_not_found(client, demo) -> None:
    assert client.get(download_url("findes-ikke", "pdf")).status_code == 404


# The reader's language ----------------------------------------------------------------------


def test_pdf_of_an_english_request_has_english_labels(client, demo) -> None:
    # Given a reader who picked English
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # When they download the 2014 plan as PDF
    content = client.get(download_url(PLAN_2014, "pdf")).content
    text = read_pdf(content)
    # Then its labels are English: contents, page numbers, goals and documentation
    assert text.body(1)[0] == english("Contents")
    assert text.lines[1][0].endswith(f"{english('Page')} 2".upper())
    body = text.body_text()
    assert squash(english("Goal") + ":") in body
    assert squash(english("Documentation") + ":") in body
    # And numbers are written the English way, while the plan's text stays Danish
    assert squash(f"{english('Target:')} 9,187 MWh") in body
    assert squash("3,79 % af varmesalget") in body
    # So the document's language is still Danish, for screen readers' voice
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        assert pdf.doc.catalog["Lang"] == b"da"


def test_spreadsheet_of_an_english_request_has_english_headings(client, demo) -> None:
    from openpyxl import load_workbook

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    workbook = load_workbook(io.BytesIO(client.get(download_url(PLAN_2014, "xlsx")).content))
    headings = [cell.value for cell in workbook.worksheets[0][1]]
    assert english("Criterion") in headings
    assert english("Latest status") in headings


# Queries ------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Pinned query counts for an anonymous reader of the 2012–2013 plan; they hold for any size:
# the plan (with its unit and the unit's parent), sections, focus areas, goals, criteria,
# follow-ups and the criteria those speak about, the goals' statuses, the newest round (not in
# JSON); a unit further down the organisation costs one query per level above its parent.
# JSON also reads the units the document names. Before all that, one query asks whether the
# reader may see the plan: all a kept file costs.
# Word (and PDF) is built by the task queue, here in the request: the same reads, and the row
# the document is kept in found, made (in a savepoint), read by the task, marked built and read
# again; a built document then costs the question and its row. Word lays out the PDF for its
# page numbers, which asks which indicators measure the criteria.
QUERIES = {"docx": 18, "xlsx": 10, "csv": 10, "json": 12}
KEPT = {"docx": 2, "xlsx": 1, "csv": 1, "json": 1}


@pytest.mark.parametrize("format", list(QUERIES))
def test_download_queries_on_the_demo(client, demo, layouts, format) -> None:
    url = download_url(PLAN_2012, format)
    assert _queries(client, url) == QUERIES[format]
    # Word's layout of the PDF, for its page numbers, asked the database nothing
    assert layouts == ([0] if format == "docx" else [])
    assert _queries(client, url) == KEPT[format]


def test_download_queries_on_a_plan_ten_times_the_demo(
    client, scaled_demo, layouts_left_out
) -> None:
    """Every format end to end, but for WeasyPrint's layout of the Word document's pages,
    which would be most of the test's time (some 130 pages): the layout is given the HTML as
    a string and never asks the database, as the test above checks on the demo, where the
    download is laid out in full and pins the same counts. So every query a download makes
    is counted here, on a plan ten times the size."""
    # One test for every format: importing the large plan takes a while
    counts = {format: _queries(client, download_url(PLAN_2012, format)) for format in QUERIES}
    assert counts == QUERIES
    assert layouts_left_out == [0]
