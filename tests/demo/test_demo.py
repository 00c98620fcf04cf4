"""The demo is the reference plan document, transcribed faithfully, and loads once.

Every expectation is read from the reference document's text layer
(tests/data/albertslund-miljo-teknik-2014.txt), not from the demo file.
"""

import io
import re
from functools import cache

import pytest
from django.core.management import call_command

from tests.interchange.documents import danish
from virkplan.organisation.models import Unit
from virkplan.plans.models import FollowUp, FollowUpStatus, Goal, Plan, PlanFocusArea
from virkplan.plans.selectors import goal_lineage

PAGE_HEADER = re.compile(r"^\s*(VIRKSOMHEDSPLAN 2014 MILJØ- OG TEKNIKAFDELINGEN|SIDE \d+)\s*$")
TOC_ENTRY = re.compile(r"^\s*(?:Indhold\s+)?(?P<title>\S.*?)\s*\.{5,}\s*\d+\s*$")
GOAL_LABEL = "Mål:"
PREFIX = 40  # characters of a 2012–2013 criterion checked where the other column cuts in


# Reading the reference text ------------------------------------------------------------------


def _join(text: str, *, drop_break_hyphens: bool) -> str:
    """The text as one line: page headers out, wrapped lines joined, whitespace collapsed.

    A line ending in a hyphen right after a letter was wrapped either inside a
    word ("ejendomsdataprogram-" + "met") or at the hyphen of a compound
    ("GIS-" + "styringsværktøj"); the text layer cannot tell which, so the
    caller asks for one reading or the other. A hyphen followed by a space
    ("Miljø- " + "og Teknik") is a real hyphen before a real space.
    """
    joined = ""
    for line in text.splitlines():
        if PAGE_HEADER.match(line) or not line.strip():
            continue
        if re.search(r"\w-$", joined):
            joined = (joined[:-1] if drop_break_hyphens else joined) + line.strip()
        else:
            joined = f"{joined} {line.strip()}"
        if line != line.rstrip():
            joined += " "
    return " ".join(joined.split())


@cache
def _readings(text: str) -> tuple[str, str]:
    return _join(text, drop_break_hyphens=False), _join(text, drop_break_hyphens=True)


def in_reference(text: str, reference: str) -> bool:
    """Whether the text, whitespace normalised, occurs in the joined reference text."""
    needle = " ".join(text.split())
    return any(needle in reading for reading in _readings(reference))


def table_of_contents(reference: str) -> list[str]:
    """The headings listed in the document's table of contents, in order."""
    return [m.group("title") for line in reference.splitlines() if (m := TOC_ENTRY.match(line))]


def focus_area_headings(reference: str) -> tuple[list[str], list[str]]:
    """From the contents: the 2014 plan's focus areas, and the 2012–2013 plan's it follows up."""
    contents = table_of_contents(reference)
    focus_areas, follow_up = contents.index("Indsatsområder"), contents.index("Opfølgning")
    return contents[focus_areas + 1 : follow_up], contents[follow_up + 1 :]


def goal_labels_per_heading(reference: str, headings: list[str]) -> list[int]:
    """How many "Mål:" labels stand between each heading and the next, in the body text.

    The last heading's count runs to the end of the document.
    """
    lines = reference.splitlines()
    body = max(n for n, line in enumerate(lines) if TOC_ENTRY.match(line)) + 1
    starts = []
    for heading in headings:
        start = next(
            n for n in range(max([body, *starts]), len(lines)) if lines[n].strip() == heading
        )
        starts.append(start)
    ends = [*starts[1:], len(lines)]
    return ["\n".join(lines[a:b]).count(GOAL_LABEL) for a, b in zip(starts, ends, strict=True)]


def follow_up_summary(reference: str) -> re.Match:
    """The follow-up's opening sentence: "MTF virksomhedsplan 2012 – 2013 havde 4 ... og 19 mål"."""
    joined = _readings(reference)[0]
    found = re.search(
        r"virksomhedsplan (?P<start>\d{4}) – (?P<end>\d{4}) havde (?P<focus_areas>\d+) "
        r"indsatsområder og (?P<goals>\d+) mål",
        joined,
    )
    assert found is not None
    return found


# The demo as stored ----------------------------------------------------------------------------


def plan_for(*, start: int, end: int) -> Plan:
    return Plan.objects.get(start_year=start, end_year=end)


def displayed_title(plan_focus_area: PlanFocusArea) -> str:
    """A focus area's title as the document prints it: "Title – Tagline"."""
    focus_area = plan_focus_area.focus_area
    return f"{focus_area.title} – {focus_area.tagline}" if focus_area.tagline else focus_area.title


def plan_focus_areas(plan: Plan) -> list[PlanFocusArea]:
    return list(plan.plan_focus_areas.select_related("focus_area").order_by("position"))


def goals_of(plan: Plan) -> list[Goal]:
    return list(
        Goal.objects.filter(plan_focus_area__plan=plan).order_by(
            "plan_focus_area__position", "position"
        )
    )


@pytest.fixture
def periods(reference_text) -> dict[str, tuple[int, int]]:
    """The periods of the two plans: the document's own year, and the plan it follows up."""
    title_year = re.search(r"Virksomhedsplan (\d{4})", reference_text)
    assert title_year is not None
    summary = follow_up_summary(reference_text)
    year = int(title_year.group(1))
    return {"plan": (year, year), "followed_up": (int(summary["start"]), int(summary["end"]))}


# The plans, focus areas and goals ----------------------------------------------------------------


def test_the_demo_holds_the_plan_and_the_plan_it_follows_up(demo, periods):
    assert sorted(Plan.objects.values_list("start_year", "end_year")) == sorted(periods.values())


@pytest.mark.parametrize("which, part", [("plan", 0), ("followed_up", 1)])
def test_focus_areas_are_those_of_the_table_of_contents_in_order(
    demo, reference_text, periods, which, part
):
    # Given the focus areas listed in the reference's table of contents
    expected = focus_area_headings(reference_text)[part]

    # When the demo plan's focus areas are read in order
    plan = plan_for(start=periods[which][0], end=periods[which][1])
    titles = [displayed_title(pfa) for pfa in plan_focus_areas(plan)]

    # Then they are the same, in the same order
    assert titles == expected


def test_the_follow_up_covers_as_many_focus_areas_and_goals_as_it_says(
    demo, reference_text, periods
):
    summary = follow_up_summary(reference_text)
    plan = plan_for(start=periods["followed_up"][0], end=periods["followed_up"][1])

    assert len(plan_focus_areas(plan)) == int(summary["focus_areas"])
    assert len(goals_of(plan)) == int(summary["goals"])


@pytest.mark.parametrize("which, part", [("plan", 0), ("followed_up", 1)])
def test_each_focus_area_has_as_many_goals_as_the_reference_has_goal_labels(
    demo, reference_text, periods, which, part
):
    # Given the number of "Mål:" labels under each focus-area heading of the reference
    parts = focus_area_headings(reference_text)
    counts = goal_labels_per_heading(reference_text, [*parts[0], *parts[1]])
    expected = counts[: len(parts[0])] if part == 0 else counts[len(parts[0]) :]

    # When the demo plan's goals are counted per focus area
    plan = plan_for(start=periods[which][0], end=periods[which][1])
    counted = [pfa.goals.count() for pfa in plan_focus_areas(plan)]

    # Then the counts agree, focus area by focus area
    assert counted == expected


def test_the_demo_has_one_goal_for_every_goal_label_in_the_reference(demo, reference_text):
    assert Goal.objects.count() == reference_text.count(GOAL_LABEL)
    assert demo.goals == reference_text.count(GOAL_LABEL)


# The texts, checked against the reference -------------------------------------------------------

SPOT_GOALS = [
    "mt-2014-g01",
    "mt-2014-g06",
    "mt-2014-g13",
    "mt-2014-g16",
    "mtf-2012-2013-g03",
    "mtf-2012-2013-g09",
    "mtf-2012-2013-g19",
]
SPOT_CRITERIA = [
    ("mt-2014-g03", 0),  # "60 udlån"
    ("mt-2014-g11", 0),  # "ejendomsdataprogram-" wrapped inside the word
    ("mt-2014-g16", 7),  # "9.187 MWh, svarende til 3,79 %"
    ("mt-2014-g08", 0),  # "Ringby- og" across a line break
    ("mtf-2012-2013-g11", 1),
    ("mtf-2012-2013-g16", 0),
    ("mtf-2012-2013-g17", 1),
]
SPOT_FOLLOW_UPS = [
    ("mtf-2012-2013-g01", 5),  # not met
    ("mtf-2012-2013-g03", 0),  # three paragraphs
    ("mtf-2012-2013-g13", 2),  # postponed
    ("mtf-2012-2013-g15", 4),  # dropped
    ("mtf-2012-2013-g16", 0),  # met
    ("mtf-2012-2013-g17", 1),  # "75 % af alle medarbejdere"
    ("mtf-2012-2013-g12", 1),
]


@pytest.mark.parametrize("key", SPOT_GOALS)
def test_spot_checked_goal_statements_are_as_in_the_reference(demo, reference_text, key):
    assert in_reference(Goal.objects.get(key=key).statement, reference_text)


@pytest.mark.parametrize("key, index", SPOT_CRITERIA)
def test_spot_checked_criteria_are_as_in_the_reference(demo, reference_text, key, index):
    criterion = Goal.objects.get(key=key).criteria.order_by("position")[index]
    assert in_reference(criterion.text, reference_text)


@pytest.mark.parametrize("key, index", SPOT_FOLLOW_UPS)
def test_spot_checked_follow_ups_are_as_in_the_reference(demo, reference_text, key, index):
    follow_up = Goal.objects.get(key=key).follow_ups.order_by("position")[index]
    assert in_reference(follow_up.text, reference_text)


def test_every_goal_statement_is_as_in_the_reference(demo, reference_text):
    differing = [g.key for g in Goal.objects.all() if not in_reference(g.statement, reference_text)]
    assert differing == []


def test_every_criterion_of_the_2014_plan_is_as_in_the_reference(demo, reference_text, periods):
    plan = plan_for(start=periods["plan"][0], end=periods["plan"][1])
    differing = [
        (goal.key, criterion.text)
        for goal in goals_of(plan)
        for criterion in goal.criteria.all()
        if not in_reference(criterion.text, reference_text)
    ]
    assert differing == []


def test_every_criterion_of_the_2012_2013_plan_begins_as_in_the_reference(
    demo, reference_text, periods
):
    # The follow-up column cuts into some of these criteria in the source, so
    # only their beginnings can be found whole.
    plan = plan_for(start=periods["followed_up"][0], end=periods["followed_up"][1])
    differing = [
        (goal.key, criterion.text)
        for goal in goals_of(plan)
        for criterion in goal.criteria.all()
        if not in_reference(criterion.text[:PREFIX], reference_text)
    ]
    assert differing == []


@pytest.mark.parametrize(
    "phrase, status",
    [
        ("blev ikke nået", FollowUpStatus.NOT_MET),
        ("er udskudt", FollowUpStatus.POSTPONED),
        ("etableres ikke", FollowUpStatus.DROPPED),
    ],
)
def test_a_follow_up_that_says_how_it_went_has_that_status(demo, reference_text, phrase, status):
    # Given a phrase of the reference that tells the outcome
    assert in_reference(phrase, reference_text)

    # When the follow-ups that say it are found
    saying = FollowUp.objects.filter(text__contains=phrase)

    # Then there is one, and its status is that outcome
    assert [f.status for f in saying] == [status]


# The organisation ------------------------------------------------------------------------------


def _who_we_are(reference: str) -> re.Match:
    found = re.search(
        r"Afdelingen består af (?P<employees>\d+) medarbejder og (?P<leaders>\d+) ledere, "
        r"hvoraf (?P<town_hall>\d+) personer er placeret på Rådhuset og (?P<plant>\d+) på",
        _readings(reference)[0],
    )
    assert found is not None
    return found


def test_miljo_teknik_has_its_four_units_as_the_reference_names_them(demo, reference_text):
    # Given the sentences of "Hvem er vi?" that name the department's units
    department = Unit.objects.get(name="Miljø & Teknik")
    joined = _readings(reference_text)[0]
    start = joined.index("Afdelingens ledelse består af")
    who_leads = joined[start : joined.index("afdelingschefen.", start)]

    # Then the department has four units, each named there
    children = list(department.children.all())
    assert len(children) == 4
    assert all(child.name in who_leads for child in children)


def test_miljo_teknik_has_the_staff_the_reference_counts(demo, reference_text):
    counted = _who_we_are(reference_text)
    department = Unit.objects.get(name="Miljø & Teknik")

    facts = {fact.label: fact.value for fact in department.facts.all()}

    assert facts["Medarbejdere"] == int(counted["employees"])
    assert facts["Ledere"] == int(counted["leaders"])
    assert sorted(facts.values()) == sorted(int(n) for n in counted.groupdict().values())


def test_the_old_department_handed_its_goals_to_the_units_the_reference_names(demo, reference_text):
    # Given the follow-up's sentence on where the old department's goals now belong
    joined = _readings(reference_text)[0]
    start = joined.index("Målene er i dag hjemmehørende i")
    new_homes = joined[start : joined.index(".", joined.index("sekretariat", start))]

    # Then the old Miljø- og Teknikforvaltningen has those successors, Miljø & Teknik among them
    old = Unit.objects.get(name="Miljø- og Teknikforvaltningen")
    successors = list(old.successors.all())
    assert "Miljø & Teknik" in [unit.name for unit in successors]
    assert all(unit.name in new_homes for unit in successors)
    # And it ended before they began
    assert all(old.valid_to < unit.valid_from for unit in successors)


def test_a_2014_goal_that_carries_on_a_2012_2013_goal_has_both_in_its_history(demo, periods):
    later = Goal.objects.filter(
        plan_focus_area__plan__start_year=periods["plan"][0], continues__isnull=False
    ).first()
    assert later is not None

    history = goal_lineage(user=None, goal=later)

    assert [goal.plan_focus_area.plan.start_year for goal in history] == [
        periods["followed_up"][0],
        periods["plan"][0],
    ]


# Loading the demo ------------------------------------------------------------------------------


def _rows() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Unit, Plan, PlanFocusArea, Goal, FollowUp))


def test_load_demo_loads_once_and_says_so_the_second_time(db, reference_text):
    # Given an empty database
    assert not Plan.objects.exists()

    # When `virkplan load_demo` runs
    first = io.StringIO()
    call_command("load_demo", stdout=first)

    # Then the two plans are loaded, with every goal of the reference
    goals = reference_text.count(GOAL_LABEL)
    assert Plan.objects.count() == 2
    assert Goal.objects.count() == goals
    assert danish("Loaded the demo: %(plans)s plans, %(goals)s goals.", plans=2, goals=goals) in (
        first.getvalue()
    )
    loaded = _rows()

    # When it runs again
    second = io.StringIO()
    call_command("load_demo", stdout=second)

    # Then nothing more is loaded, and it says so
    assert _rows() == loaded
    assert danish("The database already has plans; the demo was not loaded.") in (second.getvalue())
