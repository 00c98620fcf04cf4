"""How the printed plan's pages are laid out, measured on the PDF with pdfplumber.

A goal that runs onto the next page repeats its heading there, marked "(fortsat)";
the running header stands clear of the text; table headings keep their words whole;
no bar runs down a text; and no page is left nearly empty except the last of a part.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from tests.factories import (
    CriterionFactory,
    FollowUpFactory,
    GoalFactory,
    PlanFactory,
    PlanFocusAreaFactory,
    UnitFactory,
)
from virkplan.indicators.models import CriterionIndicator
from virkplan.plans.goal_status import goal_status_choices
from virkplan.plans.models import Comparison, Criterion, FollowUpStatus, Goal, PlanFocusArea
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.reports.exports import plan_file
from virkplan.reports.templatetags.reports import continued_goal_heading

from .conftest import (
    MM,
    PAGE_AREA_TOP,
    PLAN_2012,
    PLAN_2014,
    Rect,
    in_language,
    pdf_pages,
    squash,
)

pytestmark = pytest.mark.django_db

A4_HEIGHT = 297 * MM
# The text area's lower edge (print.css, @page's bottom margin)
PAGE_AREA_BOTTOM = A4_HEIGHT - 20 * MM
# A part's heading (h2, 18 pt in print.css) is set larger than anything else after the front
# page; a page that starts with one starts a part.
PART_HEADING_SIZE = 17
# A page that does not end a part is at least half full.
LEAST_FILL = 0.5
# A bar beside a heading or a highlight is a few lines high; one beside a whole text is longer.
LONGEST_BAR = 30 * MM


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    size: float  # the largest character on the line, in points


@dataclass
class Page:
    lines: list[Line]
    bars: list[tuple[float, float]]  # left-border bars: (top, height)

    @property
    def header(self) -> list[Line]:
        """The running header and a goal's repeated heading, above the text area."""
        return [line for line in self.lines if line.top < PAGE_AREA_TOP]

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if line.top >= PAGE_AREA_TOP]

    def body_text(self) -> str:
        return squash("".join(line.text for line in self.body))

    def repeated_heading(self) -> str:
        """The goal heading repeated under the running header, squashed; "" when none."""
        return squash("".join(line.text for line in self.header[1:]))

    def fill(self) -> float:
        """How far down the text area the page's text reaches, from 0 to 1."""
        lowest = max((line.bottom for line in self.body), default=PAGE_AREA_TOP)
        return (lowest - PAGE_AREA_TOP) / (PAGE_AREA_BOTTOM - PAGE_AREA_TOP)

    def starts_part(self) -> bool:
        return bool(self.body) and self.body[0].size >= PART_HEADING_SIZE


def _left_border_bars(rects: tuple[Rect, ...]) -> list[tuple[float, float]]:
    """Borders drawn down the left side of a box. WeasyPrint fills a border as the box's outer
    rectangle less its inner one: two rectangles of one colour that share top, bottom and right
    edge, the outer a few points further left."""
    bars = []
    for outer in rects:
        for inner in rects:
            if (
                outer is not inner
                and outer.colour == inner.colour
                and abs(outer.top - inner.top) < 0.5
                and abs(outer.bottom - inner.bottom) < 0.5
                and abs(outer.x1 - inner.x1) < 0.5
                and 0.3 < inner.x0 - outer.x0 <= 4
            ):
                bars.append((outer.top, outer.height))
    return bars


def read_pages(content: bytes) -> list[Page]:
    return [
        Page(
            [Line(line.text, line.top, line.bottom, line.size) for line in page.lines],
            _left_border_bars(page.rects),
        )
        for page in pdf_pages(content)
    ]


def _pdf(key: str, language: str = "da", **options) -> bytes:
    with translation.override(language):
        return plan_file(user=SYSTEM_ACTOR, key=key, format="pdf", **options).content


@dataclass
class Demo:
    plan_2014: list[Page]
    plan_2012: list[Page]
    combined: list[Page]
    plan_2012_english: list[Page]
    goals_2014: list[tuple[str, str]]  # (statement, its last documentation item)
    focus_areas_2012: list[str]
    unit_texts: list[str]


@pytest.fixture(scope="module")
def demo(demo_documents) -> Demo:
    """The demo plans' PDFs (made once for the session), and what the tests look for in them."""
    with demo_documents.untouched():
        goals = []
        for goal in Goal.objects.filter(plan_focus_area__plan__key=PLAN_2014):
            last = Criterion.objects.filter(goal=goal).order_by("position", "id").last()
            # A goal whose criteria indicators measure ends with the last one's chart and table
            measured = (
                CriterionIndicator.objects.filter(criterion__goal=goal)
                .order_by("criterion__position", "criterion_id")
                .last()
            )
            end = f"{measured.indicator.name}: målt mod måltal" if measured else None
            goals.append((goal.statement, end or (last.text if last else "")))
        return Demo(
            plan_2014=read_pages(demo_documents.get(PLAN_2014)),
            plan_2012=read_pages(demo_documents.get(PLAN_2012)),
            combined=read_pages(demo_documents.get(PLAN_2014, with_follow_up=True)),
            plan_2012_english=read_pages(demo_documents.get(PLAN_2012, language="en")),
            goals_2014=goals,
            focus_areas_2012=[
                str(pfa.focus_area)
                for pfa in PlanFocusArea.objects.filter(plan__key=PLAN_2012).order_by(
                    "position", "id"
                )
            ],
            unit_texts=list(
                PlanFocusArea.objects.exclude(unit_text="").values_list("unit_text", flat=True)
            ),
        )


# A goal that runs onto the next page ----------------------------------------------------


def _heading(statement: str, language: str = "da") -> str:
    return squash(f"{in_language(language, 'Goal')}: {statement}")


def _goal_spans(
    pages: list[Page], goals: list[tuple[str, str]], language: str = "da"
) -> dict[int, str]:
    """The pages each goal runs onto after its heading's page, as {page: statement}: from the
    page with the goal's heading to the page where its last text (`end`) stands."""
    spans = {}
    for statement, end in goals:
        heading = _heading(statement, language)[:60]
        tail = squash(end)[-30:]
        first = next(n for n, page in enumerate(pages) if heading in page.body_text())
        last = next(n for n in range(first, len(pages)) if tail in pages[n].body_text())
        for page in range(first + 1, last + 1):
            spans[page] = statement
    return spans


def _continued(language: str) -> str:
    """What follows the statement in a repeated heading: " (fortsat)"."""
    return in_language(language, "%(goal)s: %(statement)s (continued)").split("%(statement)s")[1]


def _repeated(pages: list[Page]) -> dict[int, str]:
    return {n: page.repeated_heading() for n, page in enumerate(pages) if page.repeated_heading()}


def _assert_repeated_where_goals_continue(
    pages: list[Page], goals: list[tuple[str, str]], language: str = "da"
) -> dict[int, str]:
    spans = _goal_spans(pages, goals, language)
    repeated = _repeated(pages)
    # Each page a goal runs onto repeats that goal's heading, marked "(fortsat)" ...
    assert sorted(repeated) == sorted(spans), (repeated, spans)
    marker = squash(_continued(language))
    for page, statement in spans.items():
        assert repeated[page].startswith(_heading(statement, language)[:40]), page
        assert repeated[page].endswith(marker), page
    # ... and no other page does
    return spans


def test_a_goal_running_onto_the_next_page_repeats_its_heading_there_marked_fortsat(
    demo,
) -> None:
    spans = _assert_repeated_where_goals_continue(demo.plan_2014, demo.goals_2014)
    assert _continued("da") == " (fortsat)"
    # The heading stands under the running header, above the page's text
    for page in spans:
        header = demo.plan_2014[page].header
        assert len(header) >= 2
        assert header[1].top - header[0].bottom >= 2 * MM


@pytest.fixture
def long_goals(db) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A plan whose second goal's documentation and fourth goal's follow-up each fill more
    than a page, between goals that fit on one."""
    unit = UnitFactory(key="vej-og-park", name="Vej & Park")
    plan = PlanFactory(key="vp-2026", title="Virksomhedsplan 2026", unit=unit)
    area = PlanFocusAreaFactory(plan=plan, focus_area__title="Grøn drift")
    sentence = "Stierne er gennemgået, og skader er udbedret inden for den aftalte frist"
    # Each goal's last text ends with a word of its own, which says where the goal ends
    goals: list[tuple[str, str]] = []

    def goal(statement: str, items: int, end: str, follow_up: bool = False) -> None:
        made = GoalFactory(plan_focus_area=area, statement=statement)
        for n in range(1, items + 1):
            text = f"{sentence} i område {n}." if n < items else f"{sentence}; {end}."
            criterion = CriterionFactory(goal=made, text=text, position=n)
            if follow_up:
                answer = FollowUpFactory(
                    goal=made,
                    status=FollowUpStatus.MET,
                    text=f"{sentence} i område {n}. " * 3 + (end if n == items else ""),
                    position=n,
                )
                answer.criteria.add(criterion)
        goals.append((statement, end))

    goal("Vi vil holde byens stier trygge.", 2, "Stislut")
    # A statement longer than the repeated heading has room for
    long_statement = (
        "Vi vil pleje alle parker efter den nye plejeplan, så beboerne kan bruge dem hele "
        "året, og vi vil i samarbejde med boligselskaberne, skolerne og foreningerne udvikle "
        "de grønne områder, så de giver plads til leg, ophold, idræt og biologisk mangfoldighed."
    )
    goal(long_statement, 45, "Parkslut")
    CriterionFactory(
        goal=Goal.objects.get(statement=long_statement),
        text="Plejeplanen er fulgt: Plejeslut",
        comparison=Comparison.AT_LEAST,
        value=Decimal("90"),
        unit_of_measure="%",
        position=99,
    )
    goals[-1] = (goals[-1][0], "Plejeslut")
    goal("Vi vil rydde sne på cykelstierne før klokken syv.", 3, "Sneslut")
    goal("Vi vil følge op på hver skade.", 16, "Skadeslut", follow_up=True)
    goal("Vi vil måle tilfredsheden.", 1, "Målingslut")
    yield plan.key, goals


@pytest.mark.parametrize("language", ["da", "en"])
def test_long_goals_repeat_their_heading_on_each_page_they_run_onto(long_goals, language):
    key, goals = long_goals
    pages = read_pages(_pdf(key, language))
    spans = _assert_repeated_where_goals_continue(pages, goals, language)
    # The long documentation list and the long follow-up table run onto other pages; the
    # short goals do not
    continued = set(spans.values())
    assert {goals[1][0], goals[3][0]} <= continued
    assert not continued & {goals[0][0], goals[2][0], goals[4][0]}
    # A long statement is cut after a whole word; the repeated heading stays above the text
    long_statement = goals[1][0]
    repeated = next(
        r
        for r in _repeated(pages).values()
        if r.startswith(_heading(long_statement, language)[:40])
    )
    assert squash("…" + _continued(language)) in repeated
    assert len(repeated) < len(_heading(long_statement, language))
    for page in spans:
        assert 2 <= len(pages[page].header) <= 3, page
        assert pages[page].header[-1].bottom < PAGE_AREA_TOP, page
    # A target is labelled "Måltal:" ("Target:"), never as a goal
    body = "".join(page.body_text() for page in pages)
    assert squash(in_language(language, "Target:")) in body
    assert body.count(squash(in_language(language, "Goal") + ":")) == len(goals)


def test_the_repeated_heading_names_a_numbered_goal_by_its_number(db) -> None:
    goal = GoalFactory(ref="1.2", statement="Vi vil styrke\nafdelingens  kvalitetsstyring.")
    with translation.override("da"):
        assert continued_goal_heading(goal) == (
            "Mål 1.2: Vi vil styrke afdelingens kvalitetsstyring. (fortsat)"
        )
    with translation.override("en"):
        assert continued_goal_heading(goal) == (
            "Goal 1.2: Vi vil styrke afdelingens kvalitetsstyring. (continued)"
        )


# The running header -----------------------------------------------------------------------


def test_the_text_starts_well_below_the_running_header(demo) -> None:
    for pages in (demo.plan_2014, demo.combined):
        for number, page in enumerate(pages[1:], start=1):
            header, body = page.header, page.body
            if not body:
                continue
            gap = body[0].top - header[-1].bottom
            if page.repeated_heading():
                # The repeated heading sits between header and text, clear of both
                assert header[1].top - header[0].bottom >= 2 * MM, number
                assert gap >= 1.5 * MM, number
            else:
                assert gap >= 10 * MM, number


# Table headings -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_status_table_headings_keep_their_words_whole(demo, language) -> None:
    pages = demo.plan_2012 if language == "da" else demo.plan_2012_english
    overview = next(
        page
        for page in pages
        if page.body and page.body[0].text == in_language(language, "Status overview")
    )
    caption = in_language(language, "Goals by status, per focus area and in total")
    lines = [line.text for line in overview.body]
    start = lines.index(caption) + 1
    # The headings end where the first row, the first focus area's, begins
    first_area = demo.focus_areas_2012[0].split()[0]
    end = next(n for n in range(start, len(lines)) if lines[n].split()[0] == first_area)
    heading_words = " ".join(lines[start:end]).split()
    assert heading_words
    # No word is broken with a hyphen at a line's end ...
    assert not [word for word in heading_words if word.endswith("-")]
    # ... and each column's label stands with its words whole
    with translation.override(language):
        labels = [str(label) for _status, label in goal_status_choices()]
    labels += [in_language(language, "Focus area"), in_language(language, "Follow-ups written")]
    for label in labels:
        for word in label.split():
            assert word.casefold() in {w.casefold() for w in heading_words}, (label, word)


# Bars -------------------------------------------------------------------------------------------


def test_no_bar_runs_down_a_whole_text(demo) -> None:
    # Given focus areas with the department's own text
    assert demo.unit_texts
    for pages in (demo.plan_2014, demo.combined):
        for number, page in enumerate(pages[1:], start=1):
            # Then a bar at the left of a box marks a heading or a highlight, never a text
            assert all(height <= LONGEST_BAR for _top, height in page.bars), number


# Near-empty pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("document", ["plan_2014", "plan_2012", "combined"])
def test_only_the_last_page_of_a_part_is_less_than_half_full(demo, document) -> None:
    pages = getattr(demo, document)
    # The front page, the contents, and each part start a page of their own
    parts = [n for n, page in enumerate(pages) if page.starts_part()]
    assert len(parts) >= 2
    part_ends = {n - 1 for n in parts} | {len(pages) - 1}
    short = [
        (n + 1, round(page.fill() * 100))
        for n, page in enumerate(pages)
        if n and n not in part_ends and page.fill() < LEAST_FILL
    ]
    assert short == []
