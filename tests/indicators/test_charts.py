"""The chart of an indicator: measured values and the path to the target as SVG, the same
numbers as a table, the name escaped; on the goal page and in the PDF."""

import base64
import datetime
import re
from decimal import Decimal

from virkplan.indicators.charts import chart_item, chart_rows
from virkplan.indicators.selectors import criteria_progress, measurements_of
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.reports.pdf import plan_html
from virkplan.reports.selectors import plan_report

from .worlds import make_indicator


def test_the_chart_draws_each_measurement_and_the_path_and_escapes_the_name(editing, indicator):
    indicator.name = 'Udlån <script>alert("x")</script> & $1'
    progress = criteria_progress([editing.criterion])[editing.criterion.pk]
    item = chart_item(
        id="c", indicator=indicator, measurements=progress.measurements, progress=progress
    )
    svg = str(item.svg)
    assert "<script>" not in svg
    assert "Udlån &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; $1" in svg
    assert svg.count("<circle") == 2
    # the path from 20 at the end of 2025 to 60 at the end of 2026, drawn dashed
    assert re.search(r'class="vp-chart-target" points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"', svg)
    assert "stroke-dasharray" in svg
    labels = re.findall(r"<title>([^<]*)</title>", svg)
    assert "Målt 30.06.2026: 38 udlån" in labels
    assert "Vejen til måltallet 31.12.2026: 60 udlån" in labels
    rows = chart_rows(measurements=progress.measurements, path=progress.path)
    assert [(r.period, r.value, r.expected) for r in rows] == [
        ("31.03.2026", "30", "29,86"),
        ("30.06.2026", "38", "39,84"),
    ]


def test_an_indicator_alone_draws_its_measurements_without_a_path(editing):
    indicator = make_indicator(editing, name="Vandforbrug", unit_of_measure="m³")
    from virkplan.indicators import services

    services.measurement_record(
        user=SYSTEM_ACTOR,
        indicator=indicator,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        value=Decimal("104800"),
    )
    item = chart_item(id="c", indicator=indicator, measurements=measurements_of(indicator))
    assert "vp-chart-target" not in item.svg and item.svg.count("<circle") == 1
    assert [r.period for r in item.rows] == ["01.01.2026–31.12.2026"]


def test_the_pdf_prints_the_measured_criteria_with_chart_and_table(demo):
    html = plan_html(plan_report(user=SYSTEM_ACTOR, key="mt-2014"))
    assert html.count('class="vp-indicator-chart-image"') == 4  # four criteria are measured
    image = re.search(
        r'class="vp-indicator-chart-image" src="data:image/svg\+xml;base64,([^"]+)"', html
    )
    svg = base64.b64decode(image.group(1)).decode()
    assert "<circle" in svg and "IBM Plex Sans" in svg
    assert "Målt med nøgletal" in html
    assert "<caption>Udlån af testelcykler: målt mod måltal</caption>" in html
    assert "Måltallet er nået" in html  # 62 loans of 60
