"""A corpus plan as a PDF, laid out by WeasyPrint from HTML and CSS, in one or two columns.

The page furniture follows where the plan comes from: a web page printed
from a browser has the date and title at the head of each page and the
address and "1/3" at the foot; a printed publication or a Word document
saved as PDF has the running head and foot the plan gives ("Side 2 af 5").
Two columns are CSS columns with hyphenation, as a brochure sets them; the
title spans both. Fonts are DejaVu, which the project's machines have, so
the same source gives the same file.
"""

from __future__ import annotations

from html import escape

from weasyprint import HTML

from .model import Heading, Items, Nav, PageBreak, Para, Plan, T, Table

PRINTED_ON = "14.03.2025 09.12"
"""The date a browser prints at the head of a web page's pages."""

_BASE_CSS = """
@page { size: A4; margin: 22mm 20mm 24mm;
  @top-left { content: var(--head-left); font: 8pt 'DejaVu Sans'; color: #444; }
  @top-right { content: var(--head-right); font: 8pt 'DejaVu Sans'; color: #444; }
  @bottom-left { content: var(--foot-left); font: 8pt 'DejaVu Sans'; color: #444; }
  @bottom-right { content: var(--foot-right); font: 8pt 'DejaVu Sans'; color: #444; } }
body { font: 10pt/1.35 'DejaVu Serif'; }
h1, .h0 { font-size: 20pt; margin: 0 0 10pt; } h2 { font-size: 15pt; margin: 14pt 0 6pt; }
h3 { font-size: 12.5pt; margin: 12pt 0 5pt; } h4 { font-size: 11.5pt; margin: 10pt 0 4pt; }
p { margin: 0 0 6pt; } ul, ol { margin: 0 0 6pt; padding-left: 16pt; } li { margin: 0 0 2pt; }
ul.plain { list-style: none; padding-left: 0; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 10pt; }
th, td { vertical-align: top; text-align: left; padding: 3pt 5pt; border: 0.5pt solid #888; }
td p { margin: 0 0 4pt; } th { background: #e4e8ee; }
a { color: #1a4fa0; text-decoration: underline; }
nav ul { list-style: none; padding: 0; margin: 0 0 8pt; }
nav li { display: inline; margin-right: 12pt; font: 9pt 'DejaVu Sans'; }
.break { break-after: page; }
"""
_BOLD_HEADINGS = "h1, h2, h3, h4 { font-size: 10pt; font-weight: bold; margin: 10pt 0 4pt; }"
_WEB_CSS = "body { font-family: 'DejaVu Sans'; }"
_WORD_CSS = "body { font-family: 'DejaVu Sans'; font-size: 10.5pt; }"
_TWO_COLUMNS = """
.columns { columns: 2; column-gap: 8mm; hyphens: auto; text-align: justify; }
.columns th, .columns td { text-align: left; }
.columns h1, .columns h2, .columns h3, .columns h4 { text-align: left; hyphens: manual; }
.h0, nav { column-span: all; }
"""
_PRINT_HYPHEN = ".columns { hyphenate-character: '-'; }"
"""A publishing program hyphenates with "-"; WeasyPrint, like browsers, with "‐" (U+2010)."""


def pdf(plan: Plan, *, columns: int = 1) -> bytes:
    content = HTML(string=page_html(plan, columns=columns)).write_pdf()
    assert content is not None
    return content


def page_html(plan: Plan, *, columns: int = 1) -> str:
    css = _BASE_CSS + _furniture(plan)
    if plan.headings == "bold":
        css += _BOLD_HEADINGS
    css += {"web": _WEB_CSS, "word": _WORD_CSS}.get(plan.origin, "")
    if columns == 2:
        css += _TWO_COLUMNS + (_PRINT_HYPHEN if plan.origin in ("print", "layer") else "")
    body = "\n".join(_block(block) for block in plan.body)
    if columns == 2:
        body = f"<div class='columns'>{body}</div>"
    name = escape(_title(plan))
    return (
        f"<!doctype html><html lang='da'><head><meta charset='utf-8'><title>{name}</title>"
        "<meta name='dcterms.created' content='2025-03-14T09:12:00'>"
        f"<style>{css}</style></head><body>{body}</body></html>"
    )


def _title(plan: Plan) -> str:
    return next((t.content for t in plan.texts() if t.role == "plan"), plan.name)


def _furniture(plan: Plan) -> str:
    """The running head and foot, as CSS variables the page's margin boxes show."""
    if plan.origin == "web":
        parts = {
            "head-left": f'"{PRINTED_ON}"',
            "head-right": _quoted(_title(plan)),
            "foot-left": _quoted(plan.url),
            "foot-right": 'counter(page) "/" counter(pages)',
        }
    else:
        parts = {
            "head-left": _quoted(plan.header),
            "head-right": '""',
            "foot-left": '""',
            "foot-right": _counters(plan.footer),
        }
    return ":root { " + " ".join(f"--{k}: {v};" for k, v in parts.items()) + " }\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _counters(text: str) -> str:
    """'Side {page} af {pages}' as CSS content with page counters."""
    if not text:
        return '""'
    out = []
    for part in (
        text.replace("{pages}", "\x00pages\x00").replace("{page}", "\x00page\x00").split("\x00")
    ):
        if part in ("page", "pages"):
            out.append(f"counter({part})")
        elif part:
            out.append(_quoted(part))
    return " ".join(out)


def _block(block: object) -> str:
    if isinstance(block, Heading):
        tag = "h1 class='h0'" if block.level == 0 else f"h{block.level}"
        return f"<{tag}>{_inline(block.t, heading=True)}</{tag.split()[0]}>"
    if isinstance(block, Para):
        return _paragraphs(block.t)
    if isinstance(block, Items):
        tag = "ol" if block.kind == "number" else "ul"
        plain = " class='plain'" if block.kind == "plain" else ""
        items = "".join(f"<li>{_inline(t)}</li>" for t in block.items)
        return f"<{tag}{plain}>{items}</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Nav):
        links = "".join(f"<li><a href='#'>{escape(item)}</a></li>" for item in block.items)
        return f"<nav><ul>{links}</ul></nav>"
    if isinstance(block, PageBreak):
        return "<div class='break'></div>"
    raise TypeError(block)


def _inline(t: T, *, heading: bool = False) -> str:
    text = escape(t.heading).replace("\n", "<br>")
    if t.link:
        text = f"<a href='#'>{text}</a>"
    if t.label and not t.label_alone:
        label = escape(t.label)
        return f"{label} {text}" if heading else f"<strong>{label}</strong> {text}"
    return text


def _paragraphs(t: T) -> str:
    if t.label and t.label_alone:
        return f"<p><strong>{escape(t.label)}</strong></p><p>{_inline(t)}</p>"
    return f"<p>{_inline(t)}</p>"


def _table(block: Table) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in block.header)
    rows = []
    for r, row in enumerate(block.rows):
        cells = []
        for c, cell in enumerate(row):
            if cell is None:
                continue
            span = 1
            while r + span < len(block.rows) and block.rows[r + span][c] is None:
                span += 1
            rowspan = f" rowspan='{span}'" if span > 1 else ""
            cells.append(f"<td{rowspan}>{''.join(_paragraphs(t) for t in cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    thead = f"<thead><tr>{head}</tr></thead>" if head else ""
    return f"<table>{thead}<tbody>{''.join(rows)}</tbody></table>"
