"""The pages that wait for the task queue, in a real browser: no axe-core violations, and with
JavaScript the page takes up the result by itself (htmx), without a reload.

A document being made, made, or failed; an upload being read. The queue is held (the task is
put in line and not run), then the held task is run as a worker would run it.
"""

import os

import pytest

from tests.queue import Held, held
from virkplan.interchange import tasks as import_tasks
from virkplan.interchange.models import ImportUpload
from virkplan.organisation.models import Role
from virkplan.reports import tasks as report_tasks
from virkplan.reports.models import BuiltDocument, DocumentState

from .browser import LANGUAGE_COOKIE, assert_accessible, demo_site, signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

DOWNLOAD = "/plan/mt-2014/download/docx/"
STATUS = "/plan/mt-2014/download/docx/status/"


@pytest.fixture
def site(transactional_db, live_server, demo) -> str:
    return demo_site(live_server, demo, redaktoer=[("miljo-teknik", Role.EDITOR)])


@pytest.fixture
def held_documents(monkeypatch) -> Held:
    return held(monkeypatch, report_tasks.build_document)


@pytest.fixture
def held_uploads(monkeypatch) -> Held:
    return held(monkeypatch, import_tasks.read_upload)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_document_being_made_ready_or_failed_has_no_wcag_violations(
    pages, site, held_documents, language
) -> None:
    page = pages.open(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": site}])
    # Being made: the page a download button leads to while the queue has not built it
    response = page.goto(site + DOWNLOAD)
    assert response is not None and response.status == 202
    assert_accessible(page, f"document-being-made-{language}")
    # Made: with JavaScript, the page offers it by itself, announced in its status region
    held_documents.run()
    link = page.locator(f"[role=status] a[href='{DOWNLOAD}']")
    link.wait_for(timeout=15_000)
    assert_accessible(page, f"document-ready-{language}")
    # Failed: the reason and a button to try again
    BuiltDocument.objects.update(state=DocumentState.FAILED)
    page.goto(site + STATUS)
    assert page.locator("#document-status form button[type=submit]").count() == 1
    assert_accessible(page, f"document-failed-{language}")
    pages.close(page)


def test_an_upload_being_read_has_no_wcag_violations_and_goes_on_by_itself(
    pages, site, held_uploads, tmp_path
) -> None:
    page = signed_in_page(pages, site, "redaktoer")
    document = tmp_path / "plan-2016.txt"
    document.write_text("Virksomhedsplan 2016\n\nMål 1: Vi vil spare på energien.\n")
    page.goto(site + "/indlaes/")
    page.locator("select[name=unit]").select_option(label="Miljø & Teknik")
    page.locator("input[name=document]").set_input_files(str(document))
    page.locator("form.vp-import-upload button[type=submit]").click()
    page.wait_for_url(f"**/indlaes/laeses/{ImportUpload.objects.get().pk}/")
    assert_accessible(page, "upload-being-read")
    # When the worker has read it, the page goes on to the review by itself
    held_uploads.run()
    page.wait_for_url("**/indlaes/*/", timeout=15_000)
    assert "/laeses/" not in page.url
    pages.close(page)
