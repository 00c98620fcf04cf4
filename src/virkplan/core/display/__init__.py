"""The one way numbers, targets, Markdown and the texts' language are shown.

Pages (through the `virkplan` template filters), the PDF, Word, the
spreadsheets and the history all call these functions, so a number or a
target reads the same wherever it is printed.
"""

from .dates import long_date
from .language import content_lang_attribute, content_language
from .markdown import Block, Run, markdown_blocks, markdown_html, markdown_plain
from .numbers import Target, decimal_places, number, plain_decimal, target

__all__ = [
    "Block",
    "Run",
    "Target",
    "content_lang_attribute",
    "content_language",
    "decimal_places",
    "long_date",
    "markdown_blocks",
    "markdown_html",
    "markdown_plain",
    "number",
    "plain_decimal",
    "target",
]
