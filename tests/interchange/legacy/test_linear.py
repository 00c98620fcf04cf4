"""The parser takes time in proportion to the text, whatever shape the text has.

An uploaded file is read before anyone has looked at it, so a line of
100,000 spaces, a paragraph of 20,000 lines or 5,000 goals with one number
must read like any other text, not hold a worker for minutes. How long a
read takes is measured in benchmarks/bench_hostile_uploads.py; these tests
pin that the faster code reads plans exactly as the patterns it replaced
did, and that the shapes which used to take minutes are read, and read
right.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from virkplan.interchange.legacy.assemble import assemble
from virkplan.interchange.legacy.blocks import Block
from virkplan.interchange.legacy.labels import LABEL_INSIDE, join_lines, toc_entry
from virkplan.interchange.legacy.parser import blocks_from_lines
from virkplan.interchange.legacy.readers import source_from_bytes

# The patterns as they were before they were made linear: on short lines they are
# the definition of what a table-of-contents entry and a label inside a line are.
FORMER_TOC_ENTRY = re.compile(
    r"^(?P<title>.*?\S)\s*(?:(?:\.\s?){4,}|…{2,}|\s{3,}|\t+)\s*(?P<page>\d{1,4})$"
)
FORMER_LABEL_INSIDE = re.compile(
    r"\s{2,}(?=(?:Dokumentation|Succeskriterier|Opfølgning)\s*:)"
    r"|(?<=[.!?])\s+(?=(?:Mål|Target)\s*:\s*(?:mindst|højst|ca\.|cirka|omkring|at least|at most)?"
    r"\s*\d)",
    re.IGNORECASE,
)

TOC_PIECES = [" ", ".", "…", "\t", "\u00a0", "a", "Ø", "1", "7", "٣", ". ", "....", "   "]
LABEL_PIECES = [" ", "  ", "\t", ".", "!", "Dokumentation", "opfølgning", "Mål", "Target"]
LABEL_PIECES += [":", "mindst", "ca.", "at least", "5", "x"]


def read(text: str) -> list[Block]:
    source = source_from_bytes(text.encode("utf-8"), "plan.txt")
    return blocks_from_lines(source.lines, unit="enhed")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TOC_PIECES), max_size=10).map("".join))
def test_a_contents_line_is_read_as_the_former_pattern_read_it(line):
    former = FORMER_TOC_ENTRY.match(line)

    assert toc_entry(line) == ((former["title"], int(former["page"])) if former else None)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(LABEL_PIECES), max_size=10).map("".join))
def test_labels_inside_a_line_are_split_where_the_former_pattern_split_them(line):
    assert LABEL_INSIDE.split(line) == FORMER_LABEL_INSIDE.split(line)


def test_contents_entries_with_every_kind_of_leader_give_title_and_page():
    assert toc_entry("Indledning ........ 3") == ("Indledning", 3)
    assert toc_entry("Klima . . . . . 12") == ("Klima", 12)
    assert toc_entry("Bo i Albertslund …… 4") == ("Bo i Albertslund", 4)
    assert toc_entry("Trafik     7") == ("Trafik", 7)
    assert toc_entry("Trafik\t7") == ("Trafik", 7)
    assert toc_entry("Vi har 12345") is None
    assert toc_entry("Side 3") is None


def test_a_line_with_a_long_run_of_spaces_or_dots_is_read():
    # Given lines whose runs of spaces and dots made the former patterns backtrack
    spaces = "Mål: Vi vil" + " " * 100_000 + "skabe job. Dokumentation: Der er job."
    dots = "Indhold " + ". " * 50_000 + "x"
    leader = "Klima" + " " * 50_000 + "."
    # When they are read
    blocks = read(f"Virksomhedsplan 2014\n\n{spaces}\n\n{dots}\n\n{leader}\n")
    # Then the goal is read with its documentation, and the other lines are text
    goal = next(block for block in blocks if block.kind == "goal")
    assert goal.text == "Vi vil skabe job. Dokumentation: Der er job."
    assert any(block.text.startswith("Indhold . .") for block in blocks)


def test_a_paragraph_of_twenty_thousand_lines_is_one_paragraph_with_its_words_mended():
    # Given documentation running on for 20,000 lines, every other one ending in a
    # word broken at a syllable
    lines = ["Der er gjort et stort arbejde med alle bygnin-", "ger og veje i hele byen,"]
    text = "Virksomhedsplan 2014\n\nMål: Vi vil.\nDokumentation:\n" + "\n".join(lines * 10_000)
    # When it is read
    blocks = read(text + "\n")
    # Then it is one documentation paragraph, the broken words joined again
    (criterion,) = [block for block in blocks if block.kind == "criterion"]
    assert criterion.text.count("alle bygninger og veje") == 10_000
    assert "-" not in criterion.text


def test_joined_lines_keep_their_order_and_paragraph_breaks():
    assert join_lines(["Miljø-", "og klima", "\x00", "GIS-", "styring"]) == (
        "Miljø- og klima\n\nGIS-styring"
    )


def test_five_thousand_goals_with_one_number_get_keys_of_their_own():
    # Given a plan in which every goal is called "Mål 1"
    goals = "".join(
        f"Mål 1: Vi vil gøre ting nummer {n}.\nDokumentation: Gjort.\n\n" for n in range(5000)
    )
    # When it is read and assembled
    document = assemble(read(f"Virksomhedsplan 2014\n\nKlima\n\n{goals}"), unit="enhed")
    # Then every goal is there, each with a key of its own
    keys = [goal["key"] for goal in document["plans"][0]["focus_areas"][0]["goals"]]
    assert len(keys) == len(set(keys)) == 5000


def test_focus_areas_with_one_long_title_get_keys_of_their_own_within_the_key_length():
    # Given three focus areas with the same title, longer than a key may be
    title = "Bo i Albertslund, den attraktive kommune med gode boliger og grønne områder " * 2
    blocks = [Block("plan", "Virksomhedsplan 2014", period_start=2014, period_end=2014)]
    blocks += [Block("focus_area", title.strip()) for _ in range(3)]
    # When they are assembled
    areas = assemble(blocks, unit="enhed")["plans"][0]["focus_areas"]
    # Then each has its own key of at most 100 characters, numbered as before
    keys = [area["key"] for area in areas]
    assert len(set(keys)) == 3
    assert all(len(key) <= 100 for key in keys)
    assert keys[1].endswith("-2") and keys[2].endswith("-3")


def test_texts_gathered_for_one_section_are_joined_as_paragraphs():
    blocks = [
        Block("plan", "Virksomhedsplan 2014", period_start=2014, period_end=2014),
        Block("section", "Indledning"),
        *[Block("text", f"Afsnit {n}.") for n in range(3)],
    ]

    (section,) = assemble(blocks, unit="enhed")["plans"][0]["sections"]

    assert section["body"] == "Afsnit 0.\n\nAfsnit 1.\n\nAfsnit 2."
