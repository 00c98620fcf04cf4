"""The plan as a Word document, reopened with python-docx."""

import io
from collections.abc import Callable

import pytest
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import override
from docx import Document
from docx.document import Document as DocumentObject

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

from .conftest import PLAN_2012, PLAN_2014, danish, shown, squash

# The untouched demo's Word documents the tests read, by (plan, with statuses)
WORD_FILES = ((PLAN_2014, True), (PLAN_2012, True), (PLAN_2012, False))


@pytest.fixture(scope="module")
def word(demo_documents) -> Callable[..., DocumentObject]:
    """The demo plan's Word document, opened afresh for each test; the files are the untouched
    demo's, made once for the session (tests/documents.py)."""
    files = {
        (key, statuses): demo_documents.get(key, "docx", statuses=statuses)
        for key, statuses in WORD_FILES
    }

    def opened(key: str, statuses: bool = True) -> DocumentObject:
        return Document(io.BytesIO(files[key, statuses]))

    return opened


def headings(document: DocumentObject) -> list[tuple[int, str]]:
    """(level, text) of every paragraph in one of Word's built-in heading styles."""
    return [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    ]


def all_text(document: DocumentObject) -> str:
    """Every paragraph's text, in the body and in tables, squashed."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return squash("".join(parts))


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_word_has_a_heading_for_each_section_focus_area_and_goal(demo, word, key) -> None:
    plan = Plan.objects.get(key=key)
    found = headings(word(key))
    # Sections and parts at level 1, focus areas at 2, goals at 3: Word's navigation pane
    for section in Section.objects.filter(plan=plan):
        assert (1, section.title) in found
    areas = PlanFocusArea.objects.filter(plan=plan).select_related("focus_area")
    places = [found.index((2, str(area.focus_area))) for area in areas.order_by("position", "id")]
    assert places == sorted(places)
    goals = Goal.objects.filter(plan_focus_area__plan=plan)
    goal_headings = [text for level, text in found if level == 3]
    assert len(goal_headings) == goals.count()
    for goal in goals:
        heading = f"{danish('Goal')}: {goal.statement}"
        assert any(text.startswith(heading) for text in goal_headings), goal.statement


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_word_has_every_criterion_and_follow_up_text(demo, word, key) -> None:
    text = all_text(word(key))
    criteria = Criterion.objects.filter(goal__plan_focus_area__plan__key=key)
    for criterion in criteria:
        assert squash(criterion.text) in text, criterion.text
    for follow_up in FollowUp.objects.filter(goal__plan_focus_area__plan__key=key):
        assert squash(shown(follow_up.text)) in text, follow_up.text


def test_word_target_is_shown_as_such(demo, word) -> None:
    text = all_text(word(PLAN_2014))
    assert squash("Måltal: 9.187 MWh") in text


def test_word_follow_up_is_a_two_column_table_pairing_criteria_and_follow_ups(demo, word) -> None:
    document = word(PLAN_2012)
    tables = [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == [danish("Documentation"), danish("Follow-up")]
    ]
    # One table per goal that was followed up
    followed = Goal.objects.filter(plan_focus_area__plan__key=PLAN_2012, follow_ups__isnull=False)
    assert len(tables) == followed.distinct().count()
    rows = [
        (squash(row.cells[0].text), squash(row.cells[1].text))
        for table in tables
        for row in table.rows[1:]
    ]
    # Each follow-up sits in the row of the criteria it speaks about, with its date
    for follow_up in FollowUp.objects.filter(goal__plan_focus_area__plan__key=PLAN_2012):
        criteria = [squash(c.text) for c in follow_up.criteria.all()]
        matching = [
            (left, right)
            for left, right in rows
            if squash(shown(follow_up.text)) in right and all(c in left for c in criteria)
        ]
        assert len(matching) == 1, follow_up.text
        if follow_up.date:
            assert squash(date_format(follow_up.date, "DATE_FORMAT")) in matching[0][1]
    # And none starts with a status of its own: the goal's heading carries the one status
    with override("da"):
        words = [squash(label).casefold() for _status, label in goal_status_choices()]
    for _left, right in rows:
        assert not any(right.casefold().startswith(word) for word in words), right[:60]


def _goal_statuses(key: str) -> list[tuple[str, str]]:
    """(statement, status) of each goal with a status worth printing: assessed as a whole."""
    found = []
    with override("da"):
        for goal in plan_goals(plan=plan_detail(user=SYSTEM_ACTOR, key=key)):
            status = goal.current_status
            if status.followed_up and status.status != FollowUpStatus.NOT_ASSESSED:
                found.append((goal.statement, capfirst(status.label)))
    return found


def test_word_with_statuses_gives_each_goal_its_status_in_its_heading(demo, word) -> None:
    goal_headings = [text for level, text in headings(word(PLAN_2012)) if level == 3]
    statuses = _goal_statuses(PLAN_2012)
    assert len(statuses) >= 3
    for statement, label in statuses:
        assert f"{danish('Goal')}: {statement} · {label}" in goal_headings
    # A goal not assessed, or never followed up, has only its statement
    assessed = {statement for statement, _label in statuses}
    for goal in Goal.objects.filter(plan_focus_area__plan__key=PLAN_2012):
        if goal.statement not in assessed:
            assert f"{danish('Goal')}: {goal.statement}" in goal_headings
    assert (1, danish("Status overview")) in headings(word(PLAN_2012))


def test_word_without_statuses_has_none(demo, word) -> None:
    document = word(PLAN_2012, statuses=False)
    found = headings(document)
    goals = Goal.objects.filter(plan_focus_area__plan__key=PLAN_2012)
    goal_headings = [text for level, text in found if level == 3]
    assert sorted(goal_headings) == sorted(f"{danish('Goal')}: {g.statement}" for g in goals)
    assert (1, danish("Status overview")) not in found
    # The follow-ups are all there
    text = all_text(document)
    for follow_up in FollowUp.objects.filter(goal__plan_focus_area__plan__key=PLAN_2012):
        assert squash(shown(follow_up.text)) in text, follow_up.text


def test_word_header_row_repeats_on_each_page(demo, word) -> None:
    document = word(PLAN_2012)
    header_rows = [table.rows[0]._tr for table in document.tables]
    assert header_rows
    for row in header_rows:
        assert row.xpath("./w:trPr/w:tblHeader")


@pytest.mark.parametrize("key", [PLAN_2014, PLAN_2012])
def test_word_properties_name_the_plan_and_its_unit(demo, word, key) -> None:
    plan = Plan.objects.select_related("unit").get(key=key)
    properties = word(key).core_properties
    assert properties.title == f"{plan.title} – {plan.unit.display_formal_name}"
    assert properties.author == plan.unit.display_formal_name
    assert properties.language == "da-DK"


def test_word_pages_are_a4_with_a_header_and_page_numbers(demo, word) -> None:
    plan = Plan.objects.select_related("unit").get(key=PLAN_2014)
    section = word(PLAN_2014).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # The header and the front page sign with the unit's formal name
    assert plan.unit.formal_name == "Miljø- og Teknikafdelingen"
    assert section.header.paragraphs[0].text == f"{plan.title} · {plan.unit.formal_name}"
    front = [p.text for p in word(PLAN_2014).paragraphs[:6]]
    assert plan.unit.formal_name in front
    assert plan.unit.name not in front
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith(danish("Page"))
    assert footer._p.xpath(".//w:instrText[contains(., 'PAGE')]")
    # The front page has neither
    assert section.different_first_page_header_footer
