"""PDF and Word documents are built by the task queue: a page follows a document being made.

Without a broker (the tests, `make run`) the task runs in the request, so a download gets the
document at once (tests/reports/test_views.py). Here the queue is held (`held`: the task is
put in line and not run) to see what a reader sees while a worker has not built it yet, and
the held task is then run as a worker would run it. The last test uses the real queue.
"""

import re
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import user_with_roles
from tests.queue import Held
from tests.queue import held as hold
from virkplan.organisation.models import Role
from virkplan.reports import docx, services, tasks
from virkplan.reports.models import BuiltDocument, DocumentState

from .conftest import PLAN_2012, PLAN_2014, danish
from .test_document_cache import edit_goal
from .test_views import download_url

# The demo's documents are made again and again here: each layout once (tests/layouts.py)
pytestmark = pytest.mark.usefixtures("kept_layouts")


def status_url(key: str, format: str) -> str:
    return reverse("reports:plan-document-status", args=[key, format])


@pytest.fixture
def held(monkeypatch) -> Held:
    return hold(monkeypatch, tasks.build_document)


def refresh_of(html: str) -> str | None:
    """Where a page without JavaScript goes by itself, and when: the meta refresh."""
    found = re.search(r'<meta http-equiv="refresh" content="([^"]*)">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_document_being_made_is_a_page_that_follows_it_until_it_is_ready(
    client, demo, held
) -> None:
    url = download_url(PLAN_2014, "docx")
    # When a reader asks for the Word document, and nobody has built it yet
    first = client.get(url)
    # Then they get a page in Danish that says it is being made (202), not the file
    assert first.status_code == 202
    html = first.content.decode()
    assert danish("The document is being made.") in html
    assert "no-store" in first["Cache-Control"]
    # which asks again by itself, with JavaScript (htmx) or without it (a refresh)
    assert refresh_of(html) == f"3;url={status_url(PLAN_2014, 'docx')}"
    assert f'hx-get="{status_url(PLAN_2014, "docx")}"' in html
    # And asking again, on the page or by the link, puts no second build in line
    assert client.get(url).status_code == 202
    assert client.get(status_url(PLAN_2014, "docx")).status_code == 202
    assert len(held.calls) == 1
    # While it is made, htmx's question is answered with nothing new
    polled = client.get(status_url(PLAN_2014, "docx"), headers={"HX-Request": "true"})
    assert polled.status_code == 204
    # When a worker has built it
    held.run()
    # Then the page offers it, and asks no more
    ready = client.get(status_url(PLAN_2014, "docx"))
    assert ready.status_code == 200
    html = ready.content.decode()
    assert danish("The document is ready.") in html
    assert f'href="{url}"' in html
    assert refresh_of(html) is None and "hx-trigger" not in html
    # htmx swaps the part in that offers it
    polled = client.get(status_url(PLAN_2014, "docx"), headers={"HX-Request": "true"})
    assert polled.status_code == 200 and f'href="{url}"' in polled.content.decode()
    # And the download is the document
    download = client.get(url)
    assert download.status_code == 200
    assert download.content.startswith(b"PK")
    assert download["Content-Disposition"].endswith('miljo-teknik.docx"')


def test_the_plan_page_lets_the_browser_show_the_page_of_a_document_being_made(
    client, demo
) -> None:
    # The PDF and Word buttons are plain links: with `download` the browser would save the
    # page that says the document is being made, instead of showing it
    html = client.get(reverse("web:plan", args=[PLAN_2012])).content.decode()
    links = re.findall(r'<a [^>]*href="(/plan/[^"]*/download/(?:pdf|docx)/[^"]*)"[^>]*>', html)
    assert len(links) == 4  # with and without statuses
    for tag in re.findall(r'<a [^>]*href="/plan/[^"]*/download/(?:pdf|docx)/[^>]*>', html):
        assert " download" not in tag, tag
    # while the tables are saved as files at once
    assert re.search(r'href="/plan/[^"]*/download/xlsx/" download>', html)


def test_the_page_keeps_the_print_options_it_was_asked_with(client, demo, held) -> None:
    query = "?statuses=without&med-opfoelgning=1"
    response = client.get(download_url(PLAN_2014, "pdf") + query)
    assert response.status_code == 202
    assert refresh_of(response.content.decode()) == f"3;url={status_url(PLAN_2014, 'pdf')}{query}"
    held.run()
    ready = client.get(status_url(PLAN_2014, "pdf") + query).content.decode()
    assert f'href="{download_url(PLAN_2014, "pdf")}{query.replace("&", "&amp;")}"' in ready
    document = BuiltDocument.objects.get()
    assert (document.statuses, document.previous.key) == (False, PLAN_2012)


def test_a_built_draft_is_never_given_to_those_who_may_not_see_it(client, draft) -> None:
    # Given a reader of the draft's unit, for whom its Word document was built
    reader = Client()
    reader.force_login(user_with_roles("laeser", (draft.unit.key, Role.READER)))
    assert reader.get(download_url(draft.key, "docx")).status_code == 200
    assert BuiltDocument.objects.get().state == DocumentState.READY
    # When an anonymous visitor and a user without a role ask for it or its page
    outsider = Client()
    outsider.force_login(User.objects.create_user("udenfor"))
    message = danish("There is no plan “%(plan)s” that you may see.", plan=draft.key)
    for other in (client, outsider):
        for response in (
            other.get(download_url(draft.key, "docx")),
            other.get(status_url(draft.key, "docx")),
            other.post(status_url(draft.key, "docx")),
        ):
            # Then they are told there is no such plan, and get nothing of it
            assert response.status_code == 404
            assert message in response.content.decode()
            assert draft.title not in response.content.decode()


def test_a_failed_build_says_so_in_danish_and_can_be_tried_again(client, demo, monkeypatch) -> None:
    # Given a Word writer that fails
    def broken(report) -> bytes:
        raise RuntimeError("the disk is full")

    writer = docx.plan_docx
    monkeypatch.setattr(docx, "plan_docx", broken)
    url = download_url(PLAN_2014, "docx")
    # When a reader asks for the document
    response = client.get(url)
    # Then the page says it could not be made, in Danish, and does not ask again by itself
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert danish("The document could not be made") in html
    assert (
        danish(
            "The document could not be made because of an error on the server. Try again; if it "
            "fails again, tell the site's administrators."
        )
        in html
    )
    assert refresh_of(html) is None and "hx-trigger" not in html
    assert "the disk is full" not in html
    assert "the disk is full" in BuiltDocument.objects.get().error
    # And asking again does not build again on its own
    assert client.get(url).status_code == 200
    # When the writer works again and the reader presses Try again
    monkeypatch.setattr(docx, "plan_docx", writer)
    again = client.post(status_url(PLAN_2014, "docx"))
    # Then they are sent to the page, which offers the document, and they get it
    assert again.status_code == 302
    assert again["Location"] == status_url(PLAN_2014, "docx")
    assert danish("The document is ready.") in client.get(again["Location"]).content.decode()
    assert client.get(url).content.startswith(b"PK")


def test_a_build_no_worker_took_is_given_up_after_the_patience(
    client, demo, held, settings
) -> None:
    # Given a document put in line, that no worker took
    url = download_url(PLAN_2014, "docx")
    assert client.get(url).status_code == 202
    # When more than the patience has passed
    minutes = settings.VIRKPLAN_QUEUE_PATIENCE_SECONDS // 60
    BuiltDocument.objects.update(
        requested_at=BuiltDocument.objects.get().requested_at.replace(year=2020)
    )
    response = client.get(status_url(PLAN_2014, "docx"))
    # Then the page stops waiting and says so, and Try again puts it in line once more
    assert response.status_code == 200
    html = response.content.decode()
    message = danish(
        "The document was not made within %(minutes)s minutes; the server may be busy. Try again.",
        minutes=minutes,
    )
    assert message in html
    assert refresh_of(html) is None
    client.post(status_url(PLAN_2014, "docx"))
    assert len(held.calls) == 2
    held.run()
    assert client.get(url).status_code == 200


def test_a_queue_that_does_not_answer_is_a_failure_at_once(client, demo, monkeypatch) -> None:
    def away(*args) -> None:
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(tasks.build_document, "delay", away)
    response = client.get(download_url(PLAN_2014, "docx"))
    assert response.status_code == 200
    assert danish("The document could not be made") in response.content.decode()


def _files(root: Path) -> list[Path]:
    return sorted(path for path in (root / services.FOLDER).rglob("*") if path.is_file())


def test_a_new_version_replaces_the_old_file(
    draft, media_root, django_capture_on_commit_callbacks
) -> None:
    # Given an editor who downloaded their draft as Word
    editor = user_with_roles("redaktoer", (draft.unit.key, Role.EDITOR))
    client = Client()
    client.force_login(editor)
    url = download_url(draft.key, "docx")
    before = client.get(url)
    (kept,) = _files(media_root)
    # When they change a goal and download it again
    edit_goal(draft, editor, "Vi planter 500 nye træer.", django_capture_on_commit_callbacks)
    after = client.get(url)
    # Then they get the new document, and only its file is kept
    assert after.content != before.content
    (new,) = _files(media_root)
    assert new != kept
    assert new.read_bytes() == after.content


def test_a_missing_file_is_built_again(client, demo, media_root) -> None:
    url = download_url(PLAN_2014, "docx")
    assert client.get(url).status_code == 200
    (kept,) = _files(media_root)
    # When the file is gone from storage (removed by hand, or storage not shared)
    kept.unlink()
    again = client.get(url)
    # Then the document is built again, and the reader gets it
    assert again.status_code == 200
    assert again.content.startswith(b"PK")
    (built,) = _files(media_root)
    assert built.read_bytes() == again.content


def test_documents_nobody_asked_for_are_removed(client, demo, media_root, settings) -> None:
    # Given a built document, and a file no row names (its plan was deleted)
    client.get(download_url(PLAN_2014, "docx"))
    orphan = media_root / services.FOLDER / "999999" / "gammel.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-")
    later = BuiltDocument.objects.get().updated_at.replace(year=2100)
    # When the nightly task runs a week and more later
    assert services.documents_remove_old(now=later) == 2
    # Then both are gone
    assert not BuiltDocument.objects.exists()
    assert _files(media_root) == []


# --- the real queue ----------------------------------------------------------------------------


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_pdf_is_made_by_a_worker_through_redis(
    transactional_db, demo, redis_worker, every_layout_made
) -> None:
    client = Client()
    url = download_url(PLAN_2012, "pdf")
    # When a reader asks for the plan's PDF, with the queue on Redis and a worker taking from it
    first = client.get(url)
    # Then the page says it is being made
    assert first.status_code == 202
    assert danish("The document is being made.") in first.content.decode()
    # And the worker makes it: the page then offers it, and the download is the PDF
    assert _wait_for(lambda: client.get(status_url(PLAN_2012, "pdf")).status_code == 200)
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
