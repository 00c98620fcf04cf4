"""Documents are read in a child process that limits its own time and memory.

Given a document, when it is read through `reading_in_child`, then the
reading is the one `reading_from_file` gives in this process, a refusal is
the same refusal in the user's language, and a child stopped by its time or
memory limit gives a message that the document is too large or too complex,
with what to do. Each test starts a child or two (about a second each).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from virkplan.interchange.legacy import readers
from virkplan.interchange.legacy.isolation import (
    TOO_COMPLEX,
    BeyondLimits,
    Limits,
    ReadingFailed,
    _child_environment,
    reading_in_child,
)
from virkplan.interchange.legacy.services import reading_from_file
from virkplan.interchange.legacy.source import ReadLimits, UnreadableDocument

from .files import pdf_from_html
from .hostile import pdf_with_a_crowded_page, pdf_with_an_inflating_stream

SMALL = Limits(seconds=30, memory_mb=512, read=ReadLimits(pages=20, lines=5000))


def test_the_child_reads_the_reference_plan_as_this_process_does(reference_text):
    data = reference_text.encode("utf-8")

    isolated = reading_in_child(data, "plan.txt", unit="miljo-teknik", limits=SMALL)

    here = reading_from_file(data, "plan.txt", unit="miljo-teknik")
    assert isolated.source == here.source
    assert isolated.blocks == here.blocks


def test_a_refusal_in_the_child_comes_back_in_the_users_language():
    with translation.override("da"), pytest.raises(UnreadableDocument) as refused:
        reading_in_child(b"", "plan.txt", unit="enhed", limits=SMALL)

    with translation.override("da"):
        assert refused.value.message == str(readers.EMPTY)
    assert "tom" in refused.value.message


def test_the_child_reports_its_progress_page_by_page():
    pages = "".join(f'<p style="break-before: page">Side {n}.</p>' for n in range(2))
    pdf = pdf_from_html("<h1>Virksomhedsplan 2016</h1>" + pages)
    reported: list[tuple[int, int]] = []

    reading_in_child(
        pdf, "plan.pdf", unit="enhed", limits=SMALL, progress=lambda *done: reported.append(done)
    )

    assert reported == [(1, 3), (2, 3), (3, 3)]


def test_a_child_stopped_by_its_memory_limit_gives_the_message_with_what_to_do():
    # Given a PDF of a few kilobytes whose content stream inflates to a gigabyte
    bomb = pdf_with_an_inflating_stream(2**30)
    # When it is read by a child that may use 512 MB
    with translation.override("da"), pytest.raises(BeyondLimits) as refused:
        reading_in_child(bomb, "plan.pdf", unit="enhed", limits=SMALL)
    # Then the child is stopped, and the message says the document is too large or complex
    with translation.override("da"):
        assert refused.value.message == str(TOO_COMPLEX % {"seconds": 30, "memory": 512})
    assert "for stort eller for komplekst" in refused.value.message
    assert "512 MB" in refused.value.message


def test_a_child_stopped_by_its_time_limit_gives_the_same_message():
    # Given a page that takes pdfplumber far longer than two seconds to read, and
    # limits that let it past the count of characters
    crowded = pdf_with_a_crowded_page(600_000)
    limits = Limits(seconds=2, memory_mb=4096, read=ReadLimits(page_characters=10**6))
    # When it is read, then the child is stopped at two seconds
    with translation.override("en"), pytest.raises(BeyondLimits) as refused:
        reading_in_child(crowded, "plan.pdf", unit="enhed", limits=limits)
    assert "too large or too complex" in refused.value.message
    assert "2 seconds" in refused.value.message


def test_a_memory_limit_too_small_for_the_reader_to_start_is_an_error_naming_the_setting():
    # Given a memory limit in which Python and the readers cannot even load
    too_small = Limits(seconds=30, memory_mb=40)
    # When a document is read, then it is not blamed on the document: the server
    # fails, naming the setting to raise
    with pytest.raises(ReadingFailed, match="VIRKPLAN_IMPORT_MEMORY_MB"):
        reading_in_child("Mål: Vi vil.\n".encode(), "plan.txt", unit="enhed", limits=too_small)


def test_the_child_gets_no_database_address_password_or_secret_key(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://virkplan:hemmelig@db/virkplan")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "hemmelig")
    monkeypatch.setenv("OIDC_RP_CLIENT_SECRET", "hemmelig")
    monkeypatch.setenv("SECRET_KEY", "the-real-secret-key")

    environment = _child_environment()

    assert "hemmelig" not in " ".join(environment.values())
    assert environment["SECRET_KEY"] not in ("", "the-real-secret-key")
    assert environment["DJANGO_SETTINGS_MODULE"]
