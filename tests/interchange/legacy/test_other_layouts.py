"""Plans laid out otherwise than the reference plan read right as text, Word and PDF.

Each plan is written once as a few blocks (headings, paragraphs, lists, tables) and
made into the three formats the way people make them: a text file with a line per
paragraph and tabs between table cells, a Word document with heading and list styles
and a table, and a PDF printed from HTML.
"""

from __future__ import annotations

import html
from typing import Any

import pytest

from virkplan.interchange.legacy.labels import join_lines
from virkplan.interchange.legacy.services import document_from_blocks, reading_from_file
from virkplan.interchange.legacy.vocabulary import prose_status, verdict_of

from .files import docx_bytes, pdf_from_html

Piece = tuple[str, Any]
"""("title" | "h" | "p" | "items" | "numbered" | "table", text or list of texts or rows)."""


def as_text(pieces: list[Piece]) -> bytes:
    lines: list[str] = []
    for kind, value in pieces:
        if kind == "items":
            lines += [f"• {item}" for item in value]
        elif kind == "numbered":
            lines += [f"{number}. {item}" for number, item in enumerate(value, 1)]
        elif kind == "table":
            lines += ["\t".join(row) for row in value]
        else:
            lines.append(value)
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def as_html(pieces: list[Piece]) -> bytes:
    parts: list[str] = []
    for kind, value in pieces:
        if kind == "title":
            parts.append(f"<h1>{html.escape(value)}</h1>")
        elif kind == "h":
            parts.append(f"<h2>{html.escape(value)}</h2>")
        elif kind == "p":
            parts.append(f"<p>{html.escape(value)}</p>")
        elif kind in ("items", "numbered"):
            tag = "ul" if kind == "items" else "ol"
            items = "".join(f"<li>{html.escape(item)}</li>" for item in value)
            parts.append(f"<{tag}>{items}</{tag}>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in value
            )
            parts.append(f"<table class='ruled'>{rows}</table>")
    return pdf_from_html("".join(parts))


def as_word(pieces: list[Piece]) -> bytes:
    def build(document) -> None:
        for kind, value in pieces:
            if kind == "title":
                document.add_paragraph(value, style="Title")
            elif kind == "h":
                document.add_paragraph(value, style="Heading 1")
            elif kind == "p":
                document.add_paragraph(value)
            elif kind in ("items", "numbered"):
                style = "List Bullet" if kind == "items" else "List Number"
                for item in value:
                    document.add_paragraph(item, style=style)
            else:
                table = document.add_table(rows=len(value), cols=len(value[0]))
                for row, cells in enumerate(value):
                    for column, cell in enumerate(cells):
                        table.cell(row, column).text = cell

    return docx_bytes(build)


FORMATS = {
    "text": ("plan.txt", as_text),
    "word": ("plan.docx", as_word),
    "pdf": ("plan.pdf", as_html),
}


def read_plan(pieces: list[Piece], fmt: str) -> dict:
    name, make = FORMATS[fmt]
    reading = reading_from_file(make(pieces), name, unit="enhed")
    return document_from_blocks(reading.blocks, unit="enhed")["plans"][0]


def goals_of(plan: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for area in plan["focus_areas"]:
        stack = list(area["goals"])
        while stack:
            goal = stack.pop(0)
            found[goal["statement"]] = goal
            stack[:0] = goal["goals"]
    return found


def texts(goal: dict, field: str) -> list[str]:
    return [item["text"] for item in goal[field]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_goals_listed_after_a_list_label_with_follow_ups_that_name_them(fmt):
    plan = read_plan(
        [
            ("title", "Handleplan 2027"),
            ("h", "Skov og eng"),
            ("p", "Kommunen har få store naturområder."),
            ("p", "Naturmål:"),
            (
                "numbered",
                [
                    "Vi planter 30 hektar ny skov inden udgangen af 2027.",
                    "Vi øger antallet af enge med slåning hvert år.",
                ],
            ),
            ("h", "Status ved årets udgang"),
            ("p", "Ad. 1: Der er plantet 18 hektar, og resten er aftalt."),
            ("p", "Ad. 2: Elleve enge bliver nu slået hvert efterår."),
        ],
        fmt,
    )
    goals = goals_of(plan)
    assert list(goals) == [
        "Vi planter 30 hektar ny skov inden udgangen af 2027.",
        "Vi øger antallet af enge med slåning hvert år.",
    ]
    first, second = goals.values()
    assert texts(first, "follow_ups") == ["Der er plantet 18 hektar, og resten er aftalt."]
    assert texts(second, "follow_ups") == ["Elleve enge bliver nu slået hvert efterår."]
    assert plan["focus_areas"][0]["title"] == "Skov og eng"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_heading_followed_by_its_criteria_is_a_goal_and_links_are_no_text(fmt):
    plan = read_plan(
        [
            ("title", "Udviklingsplan 2027"),
            ("h", "Flere besøgende i svømmehallen"),
            ("p", "Tegn på succes"),
            ("items", ["Svømmehallen har mindst 90.000 besøg i 2027."]),
            ("p", "Læs mere om svømmehallen"),
            ("h", "Kortere kø ved indgangen"),
            ("p", "Tegn på succes"),
            ("items", ["Ingen gæst venter mere end fem minutter om lørdagen."]),
        ],
        fmt,
    )
    goals = goals_of(plan)
    assert list(goals) == ["Flere besøgende i svømmehallen", "Kortere kø ved indgangen"]
    first, second = goals.values()
    assert texts(first, "criteria") == ["Svømmehallen har mindst 90.000 besøg i 2027."]
    assert texts(second, "criteria") == ["Ingen gæst venter mere end fem minutter om lørdagen."]
    assert not any(
        "Læs mere" in text for goal in goals.values() for text in texts(goal, "criteria")
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_goal_and_status_table_gives_each_listed_goal_its_follow_up_and_status(fmt):
    plan = read_plan(
        [
            ("title", "Driftsplan 2027"),
            ("h", "Stier"),
            ("p", "Stimål"),
            (
                "items",
                [
                    "Alle grusstier er jævnet inden 1. maj.",
                    "Der sættes 40 nye bænke op langs søerne.",
                ],
            ),
            ("h", "Status på målene"),
            (
                "table",
                [
                    ["Mål", "Status"],
                    [
                        "Alle grusstier er jævnet inden 1. maj.",
                        "Opfyldt. Stierne var klar 20. april.",
                    ],
                    [
                        "Der sættes 40 nye bænke op langs søerne.",
                        "Delvist opfyldt. Der står 25 bænke; resten kommer til efteråret.",
                    ],
                ],
            ),
        ],
        fmt,
    )
    goals = goals_of(plan)
    assert list(goals) == [
        "Alle grusstier er jævnet inden 1. maj.",
        "Der sættes 40 nye bænke op langs søerne.",
    ]
    first, second = goals.values()
    assert [(f["status"], f["text"]) for f in first["follow_ups"]] == [
        ("met", "Stierne var klar 20. april.")
    ]
    assert [(f["status"], f["text"]) for f in second["follow_ups"]] == [
        ("partly_met", "Der står 25 bænke; resten kommer til efteråret.")
    ]


@pytest.mark.parametrize("fmt", ["text", "word"])
def test_a_four_column_table_names_focus_area_goal_criterion_and_status(fmt):
    plan = read_plan(
        [
            ("title", "Virksomhedsplan 2027"),
            (
                "table",
                [
                    ["Indsatsområde", "Mål", "Tegn på succes", "Status"],
                    [
                        "Læsning",
                        "Flere elever læser dagligt.",
                        "Alle klasser har 20 minutters læsetid.",
                        "Opfyldt",
                    ],
                    [
                        "Trivsel",
                        "Færre elever føler sig alene.",
                        "Trivselsmålingen viser et fald.",
                        "I gang: Målingen gentages i marts.",
                    ],
                ],
            ),
        ],
        fmt,
    )
    assert [area["title"] for area in plan["focus_areas"]] == ["Læsning", "Trivsel"]
    goals = goals_of(plan)
    assert list(goals) == ["Flere elever læser dagligt.", "Færre elever føler sig alene."]
    first, second = goals.values()
    assert texts(first, "criteria") == ["Alle klasser har 20 minutters læsetid."]
    assert first["follow_ups"][0]["status"] == "met"
    assert texts(second, "follow_ups") == ["Målingen gentages i marts."]
    assert second["follow_ups"][0]["status"] == "in_progress"


@pytest.mark.parametrize("fmt", ["text", "pdf"])
def test_goals_listed_under_a_theme_and_repeated_above_their_status_are_one_goal_each(fmt):
    # A web page lists the goals without marks and repeats each above what was done.
    lines = [
        ("title", "Handleplan 2027"),
        ("h", "Røgfri skole"),
        ("p", "Ingen elever ryger i frikvartererne\nFlere forældre kender skolens regler"),
        ("h", "Sådan gik det i 2027"),
        ("h", "Ingen elever ryger i frikvartererne"),
        ("p", "Gårdvagterne har ikke set rygning siden marts. Målet er nået."),
        ("h", "Flere forældre kender skolens regler"),
        ("p", "Reglerne er sendt til alle hjem, men få har læst dem. Vi er ikke i mål endnu."),
    ]
    if fmt == "pdf":
        lines[2] = ("items", lines[2][1].split("\n"))
    plan = read_plan(lines, fmt)
    goals = goals_of(plan)
    assert list(goals) == [
        "Ingen elever ryger i frikvartererne",
        "Flere forældre kender skolens regler",
    ]
    first, second = goals.values()
    assert [f["status"] for f in first["follow_ups"]] == ["met"]
    assert [f["status"] for f in second["follow_ups"]] == ["in_progress"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbered_sub_goals_keep_their_numbers_and_get_the_answers_that_name_them(fmt):
    plan = read_plan(
        [
            ("title", "Årsplan 2027"),
            ("h", "Rengøring"),
            ("p", "Mål 1: Renere fællesarealer."),
            ("p", "Delmål 1.1 Trapperne vaskes hver uge."),
            ("p", "Delmål 1.2 Vinduerne pudses to gange om året."),
            ("h", "Status"),
            ("p", "Ad. 1.1 og 1.2: Begge dele er sket som planlagt."),
        ],
        fmt,
    )
    goal = goals_of(plan)["Renere fællesarealer."]
    assert [(g["ref"], g["statement"]) for g in goal["goals"]] == [
        ("1.1", "Trapperne vaskes hver uge."),
        ("1.2", "Vinduerne pudses to gange om året."),
    ]
    for sub in goal["goals"]:
        assert texts(sub, "follow_ups") == ["Begge dele er sket som planlagt."]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Alt er på plads. Det vurderes, at målet er nået.", "met"),
        ("Det vurderes, at målsætningen ikke er opfyldt.", "not_met"),
        ("Halvdelen er klar, så målet er kun delvist nået.", "partly_met"),
        ("Vi er endnu ikke i mål.", "in_progress"),
        ("Projektet er udskudt til næste år.", "postponed"),
        ("Der er holdt tre møder.", ""),
    ],
)
def test_a_follow_ups_verdict_in_prose_is_its_status(text, status):
    assert prose_status(text) == status


def test_a_verdict_opening_a_follow_up_is_its_status_and_leaves_the_text():
    assert verdict_of("Ikke opfyldt. Der mangler to hold.") == ("not_met", "Der mangler to hold.")
    assert verdict_of("I gang") == ("in_progress", "")
    assert verdict_of("Opfyldte krav er noteret.") is None


def test_words_a_typesetter_broke_are_mended():
    assert join_lines(["Der er holdt arrange-", "menter hele året."]) == (
        "Der er holdt arrangementer hele året."
    )
    assert join_lines(["samtaler før sko\u2010", "lestart"]) == "samtaler før skolestart"
    assert join_lines(["nye it-", "systemer"]) == "nye it-systemer"
    assert join_lines(["Smart Grid-", "løsninger"]) == "Smart Grid-løsninger"


def test_a_pdf_set_in_two_running_columns_is_read_column_after_column():
    body = "".join(
        f"<p>Mål: Vi vil nå delmål nummer {n} i løbet af året, sammen med borgerne.</p>"
        f"<p>Dokumentation: Der er holdt {n} møder om delmålet med foreningerne i byen.</p>"
        for n in range(1, 13)
    )
    css = (
        "@page { size: A4; margin: 20mm; } body { font-family: sans-serif; font-size: 10pt;"
        " columns: 2; column-gap: 8mm; } p { margin: 0 0 6pt; }"
    )
    reading = reading_from_file(
        pdf_from_html(f"<h1>Virksomhedsplan 2027</h1>{body}", css), "plan.pdf", unit="enhed"
    )
    plan = document_from_blocks(reading.blocks, unit="enhed")["plans"][0]
    goals = list(goals_of(plan).values())
    assert len(goals) == 12
    for number, goal in enumerate(goals, 1):
        assert goal["statement"] == (
            f"Vi vil nå delmål nummer {number} i løbet af året, sammen med borgerne."
        )
        assert texts(goal, "criteria") == [
            f"Der er holdt {number} møder om delmålet med foreningerne i byen."
        ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_goals_weight_is_set_aside_and_its_criteria_and_milestones_stay_with_it(fmt):
    plan = read_plan(
        [
            ("title", "Virksomhedsplan 2027"),
            ("h", "Sagsbehandling"),
            ("p", "Mål 1: Hurtigere svar på klager"),
            ("p", "Vægtning: 30 point"),
            ("p", "Målopfyldelse: Alle klager er besvaret inden for 20 dage."),
            ("p", "Mål 2: Færre sager sendt retur"),
            ("p", "Vægtning: 70 point"),
            ("p", "Målopfyldelse: Højst 5 % af sagerne sendes tilbage til borgeren."),
        ],
        fmt,
    )
    goals = goals_of(plan)
    assert list(goals) == ["Hurtigere svar på klager", "Færre sager sendt retur"]
    first, second = goals.values()
    assert texts(first, "criteria") == ["Alle klager er besvaret inden for 20 dage."]
    assert texts(second, "criteria") == ["Højst 5 % af sagerne sendes tilbage til borgeren."]


def test_documentation_over_follow_up_in_plain_text_comes_a_row_at_a_time():
    # A printed table's text: the header cells, then each row's two cells in turn.
    text = "\n".join(
        [
            "Virksomhedsplan 2027",
            "Mål: Vi vil skifte alle pærer i skolerne til LED.",
            "Dokumentation",
            "",
            "Opfølgning",
            "",
            "Der er skiftet pærer på",
            "fire skoler.",
            "",
            "Resten følger i foråret.",
            "",
            "Mål: Vi vil måle varmen i alle klasselokaler.",
        ]
    )
    reading = reading_from_file(text.encode(), "plan.txt", unit="enhed")
    plan = document_from_blocks(reading.blocks, unit="enhed")["plans"][0]
    goal = goals_of(plan)["Vi vil skifte alle pærer i skolerne til LED."]
    assert texts(goal, "criteria") == ["Der er skiftet pærer på fire skoler."]
    assert texts(goal, "follow_ups") == ["Resten følger i foråret."]
    assert "Vi vil måle varmen i alle klasselokaler." in goals_of(plan)


def test_a_list_item_without_a_full_stop_is_not_continued_by_the_next_text_box():
    # A text layer that marks its boxes: documentation as bullets, then the follow-up.
    text = "\n".join(
        [
            " Virksomhedsplan 2027",
            "",
            " Mål: Vi vil have flere unge i klubberne.",
            "",
            " Dokumentation:",
            "",
            " • Der er klub tre aftener om ugen",
            "",
            " Opfølgning:",
            "",
            " Der kom 120 nye medlemmer i løbet af året.",
        ]
    )
    reading = reading_from_file(text.encode(), "plan.txt", unit="enhed")
    plan = document_from_blocks(reading.blocks, unit="enhed")["plans"][0]
    goal = goals_of(plan)["Vi vil have flere unge i klubberne."]
    assert texts(goal, "criteria") == ["Der er klub tre aftener om ugen"]
    assert texts(goal, "follow_ups") == ["Der kom 120 nye medlemmer i løbet af året."]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_dated_status_label_starts_the_follow_up(fmt):
    plan = read_plan(
        [
            ("title", "Udviklingsplan 2027"),
            ("h", "Færre ledige stillinger"),
            ("p", "Indikatorer"),
            ("items", ["Antal stillinger, der står tomme i mere end tre måneder"]),
            ("p", "Status 2027: Otte stillinger stod tomme længe. Målet er ikke nået."),
        ],
        fmt,
    )
    goal = goals_of(plan)["Færre ledige stillinger"]
    assert texts(goal, "criteria") == ["Antal stillinger, der står tomme i mere end tre måneder"]
    assert [(f["status"], f["text"]) for f in goal["follow_ups"]] == [
        ("not_met", "Otte stillinger stod tomme længe. Målet er ikke nået.")
    ]


def test_a_word_broken_where_danish_hyphenation_breaks_it_is_mended_but_not_a_compound():
    # Short starts that Danish hyphenation breaks at are syllables, not prefixes.
    assert join_lines(["Målet var at be-", "stille flere tider."]) == (
        "Målet var at bestille flere tider."
    )
    assert join_lines(["Ventetiden steg i fe-", "bruar."]) == "Ventetiden steg i februar."
    # A prefix written with a hyphen, an abbreviation and a name keep theirs.
    assert join_lines(["Den nye it-", "afdeling"]) == "Den nye it-afdeling"
    assert join_lines(["Vi sender en sms-", "besked"]) == "Vi sender en sms-besked"
    assert join_lines(["nye EU-", "midler"]) == "nye EU-midler"
    assert join_lines(["Ved Nord-", "havnen"]) == "Ved Nord-havnen"
