"""A corpus source says what the importer should read; its mistakes are refused by name."""

from __future__ import annotations

import pytest

from .corpus.expected import SourceError, expected_document
from .corpus.model import Block, Heading, Plan, T, area, crit, follow, goal, p, table, title
from .corpus.text import web_copy, word_text


def plan(*body: Block) -> Plan:
    return Plan(name="x", unit="enhed", description="", origin="web", patterns=(), body=body)


def test_the_expected_result_follows_the_roles_not_the_layout():
    # Given goals with labels, a wrapped heading goal, a sub-goal and a follow-up of two goals
    source = plan(
        title("Handleplan 2025", 2025),
        area("Trivsel", tagline="Den gode skole"),
        Heading(3, goal("g1", "Alle elever skal\nhøre til", label="Mål 1:", ref="1")),
        p(goal("g1.1", "Klasseregler i alle klasser.", label="1.1", ref="1.1", parent="g1")),
        p(goal("g2", "Mindre fravær.", label="Mål 2:", ref="2")),
        table(("Mål", "Status"), (T("Mindre fravær."), follow("g1.1 g2", "Nået.", status="met"))),
        p(crit("g2", "Fraværet falder.", label="Tegn på succes", alone=True)),
    )
    # when its expected result is built
    [result] = expected_document(source)["plans"]
    # then labels and line breaks are not part of the texts, and each goal holds its own
    assert result["period"] == {"start": 2025, "end": 2025}
    [area_] = result["focus_areas"]
    assert (area_["title"], area_["tagline"]) == ("Trivsel", "Den gode skole")
    first, second = area_["goals"]
    assert (first["ref"], first["statement"]) == ("1", "Alle elever skal høre til")
    assert first["goals"][0]["follow_ups"] == [{"status": "met", "text": "Nået."}]
    assert second["criteria"] == [{"text": "Fraværet falder."}]
    assert second["follow_ups"] == [{"status": "met", "text": "Nået."}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ((title("Plan 2025", 2025), area("A"), p(goal("g", "A.")), p(goal("g", "B."))), "id"),
        ((title("Plan 2025", 2025), p(goal("g", "A."))), "before any focus area"),
        ((area("A"),), "before the plan's title"),
        ((title("Plan 2025", 2025), area("A"), p(crit("nej", "C."))), "unknown goals"),
        (
            (
                title("Plan 2025", 2025),
                area("A"),
                p(goal("g", "A.")),
                p(follow("g", "F.", status="ok")),
            ),
            "status",
        ),
        ((title("Plan 2025", 2025), area("A"), p(goal("g", "A.", parent="nej"))), "unknown goal"),
        ((title("Plan 2025", 2025), area("A"), p(goal("g", "A.")), p(follow("g", "  "))), "empty"),
    ],
)
def test_a_source_that_contradicts_itself_is_refused(body, message):
    with pytest.raises(SourceError, match=message):
        expected_document(plan(*body))


def test_the_text_copies_write_what_a_browser_and_word_write():
    source = plan(
        title("Plan 2025", 2025),
        p("Et afsnit uden punktum"),
        p(T("Læs mere her", link=True), joined=True),
        table(("Mål", "Status"), (T("A."), (T("Nået", label="Status:", label_alone=True),))),
    )
    # a browser puts a joined box on the next line without a blank line, cells apart by tabs
    assert web_copy(source).decode() == (
        "Plan 2025\n\nEt afsnit uden punktum\nLæs mere her\n\nMål\tStatus\nA.\tStatus:\nNået\n"
    )
    # Word writes a line per paragraph, Windows line ends, Windows-1252
    lines = [
        "Plan 2025",
        "Et afsnit uden punktum",
        "Læs mere her",
        "Mål\tStatus",
        "A.\tStatus:\nNået",
    ]
    assert word_text(source) == ("\r\n".join(lines) + "\r\n").encode("cp1252")
