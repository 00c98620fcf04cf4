"""The display filters for templates: numbers, targets, Markdown and the texts' language.

Thin wrappers over virkplan.core.display, so pages and the PDF's templates
show a value exactly as Word, the spreadsheets and the history do.
"""

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from virkplan.core import display

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """User Markdown as sanitised HTML (display.markdown_html)."""
    return display.markdown_html(text)


@register.simple_tag
def content_lang() -> SafeString:
    """` lang="da"` for an element holding users' text, when the page is in another language."""
    return display.content_lang_attribute()


@register.filter
def number(value: Decimal | int | float | None) -> str:
    """A number in the active language's format: 9.187 and 3,79 in Danish."""
    return display.number(value)


@register.filter
def target(criterion: display.Target) -> str:
    """A criterion's quantitative target in words: "mindst 75 %", "115–120 MWh"."""
    return display.target(criterion)
