"""A plan's files are kept per plan version: a repeated download is not drawn again.

The renderers are wrapped so each test counts how often a file is drawn. Most
tests use Word, which draws in a fraction of the time a PDF takes; one test
shows the PDF is kept too. Writes go through the services, and `committed`
runs what they leave for the commit of their transaction (the test's own
transaction is never committed), as a real request's commit does.
"""

import io
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import Client
from docx import Document

from tests.factories import user_with_roles
from virkplan.organisation.models import Role
from virkplan.plans import services
from virkplan.plans.models import Goal
from virkplan.reports import docx, pdf, tabular

from .conftest import PLAN_2012, danish, squash
from .test_views import download_url

# The demo's documents are made again and again here: each layout once (tests/layouts.py)
pytestmark = pytest.mark.usefixtures("kept_layouts")


@pytest.fixture
def drawn(monkeypatch) -> Counter[str]:
    """How many times each format was drawn."""
    counts: Counter[str] = Counter()

    def counted(name: str, render: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return render(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(pdf, "plan_pdf", counted("pdf", pdf.plan_pdf))
    monkeypatch.setattr(docx, "plan_docx", counted("docx", docx.plan_docx))
    monkeypatch.setattr(tabular, "plan_csv", counted("csv", tabular.plan_csv))
    return counts


@contextmanager
def committed(django_capture_on_commit_callbacks) -> Iterator[None]:
    with django_capture_on_commit_callbacks(execute=True):
        yield


def word_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return squash("".join(parts))


HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "ETag")


def test_a_second_pdf_download_is_not_drawn_again(client, demo, drawn) -> None:
    url = download_url(PLAN_2012, "pdf")
    # Given a reader who downloaded the 2012–2013 plan as PDF
    first = client.get(url)
    assert first.status_code == 200
    # When they, and a signed-in reader, download it again
    reader = Client()
    reader.force_login(user_with_roles("laeser"))
    for again in (client.get(url), reader.get(url)):
        # Then they get the same bytes with the same headers
        assert again.status_code == 200
        assert again.content == first.content
        assert {h: again[h] for h in HEADERS} == {h: first[h] for h in HEADERS}
    # And the PDF was drawn once
    assert drawn["pdf"] == 1


def edit_goal(plan, editor, statement: str, on_commit) -> None:
    goal = Goal.objects.get(plan_focus_area__plan=plan)
    with committed(on_commit):
        services.goal_update(
            user=editor, goal=goal, expected_version=goal.version, statement=statement
        )


def test_editing_a_goal_makes_the_next_download_show_it(
    draft, drawn, django_capture_on_commit_callbacks
) -> None:
    # Given an editor who downloaded their draft as Word
    editor = user_with_roles("redaktoer", (draft.unit.key, Role.EDITOR))
    client = Client()
    client.force_login(editor)
    url = download_url(draft.key, "docx")
    before = client.get(url)
    assert client.get(url).content == before.content
    assert drawn["docx"] == 1
    # When they change a goal's text
    edit_goal(draft, editor, "Vi planter 500 nye træer.", django_capture_on_commit_callbacks)
    # Then the next download is drawn again and shows the new text, under a new ETag
    after = client.get(url)
    assert drawn["docx"] == 2
    assert squash("Vi planter 500 nye træer.") in word_text(after.content)
    assert squash("Vi vil spare på energien.") not in word_text(after.content)
    assert after["ETag"] != before["ETag"]
    # And the one after that comes from the cache again
    assert client.get(url).content == after.content
    assert drawn["docx"] == 2


def test_each_language_and_csv_dialect_has_a_file_of_its_own(client, demo, drawn) -> None:
    url = download_url(PLAN_2012, "docx")
    danish = client.get(url).content
    english_reader = Client()
    english_reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_reader.get(url).content
    assert english != danish
    assert drawn["docx"] == 2
    # Each language's file is kept: asking again draws neither
    assert client.get(url).content == danish
    assert english_reader.get(url).content == english
    # A CSV dialect matters only to CSV: Word asked for with one is the same file
    assert client.get(url + "?dialect=plain").content == danish
    assert drawn["docx"] == 2
    csv = download_url(PLAN_2012, "csv")
    excel, plain = client.get(csv).content, client.get(csv + "?dialect=plain").content
    assert excel.startswith("\ufeff".encode())
    assert not plain.startswith("\ufeff".encode())
    assert client.get(csv).content == excel
    assert drawn["csv"] == 2


def test_with_and_without_statuses_each_have_a_file_of_their_own(client, demo, drawn) -> None:
    url = download_url(PLAN_2012, "docx")
    # Given a reader who downloaded the plan with statuses, then without
    with_statuses = client.get(url).content
    without = client.get(url + "?statuses=without").content
    # Then they are two files, one without the status overview
    assert with_statuses != without
    assert squash(danish("Status overview")) in word_text(with_statuses)
    assert squash(danish("Status overview")) not in word_text(without)
    assert drawn["docx"] == 2
    # And each is kept: asking again draws neither
    assert client.get(url).content == with_statuses
    assert client.get(url + "?statuses=without").content == without
    assert drawn["docx"] == 2
    # The choice matters only to printed documents: CSV asked for without is the same file
    csv = download_url(PLAN_2012, "csv")
    assert client.get(csv + "?statuses=without").content == client.get(csv).content
    assert drawn["csv"] == 1


@pytest.mark.parametrize("format", ["docx", "csv"])
def test_a_kept_draft_is_not_given_to_those_who_may_not_see_it(
    client, draft, drawn, format
) -> None:
    url = download_url(draft.key, format)
    # Given a reader of the draft's unit, whose download is kept
    reader = Client()
    reader.force_login(user_with_roles("laeser", (draft.unit.key, Role.READER)))
    kept = reader.get(url)
    assert kept.status_code == 200
    # When an anonymous visitor and a user without a role ask for it, with its ETag too
    outsider = Client()
    outsider.force_login(user_with_roles("udenfor"))
    for other in (client, outsider):
        for headers in ({}, {"If-None-Match": kept["ETag"]}):
            response = other.get(url, headers=headers)
            # Then they are told there is no such plan, and get nothing of it
            assert response.status_code == 404
            assert response.get("ETag") != kept["ETag"]
            assert kept.content not in response.content
    assert drawn[format] == 1


def test_an_unchanged_file_is_answered_with_304(
    draft, drawn, django_capture_on_commit_callbacks
) -> None:
    editor = user_with_roles("redaktoer", (draft.unit.key, Role.EDITOR))
    client = Client()
    client.force_login(editor)
    url = download_url(draft.key, "docx")
    first = client.get(url)
    # The browser may keep the file but must ask each time; no shared cache may keep it
    assert "no-cache" in first["Cache-Control"]
    assert "private" in first["Cache-Control"]
    # When the browser asks again with the file's ETag
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    # Then it is told its file is still current, without the file
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    # And after a write it gets the new file
    edit_goal(draft, editor, "Et nyt mål.", django_capture_on_commit_callbacks)
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert drawn["docx"] == 2


def test_a_file_larger_than_the_limit_is_drawn_each_time(client, demo, drawn, settings) -> None:
    settings.VIRKPLAN_DOCUMENT_CACHE_MAX_BYTES = 1000
    url = download_url(PLAN_2012, "csv")
    assert client.get(url).content == client.get(url).content
    assert drawn["csv"] == 2
