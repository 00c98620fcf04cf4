"""The plan as a PDF: the demo plans rendered, then read back with pdfplumber.

What the PDF must show is read from the database (the demo import), never
from the code that renders it.
"""

import io
import re
import shutil
import subprocess
from itertools import pairwise
from typing import Any

import pdfplumber
import pytest
from django.utils.formats import date_format
from django.utils.translation import override
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from PIL import Image

from virkplan.organisation.models import Unit, UnitKind
from virkplan.plans.goal_status import goal_status_choices
from virkplan.plans.models import (
    Criterion,
    FollowUp,
    FollowUpStatus,
    Goal,
    Plan,
    PlanFocusArea,
    Section,
)
from virkplan.plans.selectors import SYSTEM_ACTOR, plan_detail, plan_goals

from .conftest import (
    ARTIFACTS,
    PLAN_2012,
    PLAN_2014,
    PdfText,
    Rendered,
    Word,
    danish,
    render_demo_plans,
    shown,
    squash,
)

# The PDFs are made once for the session (see `rendered`); the mark makes pytest-django
# set up the test database before that fixture runs.
pytestmark = pytest.mark.django_db


def _expectations(key: str) -> dict[str, Any]:
    plan = Plan.objects.select_related("unit").get(key=key)
    criteria = Criterion.objects.filter(goal__plan_focus_area__plan=plan)
    rows = []
    goal_statuses = []
    with override("da"):
        for goal in plan_goals(plan=plan_detail(user=SYSTEM_ACTOR, key=key)):
            status = goal.current_status
            if status.followed_up and status.status != FollowUpStatus.NOT_ASSESSED:
                goal_statuses.append((goal.statement, status.label))
            for row in goal.followup_rows:
                rows.append(
                    {
                        "criteria": [c.text for c in row.criteria],
                        "follow_ups": [
                            (
                                str(f.get_status_display()),
                                date_format(f.date, "DATE_FORMAT") if f.date else "",
                                shown(f.text),
                            )
                            for f in row.follow_ups
                        ],
                    }
                )
    municipality = Unit.objects.get(kind=UnitKind.MUNICIPALITY)
    with override("da"):
        statuses = [label for _status, label in goal_status_choices()]
    return {
        "title": plan.title,
        "unit": plan.unit.display_formal_name,
        "name": plan.unit.name,
        "formal_name": plan.unit.formal_name,
        "municipality": municipality.name,
        "contact": [municipality.address, municipality.web, municipality.email],
        "phone": municipality.phone,
        "fax": municipality.fax,
        "focus_areas": [
            str(pfa.focus_area)
            for pfa in PlanFocusArea.objects.filter(plan=plan)
            .select_related("focus_area")
            .order_by("position", "id")
        ],
        "goals": list(
            Goal.objects.filter(plan_focus_area__plan=plan).values_list("statement", flat=True)
        ),
        "criteria": list(criteria.values_list("text", flat=True)),
        "targets": [(c.value, c.unit_of_measure) for c in criteria if c.comparison],
        "rows": rows,
        "follow_ups": FollowUp.objects.filter(goal__plan_focus_area__plan=plan).count(),
        # "### ..." in a section's Markdown is a heading one level below the section's
        "goal_statuses": goal_statuses,
        "status_words": statuses,
        "own_text": _own_text(plan),
        "section_subheadings": sum(
            len(re.findall(r"^###\s", body, flags=re.M))
            for body in Section.objects.filter(plan=plan).values_list("body", flat=True)
        ),
    }


def _own_text(plan: Plan) -> str:
    """Everything the plan's people wrote, squashed and case-folded: where a status's word may
    stand without being a status."""
    texts = [plan.title, plan.focus_area_intro, plan.follow_up_intro]
    for section in Section.objects.filter(plan=plan):
        texts += [section.title, section.body, *section.highlights]
    for pfa in PlanFocusArea.objects.filter(plan=plan).select_related("focus_area"):
        area = pfa.focus_area
        texts += [area.title, area.tagline, area.body, pfa.unit_text]
    goals = Goal.objects.filter(plan_focus_area__plan=plan)
    texts += goals.values_list("statement", flat=True)
    texts += Criterion.objects.filter(goal__in=goals).values_list("text", flat=True)
    texts += FollowUp.objects.filter(goal__in=goals).values_list("text", flat=True)
    return squash(" ".join(shown(text) for text in texts)).casefold()


@pytest.fixture(scope="module")
def rendered(demo_documents) -> dict[str, Rendered]:
    return render_demo_plans(demo_documents, _expectations)


@pytest.fixture(scope="module")
def without_statuses(demo_documents) -> Rendered:
    """The followed-up plan printed without statuses."""
    return render_demo_plans(demo_documents, _expectations, keys=(PLAN_2012,), statuses=False)[
        PLAN_2012
    ]


def _header(expected: dict[str, Any], page: int) -> str:
    return f"{expected['title']} · {expected['unit']} {danish('Page')} {page}"


# The front page, the running header and the page numbers ----------------------------


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_front_page_has_title_unit_municipality_and_contact_block(rendered, key) -> None:
    text, expected = rendered[key].text, rendered[key].expected
    front = squash("".join(text.lines[0]))
    for shown_text in [expected["title"], expected["unit"], expected["municipality"]]:
        assert squash(shown_text) in front, shown_text
    # The address on letter lines, then web, e-mail, telephone and fax
    address, web, email = expected["contact"]
    for line in [*address.split(","), web, email]:
        assert squash(line) in front, line
    assert squash(danish("Tel. %(number)s", number=expected["phone"])) in front
    assert squash(danish("Fax %(number)s", number=expected["fax"])) in front
    # And no running header or page number
    assert squash(_header(expected, 1)).casefold() not in front.casefold()


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_every_page_after_the_front_page_has_the_header_and_its_number(rendered, key) -> None:
    text, expected = rendered[key].text, rendered[key].expected
    assert text.pages > 5
    for page in range(1, text.pages):
        # The header is set in capitals; the page number is the page's place in the file
        assert text.lines[page][0].casefold() == _header(expected, page + 1).casefold(), page


def test_front_page_and_every_running_header_give_the_units_formal_name(rendered) -> None:
    # Given a department whose formal name differs from its everyday one
    text, expected = rendered[PLAN_2014].text, rendered[PLAN_2014].expected
    assert expected["formal_name"] == "Miljø- og Teknikafdelingen"
    assert expected["name"] != expected["formal_name"]
    # Then the front page signs with the formal name
    front = squash("".join(text.lines[0]))
    assert squash(expected["formal_name"]) in front
    assert squash(expected["name"]) not in front
    # And every page's running header gives it
    for page in range(1, text.pages):
        header = text.lines[page][0].casefold()
        assert f"{expected['title']} · {expected['formal_name']}".casefold() in header, page
        assert expected["name"].casefold() not in header, page


# Contents ----------------------------------------------------------------------------


def _heading_pages(text: PdfText, title: str) -> list[int]:
    """Pages with a line (or two lines running on) that is exactly the title."""
    found = []
    for page in range(text.pages):
        lines = [squash(line) for line in text.body(page)]
        pairs = [a + b for a, b in pairwise(lines)]
        if squash(title) in lines or squash(title) in pairs:
            found.append(page)
    return found


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_contents_lists_each_focus_area_on_the_page_it_starts_on(rendered, key) -> None:
    text, expected = rendered[key].text, rendered[key].expected
    # Given the contents page, right after the front page
    contents = squash("".join(text.body(1)))
    assert contents.startswith(squash(danish("Contents")))
    for title in expected["focus_areas"]:
        # When the contents give a page for the focus area (after a dotted leader)
        match = re.search(re.escape(squash(title)) + r"\.{3,}(\d+)", contents)
        assert match, f"{title} is not in the contents"
        listed = int(match.group(1))
        # Then that page, and no other, has the focus area's heading (the status overview's
        # chart names every focus area on a line of its own, as its bar's label)
        pages = [p for p in _heading_pages(text, title) if not _is_status_overview(text, p)]
        assert pages == [listed - 1], title


def _is_status_overview(text: PdfText, page: int) -> bool:
    body = text.body(page)
    return bool(body) and body[0] == danish("Status overview")


# What the plan says ------------------------------------------------------------------


def test_text_has_every_goal_statement_and_documentation_item(rendered) -> None:
    text, expected = rendered[PLAN_2014].text, rendered[PLAN_2014].expected
    body = text.body_text()
    assert len(expected["goals"]) == 16
    for statement in expected["goals"]:
        assert squash(statement) in body, statement
    assert len(expected["criteria"]) > 60
    for criterion in expected["criteria"]:
        assert squash(criterion) in body, criterion
    # Goals and documentation are labelled as in the printed plans
    assert body.count(squash(danish("Goal") + ":")) >= len(expected["goals"])
    assert body.count(squash(danish("Documentation") + ":")) == len(expected["goals"])


def test_quantitative_targets_are_shown_with_danish_numbers(rendered) -> None:
    text, expected = rendered[PLAN_2014].text, rendered[PLAN_2014].expected
    body = text.body_text()
    assert expected["targets"], "the demo has quantitative targets"
    for value, unit in expected["targets"]:
        # 9187 MWh is written 9.187 MWh: a point groups the thousands
        danish_value = f"{int(value):,}".replace(",", ".")
        assert squash(f"{danish('Target:')} {danish_value} {unit}") in body
    # A target is "Måltal:", never "Mål:", which would read as a second goal
    assert danish("Target:") == "Måltal:"
    assert body.count(squash(danish("Goal") + ":")) == len(expected["goals"])
    # Danish typography from the plan's own text and titles survives: decimal commas, dashes
    assert squash("3,79 % af varmesalget") in body
    assert "Bo i Albertslund – Den attraktive kommune" in "\n".join(text.lines[1])


# The follow-up: Dokumentation | Opfølgning ---------------------------------------------


def _column_edge(words: list[Word]) -> float | None:
    """Where the follow-up column starts on a page: its heading's left edge."""
    label = danish("Follow-up")
    edges = [w.x0 for w in words if w.text == label]
    return max(edges) - 1 if edges else None


def _columns(text: PdfText) -> tuple[list[Word], list[Word]]:
    """Every word in the documentation column and in the follow-up column, in reading order."""
    left: list[Word] = []
    right: list[Word] = []
    for words in text.words:
        edge = _column_edge(words)
        if edge is None:
            continue
        for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
            (right if word.x0 >= edge else left).append(word)
    return left, right


def _find(column: list[Word], phrase: str, start: int = 0) -> list[int]:
    """Where in the column, from `start` on, the phrase's words follow each other."""
    wanted = [w.casefold() for w in phrase.split()]
    texts = [w.text.casefold() for w in column]
    return [
        i
        for i in range(start, len(texts) - len(wanted) + 1)
        if texts[i : i + len(wanted)] == wanted
    ]


def _start(words: str, count: int = 6) -> str:
    return " ".join(words.split()[:count])


def test_follow_up_plan_pairs_each_documentation_item_with_its_follow_up_on_the_same_row(
    rendered,
) -> None:
    text, expected = rendered[PLAN_2012].text, rendered[PLAN_2012].expected
    left, right = _columns(text)
    rows = expected["rows"]
    assert sum(len(row["follow_ups"]) for row in rows) == expected["follow_ups"]
    placed = []
    # Rows come in the document's order, so each is looked for after the one before.
    in_left = in_right = 0
    for row in rows:
        # Each documentation item in the left column ...
        items = []
        for criterion in row["criteria"] or [danish("The goal as a whole")]:
            found = _find(left, _start(criterion), in_left)
            assert found, criterion
            in_left = found[0] + 1
            items.append(left[found[0]])
        # ... and each follow-up, its date first, in the right column
        answers = []
        for _status, date, follow_up in row["follow_ups"] or [("", "", danish("No follow-up"))]:
            found = _find(right, _start(f"{date} {follow_up}", 8), in_right)
            assert found, follow_up
            in_right = found[0] + 1
            answers.append(right[found[0]])
        placed.append((items, answers))
    for n, (items, answers) in enumerate(placed):
        # The row starts with its first item beside its first follow-up, on the same line
        first_item, first_answer = items[0], answers[0]
        assert first_item.page == first_answer.page, rows[n]
        assert abs(first_item.top - first_answer.top) < 6, rows[n]
        # And everything in the row comes before the next row starts
        if n + 1 < len(placed):
            next_start = (placed[n + 1][0][0].page, placed[n + 1][0][0].top)
            for word in items + answers:
                assert (word.page, word.top) < next_start, rows[n]


def test_not_met_follow_up_stands_beside_its_criterion(rendered) -> None:
    text = rendered[PLAN_2012].text
    left, right = _columns(text)
    criteria = _find(left, "Aktiviteterne i energispareaktivitetsplanen indfrier de")
    follow_ups = _find(right, "Sparemålet for 2012 blev ikke")
    assert len(criteria) == len(follow_ups) == 1
    criterion, follow_up = left[criteria[0]], right[follow_ups[0]]
    assert criterion.page == follow_up.page
    assert abs(criterion.top - follow_up.top) < 6


# Statuses: printed by choice, one per goal ----------------------------------------------


def _part_pages(text: PdfText, title: str) -> range:
    """The pages from the one the part's heading starts on to the end."""
    start = next(p for p in range(1, text.pages) if text.body(p)[:1] == [title])
    return range(start, text.pages)


def _words_beyond_own_text(body: str, expected: dict[str, Any]) -> dict[str, int]:
    """Status words the text has more often than the plan's own texts: printed as statuses."""
    body = body.casefold()
    counts = {}
    for word in expected["status_words"]:
        extra = body.count(squash(word).casefold()) - expected["own_text"].count(
            squash(word).casefold()
        )
        if extra > 0:
            counts[word] = extra
    return counts


def test_with_statuses_each_goal_heading_carries_its_one_status(rendered) -> None:
    text, expected = rendered[PLAN_2012].text, rendered[PLAN_2012].expected
    body = text.body_text().casefold()
    # Given goals assessed as a whole
    assert len(expected["goal_statuses"]) >= 3
    # Then each goal's heading ends with its status
    for statement, label in expected["goal_statuses"]:
        assert squash(f"{statement} {label}").casefold() in body, statement
    # And the follow-up part prints no other status: no badge on each follow-up, and
    # neither "not assessed" nor "not followed up"
    follow_up_part = squash(
        "".join("".join(text.body(p)) for p in _part_pages(text, danish("Follow-up")))
    )
    printed = [squash(label).casefold() for _statement, label in expected["goal_statuses"]]
    # (a word counts inside a longer one: "opfyldt" in "ikke opfyldt")
    in_headings = {
        word: n
        for word in expected["status_words"]
        if (n := sum(squash(word).casefold() in label for label in printed))
    }
    assert _words_beyond_own_text(follow_up_part, expected) == in_headings
    assert danish("not assessed") not in in_headings
    assert danish("not followed up") not in in_headings


def test_without_statuses_the_plan_prints_no_status(rendered, without_statuses) -> None:
    text, expected = without_statuses.text, without_statuses.expected
    body = text.body_text()
    # Every goal and follow-up is there, as with statuses
    for statement in expected["goals"]:
        assert squash(statement) in body, statement
    first = next(follow_up for row in expected["rows"] for _s, _d, follow_up in row["follow_ups"])
    assert squash(_start(first)) in body
    # But no status overview, neither in the contents nor as a part
    assert squash(danish("Status overview")) not in body
    assert not any(_is_status_overview(text, page) for page in range(text.pages))
    # And no status anywhere: no word of one beyond what the plan's own texts say
    assert _words_beyond_own_text(body, expected) == {}
    for statement, label in expected["goal_statuses"]:
        assert squash(f"{statement} {label}").casefold() not in body.casefold()
    # So the document is shorter than with statuses
    assert text.pages < rendered[PLAN_2012].text.pages


def test_follow_up_plan_has_a_status_overview_with_chart_and_counts(rendered) -> None:
    text, expected = rendered[PLAN_2012].text, rendered[PLAN_2012].expected
    # The contents list the status overview, and its page starts with it
    contents = squash("".join(text.body(1)))
    match = re.search(re.escape(squash(danish("Status overview"))) + r"\.{3,}(\d+)", contents)
    assert match
    page = int(match.group(1)) - 1
    assert text.body(page)[0] == danish("Status overview")
    # Its table has a row per focus area with the number of goals and follow-ups
    lines = text.body(page)
    for title in expected["focus_areas"]:
        assert squash(title) in squash("".join(lines)), title
    total = next(line for line in lines if line.startswith(danish("Total")))
    numbers = [int(n) for n in re.findall(r"\d+", total)]
    assert numbers[0] == len(expected["goals"])
    assert numbers[-1] == expected["follow_ups"]
    # And a chart: a figure with a text alternative
    figures = [e for e in _structure(rendered[PLAN_2012].pdf) if e["S"] == "Figure"]
    assert [figure["Alt"] for figure in figures] == [
        danish("Chart: goals by status for each focus area. The numbers are in the table below.")
    ]


# A document for everyone: tagged, titled, in Danish, with its fonts ---------------------


def _name(value: Any) -> str:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else str(value)


def _text(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be")
        return value.decode("latin-1")
    return str(value)


def _structure(content: bytes) -> list[dict[str, str]]:
    """Every element of the PDF's structure tree: its type and its alternative text."""
    elements: list[dict[str, str]] = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        root = resolve1(pdf.doc.catalog["StructTreeRoot"])

        def walk(node: Any) -> None:
            node = resolve1(node)
            if isinstance(node, list):
                for kid in node:
                    walk(kid)
            elif isinstance(node, dict) and "S" in node:
                elements.append({"S": _name(node["S"]), "Alt": _text(node.get("Alt", b""))})
                walk(node.get("K", []))

        walk(root.get("K", []))
    return elements


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_pdf_is_tagged_with_title_and_language_for_screen_readers(rendered, key) -> None:
    content, expected = rendered[key].pdf, rendered[key].expected
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        catalog = pdf.doc.catalog
        # Title and author, shown by readers instead of the file name
        assert pdf.metadata["Title"] == f"{expected['title']} – {expected['unit']}"
        assert pdf.metadata["Author"] == expected["unit"]
        assert resolve1(resolve1(catalog["ViewerPreferences"])["DisplayDocTitle"]) is True
        # The language, so screen readers read it in Danish
        assert _text(catalog["Lang"]) == "da"
        # A structure tree, marked as such, and PDF/UA named in the metadata
        assert resolve1(resolve1(catalog["MarkInfo"])["Marked"]) is True
        xmp = resolve1(catalog["Metadata"]).get_data().decode()
        assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    kinds = [element["S"] for element in _structure(content)]
    # Headings in order of rank: the title, the parts, the focus areas, the goals
    for heading in ["H1", "H2", "H3", "H4"]:
        assert heading in kinds
    assert kinds.count("H1") == 1
    assert kinds.count("H3") == len(expected["focus_areas"]) + expected["section_subheadings"]
    assert kinds.count("H4") == len(expected["goals"])
    if key == PLAN_2012:
        assert {"Table", "TH", "TD"} <= set(kinds)
    else:
        assert {"L", "LI"} <= set(kinds)


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_every_font_is_embedded_and_is_ibm_plex_sans(rendered, key) -> None:
    fonts = {}
    with pdfplumber.open(io.BytesIO(rendered[key].pdf)) as pdf:
        for page in pdf.pages:
            for font in resolve1(page.page_obj.resources.get("Font", {})).values():
                font = resolve1(font)
                descendant = resolve1(resolve1(font.get("DescendantFonts", [font]))[0])
                descriptor = resolve1(descendant["FontDescriptor"])
                embedded = any(f in descriptor for f in ("FontFile", "FontFile2", "FontFile3"))
                fonts[_name(font["BaseFont"])] = embedded
    assert fonts
    assert all(fonts.values()), fonts
    # The subset prefix (ABCDEF+) aside, every font is Det Fælles Designsystem's typeface
    assert {name.split("+")[-1].split("-Semi")[0].split("-Bold")[0] for name in fonts} == {
        "IBM-Plex-Sans"
    }


# Pictures for people to look at --------------------------------------------------------


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_pages_render_to_pictures_with_content(rendered, key, tmp_path) -> None:
    """Each page as PNG in test-artifacts/reports/, by poppler's pdftoppm (poppler-utils)."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: scripts/system-packages says how"
    source = tmp_path / f"{key}.pdf"
    source.write_bytes(rendered[key].pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "72", str(source), str(tmp_path / key)],
        check=True,
        capture_output=True,
    )
    pictures = sorted(tmp_path.glob(f"{key}-*.png"))
    assert len(pictures) == rendered[key].text.pages
    for picture in pictures:
        with Image.open(picture) as image:
            # A4 (595.3 × 841.9 points) at 72 dpi, and something printed on it
            assert image.size in {(595, 842), (596, 842)}
            darkest, _lightest = image.convert("L").getextrema()
            assert darkest < 100, picture.name
    # For people to look at; checked above in a folder of this test's own, since
    # another test run may be writing pictures of the same plan at the same time.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{key}-*.png"):
        old.unlink(missing_ok=True)
    for picture in pictures:
        shutil.copyfile(picture, ARTIFACTS / picture.name)
