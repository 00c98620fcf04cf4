"""The display filters for templates: numbers, targets, Markdown and the texts' language.

Thin wrappers over virkplan.core.display, so pages and the PDF's templates
show a value exactly as Word, the spreadsheets and the history do.
"""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.core import display

register = template.Library()


@register.simple_tag
def icon(name: str, extra_class: str = "") -> SafeString:
    """An icon from Det Fælles Designsystem's sprite, hidden from screen readers (the text
    beside it says what it means): `{% icon "edit" %}`, `{% icon "error" "alert-icon" %}`.

    Each icon is drawn once and kept: editing pages show one on every button.
    """
    return _icon(name, extra_class, settings.STATIC_URL)


@lru_cache(maxsize=256)
def _icon(name: str, extra_class: str, static_url: str) -> SafeString:
    classes = f"icon-svg {extra_class}" if extra_class else "icon-svg"
    return format_html(
        '<svg class="{}" focusable="false" aria-hidden="true"><use href="{}#{}"></use></svg>',
        classes,
        static("dkfds/img/all-svg-icons.svg"),
        name,
    )


@register.filter
def markdown(text: str | None) -> SafeString:
    """User Markdown as sanitised HTML (display.markdown_html)."""
    return display.markdown_html(text)


@register.filter
def long_date(value) -> str:
    """A calendar date in words in the active language ("1. juli 2014"), as display.long_date."""
    return display.long_date(value)


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


@register.simple_tag
def status_badge(status: str, label: str) -> SafeString:
    """A follow-up's status as a badge, its word always beside its colour (pages and PDFs).

    A tag rather than an included template: a plan page shows hundreds of them.
    """
    return mark_safe(
        f'<span class="badge vp-status vp-status-{escape(status)}">{escape(label)}</span>\n'
    )


@register.simple_tag
def goal_status(status, *, dated: bool = False) -> SafeString:
    """A goal's status as a whole (plans.goal_status.GoalStatus): Det Fælles Designsystem's
    badge with an icon and the status in words, and how far it has come when that is given;
    `dated` adds the date it was set."""
    variant, icon_name = status.look
    words = escape(capfirst(status.label))
    name = escape(_("Status:"))
    parts = [
        f'<span class="badge vp-goal-status {variant}">'
        f"{_icon(icon_name, '', settings.STATIC_URL)}"
        f'<span class="sr-only">{name} </span>{words}</span>'
    ]
    if status.progress is not None:
        reached = escape(_("%(percent)s %% reached") % {"percent": display.number(status.progress)})
        parts.append(
            f' <span class="vp-goal-progress"><progress max="100" value="{status.progress}"'
            f' aria-hidden="true"></progress> {reached}</span>'
        )
    if dated and status.date:
        when = _("as of %(date)s") % {"date": display.long_date(status.date)}
        parts.append(f' <span class="vp-muted">{escape(when)}</span>')
    return mark_safe("".join(parts))  # each part escaped above


@register.simple_tag
def follow_up_entry(follow_up, *, in_print: bool = False) -> SafeString:
    """A follow-up in the documentation table: its status badge, date and text (pages and PDFs).

    `in_print`: no badge, as a printed goal's heading carries its one status (reports).

    A tag rather than template lines: a plan page shows hundreds, and each template line is a
    node the engine resolves for every one of them.
    """
    date = ""
    if follow_up.date:
        date = f' <span class="vp-muted">{escape(display.long_date(follow_up.date))}</span>'
    badge = "" if in_print else status_badge(follow_up.status, follow_up.status_label)
    heading = f'            <p class="vp-followup-status">{badge}{date}</p>\n'
    # Each part is escaped here or is HTML made safe by the display layer (the Markdown).
    return mark_safe(
        '\n          <div class="vp-followup">\n'
        f"{heading if badge or date else ''}"
        f'            <div class="vp-followup-text"{display.content_lang_attribute()}>'
        f"{display.markdown_html(follow_up.text)}</div>\n"
        "          </div>\n        "
    )


@register.simple_tag
def criterion_text(criterion: display.Target) -> SafeString:
    """A success criterion's text with its target in words (pages and PDFs), as a tag: a plan
    page shows hundreds of them."""
    target = ""
    if getattr(criterion, "has_target", False):
        target = format_html(
            ' <span class="vp-target"><span class="sr-only">{} </span>{}</span>',
            _("Target:"),
            display.target(criterion),
        )
    return format_html(
        '<p class="vp-criterion"><span{}>{}</span>{}</p>\n',
        display.content_lang_attribute(),
        criterion.text,  # type: ignore[attr-defined]
        target,
    )
