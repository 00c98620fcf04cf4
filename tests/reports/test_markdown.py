"""Users' Markdown as plain text and text runs, for Word and the spreadsheets."""

from virkplan.reports.markdown import markdown_blocks, markdown_plain


def test_paragraphs_lists_and_emphasis_become_plain_text() -> None:
    source = "Første **afsnit** med *vægt*.\n\nAndet afsnit.\n\n- et\n- to\n\n1. først\n2. så"
    assert markdown_plain(source) == (
        "Første afsnit med vægt.\n\nAndet afsnit.\n\n– et\n– to\n\n1. først\n2. så"
    )


def test_emphasis_is_kept_as_runs() -> None:
    [block] = markdown_blocks("Det er **vigtigt** og *nyt*")
    assert [(run.text, run.bold, run.italic) for run in block.runs] == [
        ("Det er ", False, False),
        ("vigtigt", True, False),
        (" og ", False, False),
        ("nyt", False, True),
    ]


def test_headings_keep_their_level() -> None:
    [heading, paragraph] = markdown_blocks("### Nye forbindelser\n\nTekst")
    assert (heading.kind, heading.level, heading.text) == ("heading", 3, "Nye forbindelser")
    assert paragraph.kind == "paragraph"


def test_links_keep_their_address_and_unsafe_ones_are_dropped() -> None:
    assert markdown_plain("Se [planen](https://albertslund.dk/plan).") == (
        "Se planen (https://albertslund.dk/plan)."
    )
    assert markdown_plain("[hent](ftp://example.com/fil)") == "hent"
    assert markdown_plain("[klik](javascript:alert(1))") == "[klik](javascript:alert(1))"
    assert markdown_plain("<b>fed</b> <script>x</script>") == "<b>fed</b> <script>x</script>"


def test_empty_text_has_no_blocks() -> None:
    assert markdown_blocks("") == []
    assert markdown_plain(None) == ""
