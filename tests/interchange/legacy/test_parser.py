"""The structure of a plan is recognised from its labels and layout.

The reference plan is measured in test_accuracy.py; here are small plans
written the ways other municipalities write them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from virkplan.interchange.legacy.assemble import assemble
from virkplan.interchange.legacy.blocks import Block
from virkplan.interchange.legacy.labels import printed_goal_status, status_labels
from virkplan.interchange.legacy.parser import blocks_from_lines
from virkplan.interchange.legacy.readers import source_from_bytes
from virkplan.interchange.legacy.source import UnreadableDocument
from virkplan.interchange.validation import schema_errors


def read(text: str) -> list[Block]:
    source = source_from_bytes(text.encode("utf-8"), "plan.txt")
    return blocks_from_lines(source.lines, unit="enhed")


def document(text: str) -> dict:
    return assemble(read(text), unit="enhed")


def goals(doc: dict) -> list[dict]:
    found = []
    for plan in doc["plans"]:
        for area in plan["focus_areas"]:
            stack = list(area["goals"])
            while stack:
                goal = stack.pop(0)
                found.append(goal)
                stack[:0] = goal["goals"]
    return found


NUMBERED = """Handleplan 2019

Indhold
Indledning ........................ 2
Fokusområder ...................... 3
Trivsel ........................... 3

Indledning
Planen beskriver årets arbejde.

Fokusområder

Trivsel

Mål 1: Vi vil styrke trivslen blandt eleverne.

1.1 Alle klasser har en trivselsplan.

1.2 Mobning opdages tidligt.

Dokumentation: Trivselsmålingen viser fremgang.

Opfølgning:
Ad. 1.1: Alle klasser har nu en plan.

Ad. 1.2 og 1.3: Der er holdt møder med forældrene.
"""


def test_numbered_goals_with_sub_goals_and_shared_follow_ups():
    doc = document(NUMBERED)
    plan = doc["plans"][0]
    assert plan["title"] == "Handleplan 2019"
    assert plan["period"] == {"start": 2019, "end": 2019}
    assert [s["title"] for s in plan["sections"]] == ["Indledning"]
    assert plan["sections"][0]["body"] == "Planen beskriver årets arbejde."
    assert [a["title"] for a in plan["focus_areas"]] == ["Trivsel"]
    goal = plan["focus_areas"][0]["goals"][0]
    assert goal["ref"] == "1"
    assert goal["statement"] == "Vi vil styrke trivslen blandt eleverne."
    refs = [g["ref"] for g in goal["goals"]]
    assert refs == ["1.1", "1.2"]
    first, second = goal["goals"]
    assert first["follow_ups"][0]["text"] == "Alle klasser har nu en plan."
    assert second["follow_ups"][0]["text"] == "Der er holdt møder med forældrene."


def test_a_follow_up_naming_a_sub_goal_that_is_missing_is_marked():
    blocks = read(NUMBERED)
    doc = assemble(blocks, unit="enhed")
    shared = next(b for b in blocks if b.answers == ["1.2", "1.3"])
    assert "answers_unknown" in shared.reasons
    assert shared.uncertain
    assert doc["provenance"]


UNLABELLED = """Virksomhedsplan 2021–2022

Grøn omstilling

Vi vil halvere energiforbruget i kommunens bygninger.

Energiforbruget er målt og offentliggjort hvert kvartal.

Vi skal plante 10.000 træer.

Der er plantet træer i alle bydele.

Vi arbejder for flere cykelstier.

Borgernes sundhed

Vi vil have flere borgere til at motionere.
"""


def test_goals_without_labels_start_with_vi_vil_vi_skal_vi_arbejder_for():
    doc = document(UNLABELLED)
    plan = doc["plans"][0]
    assert plan["period"] == {"start": 2021, "end": 2022}
    assert [a["title"] for a in plan["focus_areas"]] == ["Grøn omstilling", "Borgernes sundhed"]
    statements = [g["statement"] for g in goals(doc)]
    assert statements == [
        "Vi vil halvere energiforbruget i kommunens bygninger.",
        "Vi skal plante 10.000 træer.",
        "Vi arbejder for flere cykelstier.",
        "Vi vil have flere borgere til at motionere.",
    ]
    first = goals(doc)[0]
    assert [c["text"] for c in first["criteria"]] == [
        "Energiforbruget er målt og offentliggjort hvert kvartal."
    ]


def test_unlabelled_goals_and_guessed_headings_are_marked_for_checking():
    blocks = read(UNLABELLED)
    goal = next(b for b in blocks if b.kind == "goal")
    area = next(b for b in blocks if b.kind == "focus_area")
    assert goal.uncertain and "unlabelled_goal" in goal.reasons
    assert area.uncertain and "heading_guessed" in area.reasons


HEADERS = """Virksomhedsplan 2016
VIRKSOMHEDSPLAN 2016 TEKNIK OG MILJØ
SIDE 1

Natur

Mål: Vi vil udvikle det digitale GIS-
styringsværktøj og pleje vej-og parkområder.

Dokumentation: Der er udviklet og implementeret et
VIRKSOMHEDSPLAN 2016 TEKNIK OG MILJØ
SIDE 2
styringsværktøj for miljø-
og naturområdet.
VIRKSOMHEDSPLAN 2016 TEKNIK OG MILJØ
SIDE 3

Mål: Vi vil have rent vand.
"""


def test_running_headers_go_and_broken_words_are_joined():
    doc = document(HEADERS)
    first, second = goals(doc)
    assert first["statement"] == (
        "Vi vil udvikle det digitale GIS-styringsværktøj og pleje vej-og parkområder."
    )
    assert first["criteria"] == [
        {"text": "Der er udviklet og implementeret et styringsværktøj for miljø- og naturområdet."}
    ]
    assert second["statement"] == "Vi vil have rent vand."
    assert "VIRKSOMHEDSPLAN" not in str(doc["plans"])


def test_pages_come_from_page_numbers_in_a_text_layer():
    blocks = read(HEADERS)
    criterion = next(b for b in blocks if b.kind == "criterion")
    assert criterion.page == 1
    last_goal = [b for b in blocks if b.kind == "goal"][-1]
    assert last_goal.page == 3


TWO_COLUMNS_ON_ONE_LINE = """Virksomhedsplan 2014

Indsats

Mål: Vi vil styrke kvaliteten  Dokumentation: Der er lavet et årshjul.

Opfølgning: Årshjulet bruges.
"""


def test_goal_and_documentation_written_on_one_line_are_split():
    (goal,) = goals(document(TWO_COLUMNS_ON_ONE_LINE))
    assert goal["statement"] == "Vi vil styrke kvaliteten"
    assert goal["criteria"] == [{"text": "Der er lavet et årshjul."}]
    assert goal["follow_ups"][0]["text"] == "Årshjulet bruges."
    assert goal["follow_ups"][0]["criteria"] == [0]


@pytest.mark.parametrize("label", ["Måltal:", "Mål:"])
def test_a_target_after_its_criterion_is_read_whether_labelled_maltal_or_as_before(label):
    # Given a criterion with its target on the same line, as virkplan prints it now ("Måltal:")
    # and as it printed it before ("Mål:")
    text = (
        "Virksomhedsplan 2014\n\nKlima\n\nMål: Vi vil spare energi.\n\n"
        f"Dokumentation: Der er sparet energi i erhvervet. {label} mindst 9.187 MWh i 2014\n"
    )
    # When it is read, then the criterion keeps its text and the target its figure
    (goal,) = goals(document(text))
    assert goal["statement"] == "Vi vil spare energi."
    assert goal["criteria"] == [
        {
            "text": "Der er sparet energi i erhvervet.",
            "target": {
                "comparison": "at_least",
                "value": 9187,
                "unit": "MWh",
                "target_year": 2014,
            },
        }
    ]


FOLLOW_UP_PART = """Virksomhedsplan 2020

Indhold Indsatsområder ......... 2
Vækst ........................ 2

Opfølgning ................... 3
Læring ....................... 3

Indsatsområder

Vækst

Mål: Vi vil skabe flere job.

Dokumentation: Der er skabt 100 job.

Opfølgning

Virksomhedsplan 2018 – 2019 havde et indsatsområde.

Læring

Mål: Vi vil have bedre skoler.

Dokumentation: Karaktererne er steget.

Opfølgning: Karaktererne steg 0,3.
"""


def test_a_follow_up_part_about_an_earlier_period_is_that_plan():
    blocks = read(FOLLOW_UP_PART)
    doc = assemble(blocks, unit="enhed")
    later, earlier = doc["plans"]
    assert later["period"] == {"start": 2020, "end": 2020}
    assert [a["title"] for a in later["focus_areas"]] == ["Vækst"]
    assert earlier["title"] == "Virksomhedsplan 2018–2019"
    assert earlier["period"] == {"start": 2018, "end": 2019}
    assert earlier["follow_up_intro"] == "Virksomhedsplan 2018 – 2019 havde et indsatsområde."
    assert earlier["focus_areas"][0]["goals"][0]["follow_ups"][0]["text"] == (
        "Karaktererne steg 0,3."
    )
    plan_block = [b for b in blocks if b.kind == "plan"][1]
    assert "unit_guessed" in plan_block.reasons
    assert any(b.kind == "ignored" and "Vækst" in b.text for b in blocks), "contents ignored"


def test_every_item_says_where_it_came_from():
    doc = document(FOLLOW_UP_PART)
    where = doc["provenance"]["/plans/0/focus_areas/0/goals/0"]
    assert where["kind"] == "goal"
    assert where["line"] == FOLLOW_UP_PART.splitlines().index("Mål: Vi vil skabe flere job.") + 1
    assert 0 < where["confidence"] <= 1


def test_text_without_any_plan_structure_still_gives_a_valid_document():
    doc = document("Et brev om noget helt andet.\n\nMed venlig hilsen\nKommunen\n")
    assert schema_errors(doc) == []
    assert goals(doc) == []


@pytest.mark.parametrize(
    "text",
    ["Mål:\n", "Mål 3\n\nDokumentation:\n", "Opfølgning:\nAd. 9.9: intet\n", "Indhold ..... 4\n"],
)
def test_labels_without_text_give_a_valid_document(text):
    assert schema_errors(document(text)) == []


lines = st.text(
    alphabet=st.sampled_from(list("abcæøå ABCÆØÅ .:-–—\t0123456789"))
    | st.characters(exclude_categories=("Cs",)),
    max_size=60,
)
label_lines = st.sampled_from(
    [
        "Mål: Vi vil noget.",
        "Mål 2",
        "2.1 Delmål",
        "Dokumentation: noget",
        "Opfølgning:",
        "Ad. 1.2 og 1.3: svar",
        "Virksomhedsplan 2014",
        "Indhold Indledning ....... 5",
        "Opfølgning",
        "SIDE 4",
        " ",
        "",
        "Vi vil mere.",
        "GIS-",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(label_lines | lines, max_size=80))
def test_arbitrary_text_never_crashes_the_parser_and_gives_a_valid_document(parts):
    text = "\n".join(parts)
    try:
        source = source_from_bytes(text.encode("utf-8"), "plan.txt")
    except UnreadableDocument:  # empty or binary-looking text is refused with a message
        return
    blocks = blocks_from_lines(source.lines, unit="enhed")
    doc = assemble(blocks, unit="enhed")
    assert schema_errors(doc) == []
    assert all(0 <= b.confidence <= 1 for b in blocks)


# A goal's status in the heading of virkplan's own print --------------------------------------


def test_a_goals_printed_status_is_read_off_its_heading_not_into_its_statement():
    statuses = status_labels()
    # The PDF's badge in capitals, the Word document's after a dot, with how far it has come
    assert printed_goal_status("Vi vil plante træer. IKKE OPFYLDT", statuses) == (
        "Vi vil plante træer.",
        "not_met",
    )
    assert printed_goal_status("Vi vil plante træer. · Delvist opfyldt, 60 % nået", statuses) == (
        "Vi vil plante træer.",
        "partly_met",
    )
    # A statement that merely ends in a status's words keeps them
    assert printed_goal_status("Vi vil sætte arbejdet i gang", statuses) is None
    assert printed_goal_status("Målet er opfyldt", statuses) is None


CONTINUED_ON_THE_NEXT_PAGE = """Virksomhedsplan 2026

Indsats

Mål: Vi vil holde stierne trygge og
rene hele året.

Dokumentation:
- Stierne er gennemgået.
\fMål: Vi vil holde stierne trygge og
rene hele året. (fortsat)
- Skaderne er udbedret.

Mål: Vi vil måle tilfredsheden.
"""


def test_a_goal_heading_repeated_at_the_top_of_the_next_page_is_not_a_new_goal():
    # Given a goal that runs onto the next page, where its heading is repeated "(fortsat)"
    first, second = goals(document(CONTINUED_ON_THE_NEXT_PAGE))
    # Then the goal is read once, with the documentation from both pages
    assert first["statement"] == "Vi vil holde stierne trygge og rene hele året."
    assert [c["text"] for c in first["criteria"]] == [
        "Stierne er gennemgået.",
        "Skaderne er udbedret.",
    ]
    assert second["statement"] == "Vi vil måle tilfredsheden."
