"""The indicator pages: list, the indicator with its chart and table, entry by hand, upload with
preview then confirmation, corrections with history, and the goal page's progress."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.indicators.worlds import measured_indicator
from virkplan.indicators.models import Measurement, Source


@pytest.fixture
def indicator(editing):
    return measured_indicator(editing)


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_the_list_needs_sign_in_and_shows_the_latest_value(client, editing, indicator):
    assert client.get(reverse("web:indicators")).status_code == 302
    client.force_login(editing.users["reader"])
    html = _page(client, reverse("web:indicators"))
    assert "Udlån af elcykler" in html and "38 udlån" in html
    assert "Nyt nøgletal" not in html  # a reader creates none
    client.force_login(editing.users["editor"])
    assert "Nyt nøgletal" in _page(client, reverse("web:indicators"))


def test_the_indicator_page_draws_the_chart_with_its_table(client, editing, indicator):
    client.force_login(editing.users["reader"])
    html = _page(client, reverse("web:indicator", args=[indicator.key]))
    svg = re.search(r"<svg[^>]*vp-indicator-chart.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert svg.count("<circle") == 2  # the two measurements
    assert 'class="vp-chart-target"' in svg  # the path from 20 to 60
    table = re.search(
        r'<table class="table table--compact vp-indicator-table">.*?</table>', html, re.S
    )
    assert "<caption>" in table.group(0)
    assert "<td>38</td>" in table.group(0) and "<td>39,84</td>" in table.group(0)
    assert "45 % af vejen" in html
    assert "Nej: bagud" in html
    assert "Registrér en måling" not in html  # a reader records nothing


def test_an_editor_records_a_measurement_by_hand(client, editing, indicator):
    client.force_login(editing.users["editor"])
    url = reverse("web:measurement-add", args=[indicator.key])
    response = client.post(url, {"period_start": "2026-09-30", "value": "44,5", "note": "Q3"})
    assert response.status_code == 302
    measurement = Measurement.objects.get(period_start=datetime.date(2026, 9, 30))
    assert (
        measurement.value == Decimal("44.5") and measurement.recorded_by == editing.users["editor"]
    )
    refused = client.post(url, {"period_start": "2026-09-30", "value": "fire"})
    assert refused.status_code == 400
    assert "Skriv et tal" in refused.content.decode()


def test_a_correction_shows_the_earlier_value_in_the_history(client, editing, indicator):
    client.force_login(editing.users["editor"])
    measurement = Measurement.objects.get(period_start=datetime.date(2026, 6, 30))
    url = reverse("web:measurement-correct", args=[indicator.key, measurement.pk])
    response = client.post(url, {"value": "39", "note": "Rettet", "version": "1"})
    assert response.status_code == 302
    html = _page(client, url)
    assert "<td>38</td>" in html and "<td>39</td>" in html
    stale = client.post(url, {"value": "40", "note": "", "version": "1"})
    assert stale.status_code == 409


def _upload(client, measured, content: bytes, name: str):
    url = reverse("web:measurement-upload", args=[measured.key])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_an_upload_is_previewed_and_stored_only_when_confirmed(client, editing, indicator):
    client.force_login(editing.users["editor"])
    content = "dato;værdi;note\n30-06-2026;40;Rettet\n30-09-2026;1.045,5;\n".encode()
    response = _upload(client, indicator, content, "kvartaler.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 ny, 1 retter en gemt værdi" in html
    assert Measurement.objects.count() == 2  # nothing stored yet
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    confirm = reverse("web:measurement-upload-confirm", args=[indicator.key])
    assert client.post(confirm, {"payload": payload + "x"}).status_code == 302
    assert Measurement.objects.count() == 2  # a changed payload stores nothing
    assert client.post(confirm, {"payload": payload}).status_code == 302
    stored = {m.period_end: m for m in Measurement.objects.all()}
    assert stored[datetime.date(2026, 9, 30)].value == Decimal("1045.5")
    assert stored[datetime.date(2026, 9, 30)].source == Source.UPLOADED
    assert stored[datetime.date(2026, 6, 30)].value == Decimal("40")
    assert stored[datetime.date(2026, 6, 30)].history.count() == 2


def test_a_broken_upload_lists_its_lines_and_stores_nothing(client, editing, indicator):
    client.force_login(editing.users["editor"])
    content = "dato;værdi\n30-09-2026;12\n31-12-2026;12.5\n".encode()
    response = _upload(client, indicator, content, "fejl.csv")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Linje 3, kolonne “værdi”" in html
    assert 'name="payload"' not in html
    assert Measurement.objects.count() == 2


def test_an_unreadable_file_is_refused_at_the_field(client, editing, indicator):
    client.force_login(editing.users["editor"])
    response = _upload(client, indicator, b"PK\x03\x04garbage", "fil.xlsx")
    assert response.status_code == 400
    assert "kunne ikke læses som CSV eller Excel" in response.content.decode()


def test_an_editor_creates_an_indicator_and_links_a_criterion(client, editing):
    client.force_login(editing.users["editor"])
    response = client.post(
        reverse("web:indicator-create"),
        {
            "name": "Vandforbrug",
            "unit_of_measure": "m³",
            "direction": "lower",
            "frequency": "yearly",
            "source": "entered",
            "unit": editing.department.pk,
        },
    )
    assert response.status_code == 302
    key = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    link = reverse("web:indicator-criterion", args=[key])
    assert client.post(link, {"criterion": editing.criterion.pk}).status_code == 302
    html = _page(client, reverse("web:goal", args=[editing.goal.key]))
    assert "Vandforbrug" in html and "ikke målt endnu" in html


def test_the_goal_page_shows_progress_and_chart(client, editing, indicator):
    client.force_login(editing.users["reader"])
    html = _page(client, reverse("web:goal", args=[editing.goal.key]))
    assert "45 % af vejen" in html
    assert "<svg" in html and "vp-indicator-table" in html


def test_an_excel_upload_is_previewed_and_stored(client, editing, indicator):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Fra", "Til", "Værdi", "Note"])
    workbook.active.append(
        [datetime.datetime(2026, 7, 1), datetime.datetime(2026, 9, 30), 47.25, "Q3"]
    )
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(editing.users["editor"])
    response = _upload(client, indicator, content.getvalue(), "kvartal.xlsx")
    html = response.content.decode()
    assert response.status_code == 200 and "47,25" in html
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    confirm = reverse("web:measurement-upload-confirm", args=[indicator.key])
    client.post(confirm, {"payload": payload})
    stored = Measurement.objects.get(period_end=datetime.date(2026, 9, 30))
    assert (stored.period_start, stored.value, stored.note) == (
        datetime.date(2026, 7, 1),
        Decimal("47.25"),
        "Q3",
    )


def test_a_file_too_large_is_refused_and_nothing_is_stored(client, editing, indicator):
    from virkplan.indicators.upload import MAX_BYTES

    client.force_login(editing.users["editor"])
    content = "dato;værdi\n".encode() + b"30-09-2026;1\n" * (MAX_BYTES // 12)
    response = _upload(client, indicator, content, "stor.csv")
    assert response.status_code == 400
    assert "Filen er for stor: højst 2 MB." in response.content.decode()
    assert Measurement.objects.count() == 2


def test_an_anonymous_reader_sees_a_published_goal_s_progress_without_the_link(client, demo):
    html = _page(client, reverse("web:goal", args=["mt-2014-g03"]))
    assert "Målt med nøgletal" in html and "Måltallet er nået" in html
    assert "/noegletal/" not in html  # the indicator's page takes a sign-in
