"""Measurements read from real CSV and Excel files: the Danish dialect, plain CSV, and the
refusals, each naming its line and column."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from virkplan.indicators.upload import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    UploadRefused,
    read_measurements,
)


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_danish_csv_with_semicolons_decimal_commas_and_both_date_forms():
    data = "dato;værdi;note\n31-03-2026;1.234,5;Første kvartal\n2026-06-30;987,25;\n".encode()
    parsed = read_measurements(data=data, name="maalinger.csv")
    assert parsed.problems == []
    assert [(r.period_start, r.value, r.note) for r in parsed.rows] == [
        (datetime.date(2026, 3, 31), Decimal("1234.5"), "Første kvartal"),
        (datetime.date(2026, 6, 30), Decimal("987.25"), ""),
    ]
    assert parsed.lines == [2, 3]


def test_a_plain_csv_with_commas_and_periods_in_windows_1252():
    data = "fra,til,value\n2026-01-01,2026-03-31,12.5\n".encode("cp1252")
    parsed = read_measurements(data=data, name="x.csv")
    assert parsed.problems == []
    row = parsed.rows[0]
    assert (row.period_start, row.period_end, row.value) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
        Decimal("12.5"),
    )


def test_an_excel_workbook_with_date_cells_and_numbers():
    data = _xlsx(
        [["Dato", "Værdi"], [datetime.datetime(2026, 3, 31), 41.5], ["30-06-2026", "42,5"]]
    )
    parsed = read_measurements(data=data, name="maalinger.xlsx")
    assert parsed.problems == []
    assert [r.value for r in parsed.rows] == [Decimal("41.5"), Decimal("42.5")]


def test_a_wrong_decimal_mark_and_a_bad_date_are_named_by_line_and_column():
    data = "dato;værdi\n31-03-2026;3.79\n31-13-2026;4\n".encode()
    parsed = read_measurements(data=data, name="x.csv")
    assert parsed.problems == [
        "Linje 2, kolonne “værdi”: “3.79” er ikke et tal. Skriv det med decimalkomma, fx 1234,5.",
        "Linje 3, kolonne “dato”: “31-13-2026” er ikke en dato. Skriv den som dd-mm-åååå "
        "eller åååå-mm-dd.",
    ]
    assert parsed.rows == []


def test_a_missing_column_is_named():
    parsed = read_measurements(data=b"dato;antal\n31-03-2026;4\n", name="x.csv")
    assert parsed.problems == [
        "Linje 1: kolonnen “værdi” mangler. Første linje skal navngive kolonnerne: dato "
        "(eller fra og til), værdi og eventuelt note."
    ]


def test_the_same_period_twice_is_refused():
    parsed = read_measurements(data=b"dato;vaerdi\n31-03-2026;4\n2026-03-31;5\n", name="x.csv")
    assert parsed.problems == ["Linje 3: perioden står også på linje 2."]


def test_too_large_too_many_rows_and_not_a_workbook_are_refused_before_reading():
    with pytest.raises(UploadRefused, match="for stor"):
        read_measurements(data="dato;værdi\n".encode() + b"x" * MAX_BYTES, name="x.csv")
    rows = "".join(f"{1 + n % 28:02d}-01-{2000 + n // 28};1\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(UploadRefused, match="flere end"):
        read_measurements(data=("dato;værdi\n" + rows).encode(), name="x.csv")
    with pytest.raises(UploadRefused, match="kunne ikke læses"):
        read_measurements(data=b"PK\x03\x04not really a zip", name="x.xlsx")


def test_a_workbook_that_unpacks_to_too_much_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    assert len(out.getvalue()) < MAX_BYTES
    with pytest.raises(UploadRefused, match="for stor"):
        read_measurements(data=out.getvalue(), name="bombe.xlsx")
