"""The status chart as SVG: well-formed, every title as typed, bars as long as their counts."""

import xml.etree.ElementTree as ET
from collections import Counter
from types import SimpleNamespace

from django.utils import translation

from virkplan.plans.models import FollowUpStatus
from virkplan.plans.statistics import StatusRow, StatusSummary
from virkplan.reports.charts import status_chart, status_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _summary(*areas: tuple[str, dict[FollowUpStatus, int]]) -> StatusSummary:
    rows = [
        StatusRow(
            plan_focus_area=SimpleNamespace(focus_area=SimpleNamespace(title=title)),
            counts=Counter(counts),
        )
        for title, counts in areas
    ]
    total = StatusRow(plan_focus_area=None)
    for row in rows:
        total.counts.update(row.counts)
    return StatusSummary(rows=rows, total=total)


def test_hostile_titles_make_a_well_formed_svg_that_shows_them_as_typed() -> None:
    # Given focus areas titled with markup, ampersands, dollars and backslashes
    titles = ["<script>alert(1)</script>", "Børn & unge", "Pris i $^$ kr.", "C:\\mapper\\{navn}"]
    summary = _summary(*[(title, {FollowUpStatus.MET: 1}) for title in titles])

    # When the chart is drawn
    svg = status_chart_svg(chart=status_chart(summary=summary))

    # Then it is well-formed XML (the PDF reads it as a standalone image) with no element from
    # the titles, and each title is the text of one label
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert not list(root.iter(f"{SVG}script"))
    labels = [text.text for text in root.iter(f"{SVG}text")]
    for title in titles:
        assert title in labels


def test_each_bar_is_as_long_as_its_counts_and_ends_with_its_total() -> None:
    # Given one focus area with twice the follow-ups of the other
    summary = _summary(
        ("Første", {FollowUpStatus.MET: 2, FollowUpStatus.NOT_MET: 2}),
        ("Anden", {FollowUpStatus.MET: 2}),
    )

    # When the chart is laid out, in English
    with translation.override("en"):
        chart = status_chart(summary=summary)

    # Then the statuses that occur are in the legend, in the table's order
    assert [entry.label.text for entry in chart.legend] == ["Met", "Not met"]
    # And each segment's width is in proportion to its count, the total written at the end
    first, second = chart.bars
    widths = [segment.width for segment in first.segments]
    assert widths[0] == widths[1] == second.segments[0].width
    assert [bar.total.text for bar in chart.bars] == ["4", "2"]
    end = first.segments[-1].x + first.segments[-1].width
    assert first.total.x > end
