"""Charts drawn with matplotlib as SVG, inlined in pages (and later in PDFs)."""

import io
import re

import matplotlib

matplotlib.use("Agg")

from django.utils.safestring import SafeString, mark_safe  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from virkplan.plans.statistics import StatusSummary  # noqa: E402

# Colours chosen for at least 3:1 contrast against white and against each other's labels.
STATUS_COLOURS = {
    "met": "#1b7f3b",
    "partly_met": "#6a9e1f",
    "in_progress": "#0059b3",
    "postponed": "#b36200",
    "not_met": "#b51d1d",
    "dropped": "#5c5c5c",
    "not_assessed": "#8a8a8a",
}


def status_chart_svg(*, summary: StatusSummary) -> SafeString:
    """A horizontal stacked bar per focus area: follow-ups by status, as inline SVG."""
    rows = summary.rows
    labels = [str(row.plan_focus_area.focus_area.title) for row in rows]
    figure = Figure(figsize=(8, 0.6 * len(rows) + 1.4), dpi=100)
    axes = figure.add_subplot()
    lefts = [0] * len(rows)
    for status in summary.statuses:
        values = [row.counts.get(status, 0) for row in rows]
        if not any(values):
            continue
        axes.barh(labels, values, left=lefts, color=STATUS_COLOURS[status.value],
                  label=str(status.label), edgecolor="white", linewidth=0.8)
        lefts = [left + value for left, value in zip(lefts, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(_("Number of follow-ups"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    if summary.has_follow_ups:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(rows) < 4 else -0.18),
                    ncol=4, frameon=False, fontsize=9)
    figure.tight_layout()
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "sans-serif"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    # The chart is described by the table beside it; screen readers get a label, not the shapes.
    svg = re.sub(r"<svg ", '<svg role="img" aria-labelledby="status-chart-title" focusable="false" ', svg, count=1)
    svg = re.sub(r'width="[\d.]+pt" height="[\d.]+pt"', 'width="100%"', svg, count=1)
    return mark_safe(svg)  # noqa: S308 - drawn by matplotlib from counts and escaped labels
