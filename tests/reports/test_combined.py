"""The 2014 plan's document with the 2012–2013 plan's follow-up as its last part.

One document, as the department publishes it: one contents list that names
the follow-up part and its focus areas, and one page numbering through both.
"""

import io
import re
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from tests.factories import user_with_roles
from virkplan.organisation.models import Role
from virkplan.plans.models import FollowUp, Goal, Plan, PlanFocusArea, PlanStatus
from virkplan.reports import docx as word_writer
from virkplan.reports.combined import MSG_NO_PREVIOUS_PLAN, MSG_NOT_IN_FORMAT

from .conftest import PLAN_2012, PLAN_2014, PdfText, danish, read_pdf, shown, squash
from .test_docx import all_text, headings
from .test_pdf import _columns, _find, _start
from .test_views import _queries, download_url

# The demo's documents are made again and again here: each layout once (tests/layouts.py)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_layouts")]

WITH_FOLLOW_UP = "?med-opfoelgning=1"


def _expected() -> dict[str, Any]:
    """What the combined document must show, read from the database."""
    earlier = Plan.objects.get(key=PLAN_2012)
    areas = PlanFocusArea.objects.filter(plan=earlier).select_related("focus_area")
    return {
        "part": danish("Follow-up of %(plan)s", plan=earlier.title),
        "plan_areas": [
            str(a.focus_area)
            for a in PlanFocusArea.objects.filter(plan__key=PLAN_2014)
            .select_related("focus_area")
            .order_by("position", "id")
        ],
        "areas": [str(a.focus_area) for a in areas.order_by("position", "id")],
        "goals": list(
            Goal.objects.filter(plan_focus_area__plan=earlier).values_list("statement", flat=True)
        ),
        "follow_ups": [
            shown(f.text) for f in FollowUp.objects.filter(goal__plan_focus_area__plan=earlier)
        ],
    }


@pytest.fixture(scope="module")
def combined(demo_documents) -> tuple[PdfText, dict[str, Any]]:
    """The combined 2014 PDF (made once for the session), and what it must show."""
    with demo_documents.untouched(), translation.override("da"):
        content = demo_documents.get(PLAN_2014, with_follow_up=True)
        expected = _expected()
    return read_pdf(content), expected


@pytest.fixture(scope="module")
def combined_word(demo_documents) -> bytes:
    """The combined 2014 Word document of the untouched demo (made once for the session)."""
    return demo_documents.get(PLAN_2014, "docx", with_follow_up=True)


def _listed_page(contents: str, title: str) -> int:
    match = re.search(re.escape(squash(title)) + r"\.{3,}(\d+)", contents)
    assert match, f"{title} is not in the contents"
    return int(match.group(1))


def _starts_with(text: PdfText, page: int, title: str) -> bool:
    """Whether the page's text below the running header begins with the heading."""
    return squash("".join(text.body(page))).startswith(squash(title))


# The PDF ----------------------------------------------------------------------------------


def test_the_contents_list_the_follow_up_part_and_its_focus_areas_on_their_pages(
    combined,
) -> None:
    text, expected = combined
    contents = squash("".join(text.body(1)))
    # The part comes after the plan's own focus areas, on the page it starts on
    last_own = _listed_page(contents, expected["plan_areas"][-1])
    part = _listed_page(contents, expected["part"])
    assert part > last_own
    assert _starts_with(text, part - 1, expected["part"])
    # And each of the earlier plan's focus areas is listed on the page with its heading
    in_part = contents.split(squash(expected["part"]))[1]
    pages = [_listed_page(in_part, area) for area in expected["areas"]]
    assert pages == sorted(pages)
    for area, page in zip(expected["areas"], pages, strict=True):
        body = [squash(line) for line in text.body(page - 1)]
        assert any(line.startswith(squash(area)) for line in body), area


def test_one_page_numbering_runs_through_both_parts(combined) -> None:
    text, _expected = combined
    numbers = [
        int(re.search(r"(\d+)$", text.lines[page][0]).group(1)) for page in range(1, text.pages)
    ]
    assert numbers == list(range(2, text.pages + 1))
    # The earlier plan's own document alone runs to more than ten pages: both are in this one
    assert text.pages > 20


def test_the_follow_up_part_shows_the_earlier_plans_goals_and_follow_ups(combined) -> None:
    text, expected = combined
    body = text.body_text()
    part = body.index(squash(expected["part"]))
    for goal in expected["goals"]:
        assert body.find(squash(goal), part) > part, goal
    # Each follow-up in the follow-up column, beside its documentation
    _left, right = _columns(text)
    for follow_up in expected["follow_ups"]:
        assert _find(right, _start(follow_up)), follow_up


# Word -------------------------------------------------------------------------------------


def test_word_has_the_follow_up_part_after_the_plan_in_one_document(demo, combined_word) -> None:
    with translation.override("da"):
        expected = _expected()
    document = Document(io.BytesIO(combined_word))
    found = headings(document)
    # The part is a heading of the top level, after the plan's own focus areas
    part = found.index((1, expected["part"]))
    assert found.index((2, expected["plan_areas"][-1])) < part
    # Its focus areas and goals follow it
    assert [text for level, text in found[part:] if level == 2] == expected["areas"]
    # (each heading may end with the goal's status, " · Ikke opfyldt")
    goals = [text.split(" · ")[0] for level, text in found[part:] if level == 3]
    for goal in expected["goals"]:
        assert f"{danish('Goal')}: {goal}" in goals
    text = all_text(document)
    for follow_up in expected["follow_ups"]:
        assert squash(follow_up) in text
    # One document: one section, so one page numbering; the contents list the part
    assert len(document.sections) == 1
    contents = [p.text for p in document.paragraphs if p.style.name.startswith("toc ")]
    assert any(line.startswith(expected["part"] + "\t") for line in contents)


# Downloads --------------------------------------------------------------------------------


def test_the_plan_page_offers_the_choice_and_links_to_the_earlier_follow_up(client, demo) -> None:
    html = client.get(reverse("web:plan", args=[PLAN_2014])).content.decode()
    earlier = Plan.objects.get(key=PLAN_2012)
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert download_url(PLAN_2014, "pdf") + WITH_FOLLOW_UP in hrefs
    assert download_url(PLAN_2014, "docx") + WITH_FOLLOW_UP in hrefs
    assert danish("With the follow-up of %(plan)s as the last part:", plan=earlier.title) in html
    assert reverse("web:plan", args=[PLAN_2012]) + "#focus-areas" in hrefs
    assert danish("Follow-up of the previous plan:") in html


def test_without_a_previous_plan_there_is_no_choice_and_the_parameter_is_refused(
    client, demo
) -> None:
    html = client.get(reverse("web:plan", args=[PLAN_2012])).content.decode()
    assert WITH_FOLLOW_UP not in html
    assert danish("Follow-up of the previous plan:") not in html
    response = client.get(download_url(PLAN_2012, "pdf") + WITH_FOLLOW_UP)
    assert response.status_code == 404
    title = Plan.objects.get(key=PLAN_2012).title
    with translation.override("da"):
        message = str(MSG_NO_PREVIOUS_PLAN) % {"plan": title}
    assert message in response.content.decode().replace("&#x27;", "'")


def test_the_combined_download_is_a_file_of_its_own(client, demo) -> None:
    plain = client.get(download_url(PLAN_2014, "docx"))
    combined = client.get(download_url(PLAN_2014, "docx") + WITH_FOLLOW_UP)
    assert combined.status_code == 200
    assert combined["Content-Disposition"] == (
        'attachment; filename="virksomhedsplan-2014-miljo-teknik-med-opfoelgning.docx"'
    )
    assert combined["ETag"] != plain["ETag"]
    part = danish("Follow-up of %(plan)s", plan=Plan.objects.get(key=PLAN_2012).title)
    assert squash(part) in all_text(Document(io.BytesIO(combined.content)))
    assert squash(part) not in all_text(Document(io.BytesIO(plain.content)))


def test_a_spreadsheet_with_the_follow_up_is_refused(client, demo) -> None:
    response = client.get(download_url(PLAN_2014, "xlsx") + WITH_FOLLOW_UP)
    assert response.status_code == 404
    with translation.override("da"):
        assert str(MSG_NOT_IN_FORMAT).replace("'", "&#x27;") in response.content.decode()


# The cache --------------------------------------------------------------------------------


@pytest.fixture
def drawn(monkeypatch) -> Counter[str]:
    """How many times a Word document was drawn."""
    counts: Counter[str] = Counter()
    render = word_writer.plan_docx

    def counted(*args, **kwargs):
        counts["docx"] += 1
        return render(*args, **kwargs)

    monkeypatch.setattr(word_writer, "plan_docx", counted)
    return counts


def test_the_combined_file_is_kept_apart_and_drawn_again_when_the_earlier_plan_changes(
    client, demo, drawn
) -> None:
    plain_url = download_url(PLAN_2014, "docx")
    url = plain_url + WITH_FOLLOW_UP
    # Given the plan downloaded without and with the follow-up, each drawn once
    plain = client.get(plain_url)
    first = client.get(url)
    assert client.get(url).content == first.content
    assert client.get(plain_url).content == plain.content
    assert drawn["docx"] == 2
    # When the earlier plan gets a new version (and nothing else says the data changed)
    Plan.objects.filter(key=PLAN_2012).update(version=F("version") + 1)
    # Then the combined file is drawn again, and the plain one is still kept
    assert client.get(url).status_code == 200
    assert drawn["docx"] == 3
    assert client.get(plain_url).content == plain.content
    assert drawn["docx"] == 3


# Queries ----------------------------------------------------------------------------------

# Pinned for an anonymous reader of the 2014 plan; they hold for any size. The visibility
# check; the previous plan (one query), asked before the document's row is read (the task
# builds with that plan, and does not ask again); the row found, made in a savepoint, read by
# the task, marked built and read again (tests/reports/test_views.py); the plan's report and
# the earlier plan's report (one more for the 2014 plan's unit, a level further down the
# organisation, and one for its organisation chart's units); the indicators measuring the
# two plans' criteria, and their measurements.
COMBINED_QUERIES = 30


def test_combined_download_queries_on_the_demo(client, demo, layouts) -> None:
    url = download_url(PLAN_2014, "docx") + WITH_FOLLOW_UP
    assert _queries(client, url) == COMBINED_QUERIES
    # The Word document's layout, for its contents' page numbers, asked the database nothing
    assert layouts == [0]
    # A built document costs the visibility check, the previous plan and the document's row
    assert _queries(client, url) == 3


def test_combined_download_queries_on_a_plan_ten_times_the_demo(
    client, scaled_demo, layouts_left_out
) -> None:
    """The download end to end, but for WeasyPrint's layout of the Word document's pages,
    which would be most of the test's time (some 190 pages): the layout is given the HTML
    as a string and never asks the database, as the test above checks on the demo, where the
    download is laid out in full and pins the same count. So every query a download makes
    is counted here, on a plan ten times the size."""
    url = download_url(PLAN_2014, "docx") + WITH_FOLLOW_UP
    assert _queries(client, url) == COMBINED_QUERIES
    assert layouts_left_out == [0]


# The command line -------------------------------------------------------------------------


def test_export_with_the_follow_up_writes_the_combined_pdf(demo, tmp_path) -> None:
    path = tmp_path / "plan.pdf"
    call_command(
        "export", "--format", "pdf", "--plan", PLAN_2014, "--with-follow-up", "-o", str(path)
    )
    text = read_pdf(path.read_bytes())
    part = danish("Follow-up of %(plan)s", plan=Plan.objects.get(key=PLAN_2012).title)
    assert squash(part) in squash("".join(text.body(1)))
    assert squash(part) in text.body_text()


def test_export_with_the_follow_up_of_a_plan_without_one_is_refused(demo, tmp_path) -> None:
    path = tmp_path / "plan.pdf"
    title = Plan.objects.get(key=PLAN_2012).title
    with pytest.raises(CommandError) as refused:
        call_command(
            "export", "--format", "pdf", "--plan", PLAN_2012, "--with-follow-up", "-o", str(path)
        )
    with translation.override("da"):
        assert str(refused.value) == str(MSG_NO_PREVIOUS_PLAN) % {"plan": title}
    assert not path.exists()


def test_export_with_the_follow_up_only_for_pdf_and_word(demo, tmp_path) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("export", "--format", "xlsx", "--plan", PLAN_2014, "--with-follow-up")
    with translation.override("da"):
        assert str(refused.value) == str(MSG_NOT_IN_FORMAT)


def test_the_earlier_plan_is_included_only_for_readers_who_may_see_it(client, demo) -> None:
    # Given the earlier plan back in draft, which only its unit's people may read
    Plan.objects.filter(key=PLAN_2012).update(status=PlanStatus.DRAFT)
    url = download_url(PLAN_2014, "docx") + WITH_FOLLOW_UP
    # Then an anonymous reader is not offered the choice, and asking for it is refused
    html = client.get(reverse("web:plan", args=[PLAN_2014])).content.decode()
    assert WITH_FOLLOW_UP not in html
    assert client.get(url).status_code == 404
    # And an editor of the former department gets the combined document
    editor = Client()
    editor.force_login(user_with_roles("redaktoer", ("miljo-teknikforvaltningen", Role.EDITOR)))
    response = editor.get(url)
    assert response.status_code == 200
    part = danish("Follow-up of %(plan)s", plan=Plan.objects.get(key=PLAN_2012).title)
    assert squash(part) in all_text(Document(io.BytesIO(response.content)))
