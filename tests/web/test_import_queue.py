"""Uploads are read by the task queue: a page waits while a worker reads the document.

Without a broker the reading happens in the request (tests/web/test_import_pages.py). Here
the queue is held (the task is put in line and not run) to see what the editor sees before a
worker took it; the held task is then run as a worker would run it.
"""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation

from tests.factories import user_with_roles
from tests.queue import Held
from tests.queue import held as hold
from virkplan.interchange import tasks
from virkplan.interchange.models import ImportDraft, ImportUpload, UploadState
from virkplan.organisation.models import Role, Unit

UNIT = "miljo-teknik"
TEXT = "Virksomhedsplan 2016\n\nBo i Albertslund\n\nMål 1: Vi vil spare på energien.\n"


def danish(message: str, **values) -> str:
    with translation.override("da"):
        text = translation.gettext(message)
    return text % values if values else text


@pytest.fixture
def held(monkeypatch) -> Held:
    return hold(monkeypatch, tasks.read_upload)


@pytest.fixture
def editor(client, demo) -> User:
    user = user_with_roles("redaktoer", (UNIT, Role.EDITOR))
    client.force_login(user)
    return user


def upload(client, name: str, data: bytes):
    return client.post(
        reverse("web:import-upload"),
        {"document": SimpleUploadedFile(name, data), "unit": Unit.objects.get(key=UNIT).pk},
    )


def stored(media_root: Path) -> list[Path]:
    return [path for path in (media_root / "import-uploads").rglob("*") if path.is_file()]


def reading_url(upload: ImportUpload) -> str:
    return reverse("web:import-reading", args=[upload.pk])


def test_a_document_being_read_is_a_page_that_waits_then_goes_on_to_the_review(
    client, editor, held, media_root
) -> None:
    # When the editor uploads a plan, and no worker has read it yet
    response = upload(client, "plan-2016.txt", TEXT.encode())
    # Then the upload is kept and they are sent to a page that waits for the reading
    upload_row = ImportUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reading_url(upload_row)
    assert len(stored(media_root)) == 1
    page = client.get(response["Location"])
    assert page.status_code == 202
    html = page.content.decode()
    assert danish("The document is being read") in html
    assert "plan-2016.txt" in html
    # which asks again by itself, with JavaScript (htmx) or without it (a refresh)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'hx-get="{reading_url(upload_row)}"' in html
    assert client.get(reading_url(upload_row), headers={"HX-Request": "true"}).status_code == 204
    assert not ImportDraft.objects.exists()
    # When a worker has read it
    held.run()
    # Then the page goes on to the review of the draft, and the file is deleted
    draft = ImportDraft.objects.get()
    done = client.get(reading_url(upload_row))
    assert done.status_code == 302
    assert done["Location"] == reverse("web:import-review", args=[draft.pk])
    polled = client.get(reading_url(upload_row), headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == reading_url(upload_row)
    assert (draft.owner, draft.unit.key, draft.filename) == (editor, UNIT, "plan-2016.txt")
    assert stored(media_root) == []


def test_only_the_owner_sees_the_page_of_a_document_being_read(client, editor, held) -> None:
    upload(client, "plan-2016.txt", TEXT.encode())
    url = reading_url(ImportUpload.objects.get())
    for other in (user_with_roles("kollega", (UNIT, Role.EDITOR)), User.objects.create_user("x")):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_a_refused_document_is_shown_beside_the_file_field_when_the_worker_has_read_it(
    client, editor, held, media_root
) -> None:
    # Given a PDF that is not one, uploaded while no worker has read it
    upload(client, "plan.pdf", b"%PDF-1.4 not really a pdf")
    upload_row = ImportUpload.objects.get()
    # When the worker reads it
    held.run()
    # Then the waiting page shows the upload page with the reason beside the file field
    response = client.get(reading_url(upload_row))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_document-error"' in html
    (error,) = response.context["form"].errors["document"]
    assert error and error in unescape(html)
    assert response.context["form"]["unit"].value() == Unit.objects.get(key=UNIT).pk
    # And nothing is kept: no draft, no file
    assert ImportUpload.objects.get().state == UploadState.REFUSED
    assert not ImportDraft.objects.exists()
    assert stored(media_root) == []


def test_a_reading_no_worker_took_is_given_up_after_the_patience(client, editor, held) -> None:
    upload(client, "plan-2016.txt", TEXT.encode())
    upload_row = ImportUpload.objects.get()
    ImportUpload.objects.update(created_at=upload_row.created_at.replace(year=2020))
    response = client.get(reading_url(upload_row))
    assert response.status_code == 200
    (error,) = response.context["form"].errors["document"]
    minutes = settings.VIRKPLAN_QUEUE_PATIENCE_SECONDS // 60
    assert error == danish(
        "The document was not read within %(minutes)s minutes; the server may be busy. "
        "Upload it again.",
        minutes=minutes,
    )
    assert not re.search(r'http-equiv="refresh"', response.content.decode())


def test_a_queue_that_does_not_answer_is_said_at_once(client, editor, monkeypatch) -> None:
    def away(*args) -> None:
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(tasks.read_upload, "delay", away)
    response = upload(client, "plan-2016.txt", TEXT.encode())
    assert response.status_code == 400
    (error,) = response.context["form"].errors["document"]
    assert error == danish(
        "The document could not be read because of an error on the server. Upload it again; "
        "if it fails again, tell the site's administrators."
    )
