"""The overview's table body: each unit's plans, a row each, with a bar of their goals by status.

A tag rather than template lines: the whole municipality is several hundred plans of a dozen
cells each. The numbers are in the cells; the bar repeats them as a picture, named in words
for screen readers ("3 opfyldt, 16 ikke fulgt op"). It is drawn with SVG attributes, not
styles, which the Content-Security-Policy allows; the status colours are the status chart's.
Each count above nought links to the goals it counts (the page web:overview-goals, with the
overview's filters, the plan and the status); the table's headers name what it counts.
"""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from virkplan.core.display import content_lang_attribute, long_date, number
from virkplan.core.templatetags.virkplan import icon
from virkplan.plans.goal_status import GOAL_STATUS_ORDER, NOT_FOLLOWED_UP, goal_status_label
from virkplan.plans.models import PlanStatus
from virkplan.plans.overview import OverviewRow, UnitRows
from virkplan.reports.charts import STATUS_COLOURS

from .virkplan_cycle import PLAN_STATUS_VARIANTS
from .virkplan_links import item_url

register = template.Library()

# A goal nobody has followed up is drawn paler than one followed up and "not assessed".
COLOURS = {**STATUS_COLOURS, NOT_FOLLOWED_UP: "#c8c8c8"}
WIDTH = 100  # the SVG's own units: each segment's width is its share in per cent
COLUMNS = 6 + len(GOAL_STATUS_ORDER)  # plan, plan status, goals, bar, statuses, date, overdue


def _count(value: int) -> str:
    """A count as display.number writes it. Below a thousand that is its digits in every
    language, and the page has thousands of counts: display.number looks the active
    language's format up each time, which was half of drawing the table."""
    return str(value) if 0 <= value < 1000 else number(value)


@dataclass(frozen=True)
class _Words:
    """The table's words in the active language, looked up once for all its rows."""

    status_page: str = field(default_factory=lambda: escape(_("Status overview")))
    not_yet: str = field(default_factory=lambda: escape(_("Not yet")))
    nothing: str = field(default_factory=lambda: escape(_("Nothing")))
    warning: str = field(default_factory=lambda: icon("warning"))
    count: str = field(default_factory=lambda: _("%(count)s %(status)s"))
    bar: str = field(default_factory=lambda: _("Goals by status: %(counts)s"))
    goal_statuses: dict[str, str] = field(
        default_factory=lambda: {status: goal_status_label(status) for status in GOAL_STATUS_ORDER}
    )
    plan_statuses: dict[str, str] = field(
        default_factory=lambda: {
            status: escape(capfirst(label)) for status, label in PlanStatus.choices
        }
    )


def status_bar(row: OverviewRow, words: _Words) -> str:
    """The plan's goals by status as a bar, named in words; nothing when it has no goals."""
    parts = row.parts
    total = row.goals
    if not total:
        return ""
    counts = ", ".join(
        words.count % {"count": _count(part.count), "status": words.goal_statuses[part.status]}
        for part in parts
    )
    rects, x = [], 0.0
    for part in parts:
        width = WIDTH * part.count / total
        rects.append(
            f'<rect x="{x:.3f}" y="0" width="{width:.3f}" height="10" '
            f'fill="{COLOURS[part.status]}"></rect>'
        )
        x += width
    # The name is escaped; the rest is numbers and fixed colours.
    return (
        f'<svg class="vp-overview-bar" viewBox="0 0 {WIDTH} 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(words.bar % {"counts": counts})}" focusable="false">'
        f"{''.join(rects)}</svg>"
    )


def goals_address(query: str) -> str:
    """The address of the goal list with the overview's filters `query` (status and plan left
    out), ready for a plan's key and a status to be added."""
    return f"{reverse('web:overview-goals')}?{query + '&' if query else ''}plan="


@register.simple_tag
def overview_groups(groups: list[UnitRows], goals_query: str = "") -> SafeString:
    """A <tbody> for each unit: its name as the rows' heading, then a row for each plan.

    `goals_query`: the overview's filters but the status, for the counts' links."""
    lang = content_lang_attribute()
    words = _Words()
    goals = goals_address(goals_query)
    html = []
    for group in groups:
        unit = group.unit
        html.append(
            f'<tbody><tr class="vp-overview-unit"><th scope="rowgroup" colspan="{COLUMNS}">'
            f'<a href="{item_url("web:unit", unit.key)}"{lang}>{escape(unit.name)}</a></th></tr>'
        )
        html.extend(_row(row, unit.name, lang, words, goals) for row in group.rows)
        html.append("</tbody>")
    return mark_safe("".join(html))  # every text escaped above and in _row


def _row(row: OverviewRow, unit_name: str, lang: str, words: _Words, goals: str) -> str:
    plan = row.plan
    title = escape(plan.title)
    period = ""
    if plan.period_label not in plan.title:
        period = f' <span class="vp-muted">{plan.period_label}</span>'
    # The row's address once; a status (a fixed word) completes it for each count.
    address = escape(f"{goals}{plan.key}&status=")
    cells = "".join(
        f'<td class="vp-num"><a href="{address}{cell.status}">{_count(cell.count)}</a></td>'
        if cell.count
        else '<td class="vp-num vp-zero">0</td>'
        for cell in row.cells
    )
    last: str = f'<span class="vp-muted">{words.not_yet}</span>'
    if row.last_follow_up:
        last = escape(long_date(row.last_follow_up))
    return (
        f'<tr><th scope="row" class="vp-overview-plan">'
        f'<a href="{item_url("web:plan", plan.key)}"{lang}>{title}</a>{period}'
        f' <a class="vp-overview-status-link" href="{item_url("web:plan-status", plan.key)}">'
        f'{words.status_page}<span class="sr-only">: <span{lang}>{title}, {escape(unit_name)}'
        f"</span></span></a></th>"
        f'<td><span class="badge vp-plan-status {PLAN_STATUS_VARIANTS.get(plan.status, "")}">'
        f"{words.plan_statuses[plan.status]}</span></td>"
        f'<td class="vp-num">{_count(row.goals)}</td>'
        f'<td class="vp-overview-bar-cell">{status_bar(row, words)}</td>'
        f"{cells}<td>{last}</td><td>{_overdue(row, words)}</td></tr>"
    )


def _overdue(row: OverviewRow, words: _Words) -> str:
    if not row.overdue:
        return f'<span class="vp-muted">{words.nothing}</span>'
    items = []
    if row.round_overdue:
        text = _("Follow-up round open since %(date)s") % {"date": long_date(row.open_round_since)}
        items.append(f"<li>{words.warning}{escape(text)}</li>")
    if row.overdue_goals:
        text = ngettext(
            "%(counter)s goal not followed up, due %(date)s",
            "%(counter)s goals not followed up, due %(date)s",
            row.overdue_goals,
        ) % {"counter": _count(row.overdue_goals), "date": long_date(row.follow_up_due)}
        items.append(f"<li>{words.warning}{escape(text)}</li>")
    return f'<ul class="nobullet-list vp-overview-overdue">{"".join(items)}</ul>'
