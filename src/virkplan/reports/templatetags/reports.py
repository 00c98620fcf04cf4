"""Template filters for printed plans."""

from django import template

register = template.Library()


@register.filter
def address_lines(address: str | None) -> list[str]:
    """A one-line address as the lines of a letter: "Nordmarks Allé, 2620 Albertslund"."""
    return [part.strip() for part in (address or "").split(",") if part.strip()]
