"""Page furniture of short plans (one or two pages) saved as text is no part of the plan:
a running head repeated at the top of both pages, the page's own number at its foot,
alone or after the unit's name, and the municipality's and unit's name at the top of
a one-page plan."""

from __future__ import annotations

import json

from virkplan.interchange.legacy.services import document_from_blocks, reading_from_file

from .test_other_layouts import goals_of

TWO_PAGES = """Holm Kommune · Borgerservice

Virksomhedsplan 2026
Borgerservice hjælper borgerne med pas og kørekort.

Betjening
Mål: Vi vil svare på alle henvendelser inden for to dage.
Opfølgning: Svartiden var i gennemsnit halvanden dag.

1
\fHolm Kommune · Borgerservice

Selvbetjening
Mål: Vi vil flytte flere ansøgninger om pas til nettet.
Opfølgning: Halvdelen af ansøgningerne kommer nu ind på nettet.

2
\f"""

ONE_PAGE = """Holm Kommune – Vej og Park

Driftsplan 2026
Vej og Park passer kommunens veje og grønne områder.

Vejene
Mål: Vi vil lappe huller i vejene inden for fem dage.
Opfølgning: Det lykkedes i ni af ti tilfælde.

Vej og Park | 1
\f"""


def _plan(text: str) -> dict:
    reading = reading_from_file(text.encode("utf-8"), "plan.txt", unit="enhed")
    return document_from_blocks(reading.blocks, unit="enhed")["plans"][0]


def test_a_running_head_on_both_pages_and_the_page_numbers_are_left_out():
    plan = _plan(TWO_PAGES)

    assert list(goals_of(plan)) == [
        "Vi vil svare på alle henvendelser inden for to dage.",
        "Vi vil flytte flere ansøgninger om pas til nettet.",
    ]
    everything = json.dumps(plan, ensure_ascii=False)
    assert "Holm Kommune · Borgerservice" not in everything
    for goal in goals_of(plan).values():
        assert next(item["text"] for item in goal["follow_ups"]).endswith(("dag.", "nettet."))
        assert all(item["text"] not in ("1", "2") for item in goal["follow_ups"])


def test_the_unit_in_the_top_margin_and_a_numbered_foot_of_a_one_page_plan_are_left_out():
    plan = _plan(ONE_PAGE)

    goals = goals_of(plan)
    assert list(goals) == ["Vi vil lappe huller i vejene inden for fem dage."]
    everything = json.dumps(plan, ensure_ascii=False)
    assert "Holm Kommune – Vej og Park" not in everything
    assert "Vej og Park | 1" not in everything
    (goal,) = goals.values()
    assert [item["text"] for item in goal["follow_ups"]] == ["Det lykkedes i ni af ti tilfælde."]


def test_a_line_at_a_page_edge_that_is_a_sentence_or_another_page_number_stays():
    text = ONE_PAGE.replace("Vej og Park | 1", "Vi følger op igen til sommer.")
    plan = _plan(text)

    assert "Vi følger op igen til sommer." in json.dumps(plan, ensure_ascii=False)
