"""Users' Markdown: sanitised HTML for pages and the PDF, plain text and text runs for Word and the
spreadsheets."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from virkplan.core.display import markdown as module
from virkplan.core.display import markdown_blocks, markdown_html, markdown_plain


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


# As HTML, for the pages and the PDF ------------------------------------------------------------


def test_markdown_renders_paragraphs_and_removes_scripts_and_javascript_links():
    html = markdown_html(
        "Første afsnit.\n\nAndet <script>alert(1)</script> [klik](javascript:alert(1))"
    )
    assert html.count("<p>") == 2
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_markdown_keeps_only_absolute_web_and_mail_links():
    # Given links that are relative, site-relative, file:, an image, and absolute web and mail
    html = markdown_html(
        "[op](../../etc/passwd) [rod](/etc/passwd) [fil](file:///etc/passwd) ![kort](/etc/passwd) "
        "[web](https://www.albertslund.dk/) [post](mailto:post@albertslund.dk)"
    )
    # Then only the absolute web and mail addresses remain links; the rest is their text
    assert re.findall(r'href="([^"]*)"', html) == [
        "https://www.albertslund.dk/",
        "mailto:post@albertslund.dk",
    ]
    assert "<img" not in html and "src=" not in html
    text = re.sub(r"<[^>]+>", "", html)
    assert all(word in text.split() for word in ("op", "rod", "web", "post"))


def test_markdown_html_stays_text_in_tables_and_attributes_are_dropped():
    # Given raw HTML inside a table cell, a link with a title that tries to close its attribute,
    # and a data: address
    html = markdown_html(
        "| a | b |\n| - | - |\n| <img src=x onerror=alert(1)> | ok |\n\n"
        '[t](https://example.org/ "x\\" onmouseover=\\"alert(1)") [d](data:text/html,hej)'
    )
    # Then the table is there, the HTML is text, the title stays one attribute, and only the web
    # address is a link
    assert "<table>" in html and "<td>ok</td>" in html
    assert "<img" not in html and "&lt;img" in html
    [link] = re.findall(r"<a [^>]*>", html)
    assert re.findall(r'(\w+)="[^"]*"', link) == ["href", "title", "rel"]
    assert re.findall(r'href="([^"]*)"', html) == ["https://example.org/"]


def test_no_text_is_no_html():
    assert markdown_html(None) == "" and markdown_html("") == ""


def test_a_text_is_rendered_once_and_shown_the_same_every_time(monkeypatch) -> None:
    # Given a text with markup to escape and a link to drop, and a renderer that counts its calls
    module._render_cached.cache_clear()
    calls = []
    original = module._markdown.render
    monkeypatch.setattr(
        module._markdown, "render", lambda text: calls.append(text) or original(text)
    )
    text = "Se <script>x</script> og [bilaget](../../etc/passwd) **nu**."

    # When it is shown three times
    shown = [markdown_html(text) for _ in range(3)]

    # Then it was parsed once, and every time shows the same sanitised HTML
    assert calls == [text]
    assert shown[0] == shown[1] == shown[2] == module._render(text)
    assert "<script>" not in shown[0] and "etc/passwd" not in shown[0]
    assert "<strong>nu</strong>" in shown[0]


def test_a_long_text_is_rendered_the_same_without_being_kept() -> None:
    module._render_cached.cache_clear()
    text = "Et **langt** afsnit med <b>markup</b>. " * (module.CACHED_CHARACTERS // 20)
    assert len(text) > module.CACHED_CHARACTERS
    html = markdown_html(text)
    assert html == module._render(text)
    assert "<b>" not in html and html.count("<strong>langt</strong>") > 100
    assert module._render_cached.cache_info().currsize == 0


# Characters that make a text plain or not: letters (Danish too), digits, spaces, the
# punctuation of ordinary sentences, and each character that starts Markdown or HTML.
_ALPHABET = (
    "aæøåZÉ09 \t\n\r.,;:?%/()'\"–-+*_`[]<>!&#|~={}\\\x00\x1f\x85\u00a0\u2003\u2028\u3000\ufeff"
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40) | st.from_regex(r"[A-Za-zæø][a-zæø ,.()\n]{0,60}"))
def test_plain_paragraphs_are_drawn_as_markdown_draws_them(text) -> None:
    # The shortcut for plain paragraphs gives what markdown-it and nh3 give, or stands aside
    plain = module._plain_paragraphs(text)
    if plain is not None:
        assert plain == module._render(text)


def test_ordinary_follow_ups_take_the_shortcut() -> None:
    for text in (
        "Vi har holdt tre af fire møder; det sidste er flyttet til januar (se notatet).",
        "Målet er nået.\n\nAfdelingen fortsætter arbejdet i 2015 – nu med to nye projekter.",
        'Borgerne kaldte mødet "godt", og 85 % svarede.\nTallene følger i næste plan.',
    ):
        assert module._plain_paragraphs(text) == module._render(text)
    # What Markdown would change goes through it
    for text in ("- et punkt", "Et **fed** ord", "1. først", "linje med  \nhårdt skift", "A&B"):
        assert module._plain_paragraphs(text) is None
