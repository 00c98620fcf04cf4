"""Links and addresses for pages that list many items: `{% item_url %}`, `{% plan_link %}`."""

import re
from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator, capfirst

from virkplan.core.display import content_lang_attribute
from virkplan.core.templatetags.virkplan import icon

register = template.Library()


# Arguments reverse() puts into an address as they are: keys (slugs) and ids.
_PLAIN_ARGUMENT = re.compile(r"[-a-zA-Z0-9_]+\Z")
# Stand-ins that every slug or number converter accepts and no fixed part of a path holds.
_STAND_INS = tuple(f"9876543210{n}" for n in range(4))


@register.simple_tag
def item_url(name: str, *args: Any) -> str:
    """`{% url %}` for pages that link every item they list (the editing page, the front
    page): the same address, built from the pattern's shape instead of walking the URL
    resolver each time.

    reverse() costs about 15 µs, and the editing page of a large plan asks for a thousand
    addresses (edit, move and delete for every goal and criterion). The shape is the address
    reversed once with stand-ins for the arguments; arguments other than keys and ids, or a
    pattern whose shape cannot be told, go through reverse() as before.
    """
    texts = [str(arg) for arg in args]
    if len(texts) > len(_STAND_INS) or not all(_PLAIN_ARGUMENT.match(t) for t in texts):
        return reverse(name, args=args)
    parts = _url_shape(name, len(texts), get_script_prefix(), get_urlconf())
    if parts is None:
        return reverse(name, args=args)
    address = [parts[0]]
    for text, part in zip(texts, parts[1:], strict=True):
        address += [text, part]
    return "".join(address)


@lru_cache(maxsize=256)
def _url_shape(name: str, arity: int, prefix: str, urlconf: str | None) -> tuple[str, ...] | None:
    """The fixed parts of a pattern's address around its arguments, in order; None if the
    stand-ins do not come back once each and in order."""
    address = reverse(name, args=_STAND_INS[:arity], urlconf=urlconf)
    parts = []
    for stand_in in _STAND_INS[:arity]:
        before, found, address = address.partition(stand_in)
        if not found or stand_in in address:
            return None
        parts.append(before)
    return (*parts, address)


@register.simple_tag
def plan_link(plan: Any) -> SafeString:
    """A plan in a list of plans: its title as a link, its period and its status.

    A tag rather than template lines: the front page lists several hundred plans.
    """
    return format_html(
        '{}<a href="{}"{}>{}</a> <span class="vp-muted">{} · {}</span>',
        icon("document"),
        item_url("web:plan", plan.key),
        content_lang_attribute(),
        plan.title,
        plan.period_label,
        capfirst(plan.status_label),
    )


@register.simple_tag
def search_hit_link(hit: Any) -> SafeString:
    """Where a search hit leads, as a link: the plan (its focus areas, for a focus area), or
    the goal's page for a goal (its snippet as the link), a success criterion and a follow-up
    (named by the goal)."""
    document = hit.document
    if document.goal_key:
        address = item_url("web:goal", document.goal_key)
        name = hit.goal_statement or document.title
    else:
        address = item_url("web:plan", hit.plan.key)
        if document.kind == "focus_area":
            address += "#focus-areas"
        name = document.title or hit.plan.title
    # A goal's text is short: the link shows it whole, its matching words marked.
    shown = hit.snippet if document.kind == "goal" else Truncator(name).words(16)
    return format_html('<a href="{}"{}>{}</a>', address, content_lang_attribute(), shown)
