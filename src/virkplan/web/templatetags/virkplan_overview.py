"""The overview's bar per plan: its goals by status, side by side, as a small SVG.

The numbers are in the table beside it; the bar repeats them as a picture, named in words
for screen readers ("3 met, 16 not followed up"). Drawn with SVG attributes, not styles,
which the Content-Security-Policy allows; the status colours are the status chart's.
"""

from django import template
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from virkplan.core.display import number
from virkplan.plans.goal_status import NOT_FOLLOWED_UP
from virkplan.plans.overview import OverviewRow
from virkplan.reports.charts import STATUS_COLOURS

register = template.Library()

# A goal nobody has followed up is drawn paler than one followed up and "not assessed".
COLOURS = {**STATUS_COLOURS, NOT_FOLLOWED_UP: "#c8c8c8"}
WIDTH = 100  # the SVG's own units: each segment's width is its share in per cent


@register.simple_tag
def status_bar(row: OverviewRow) -> SafeString:
    """The plan's goals by status as a bar, or nothing when it has none."""
    parts = row.parts
    total = row.goals
    if not total:
        return mark_safe("")
    words = ", ".join(
        _("%(count)s %(status)s") % {"count": number(part.count), "status": part.label}
        for part in parts
    )
    name = _("Goals by status: %(counts)s") % {"counts": words}
    rects, x = [], 0.0
    for part in parts:
        width = WIDTH * part.count / total
        rects.append(
            f'<rect x="{x:.3f}" y="0" width="{width:.3f}" height="10" '
            f'fill="{COLOURS[part.status]}"></rect>'
        )
        x += width
    return mark_safe(  # the words are escaped; the rest is numbers and fixed colours
        f'<svg class="vp-overview-bar" viewBox="0 0 {WIDTH} 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(name)}" focusable="false">'
        f"{''.join(rects)}</svg>"
    )
