"""Template filters and tags for printed plans."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.core import display
from virkplan.core.templatetags.virkplan import status_badge
from virkplan.plans.models import Goal

from ..selectors import PlanReport

register = template.Library()


@register.filter
def address_lines(address: str | None) -> list[str]:
    """A one-line address as the lines of a letter: "Nordmarks Allé, 2620 Albertslund"."""
    return [part.strip() for part in (address or "").split(",") if part.strip()]


@register.simple_tag
def printed_goal_status(goal: Goal, report: PlanReport) -> SafeString:
    """The goal's status at the end of its printed heading (PlanReport.printed_status): a badge
    with the status in words, and how far it has come when that is given; else nothing."""
    status = report.printed_status(goal)
    if status is None:
        return SafeString("")
    progress = ""
    if status.progress is not None:
        progress = format_html(
            ' <span class="vp-goal-progress">{}</span>',
            _("%(percent)s %% reached") % {"percent": display.number(status.progress)},
        )
    return format_html(
        ' <span class="vp-goal-status">{}{}</span>',
        status_badge(status.status, capfirst(status.label)),
        progress,
    )


# The repeated heading stands on at most two lines in the page's top margin (print.css):
# a longer statement is cut after a whole word.
CONTINUED_STATEMENT_LENGTH = 150


@register.simple_tag
def continued_goal_heading(goal: Goal) -> str:
    """The goal's heading as it is repeated at the top of a page the goal runs onto:
    "Mål: Vi vil styrke afdelingens kvalitetsstyring (fortsat)"."""
    label = _("Goal")
    if goal.ref:
        label = f"{label} {goal.ref}"
    statement = " ".join(goal.statement.split())
    if len(statement) > CONTINUED_STATEMENT_LENGTH:
        cut = statement[: CONTINUED_STATEMENT_LENGTH + 1].rsplit(" ", 1)[0]
        statement = cut.rstrip(",;:.–- ") + "…"
    return _("%(goal)s: %(statement)s (continued)") % {"goal": label, "statement": statement}
