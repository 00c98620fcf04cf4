"""`virkplan export --format pdf|docx|xlsx|csv|json --plan KEY -o FILE`."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from virkplan.plans.models import Plan

from .conftest import PLAN_2012, PLAN_2014, danish, english, read_pdf, squash

# The demo's documents are made again and again here: each layout once (tests/layouts.py)
pytestmark = pytest.mark.usefixtures("kept_layouts")

STARTS = {"pdf": b"%PDF-", "docx": b"PK", "xlsx": b"PK", "csv": "\ufeff".encode(), "json": b"{"}


@pytest.mark.parametrize("format", list(STARTS))
def test_export_writes_one_plan_to_a_file(demo, tmp_path, format) -> None:
    # When a plan is exported to a file
    path = tmp_path / f"plan.{format}"
    err = io.StringIO()
    call_command("export", "--format", format, "--plan", PLAN_2014, "-o", str(path), stderr=err)
    # Then the file holds it, and the command says where it went, in Danish
    assert path.read_bytes().startswith(STARTS[format])
    assert danish("Wrote %(file)s.", file=path) in err.getvalue()
    # And nothing is left beside it
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_export_pdf_by_the_plans_number(demo, tmp_path) -> None:
    plan = Plan.objects.get(key=PLAN_2014)
    path = tmp_path / "plan.pdf"
    call_command("export", "--format", "pdf", "--plan", str(plan.pk), "-o", str(path))
    assert plan.title in " ".join(read_pdf(path.read_bytes()).lines[0])


def test_export_without_statuses_prints_none(demo, tmp_path) -> None:
    # When the followed-up plan is exported with and without statuses
    with_path, without_path = tmp_path / "with.pdf", tmp_path / "without.pdf"
    call_command("export", "--format", "pdf", "--plan", PLAN_2012, "-o", str(with_path))
    call_command(
        "export",
        "--format",
        "pdf",
        "--plan",
        PLAN_2012,
        "--without-statuses",
        "-o",
        str(without_path),
    )
    # Then only the first has the status overview
    overview = squash(danish("Status overview"))
    assert overview in read_pdf(with_path.read_bytes()).body_text()
    assert overview not in read_pdf(without_path.read_bytes()).body_text()


def test_binary_formats_go_to_stdout_when_it_is_a_file_or_pipe(demo) -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export", "--format", "xlsx", "--plan", PLAN_2014, stdout=out)
    out.flush()
    workbook = load_workbook(io.BytesIO(out.buffer.getvalue()))
    assert workbook.worksheets[0].max_row > 60


def test_binary_formats_are_refused_on_a_text_only_stdout(demo) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("export", "--format", "pdf", "--plan", PLAN_2014, stdout=io.StringIO())
    assert "-o" in str(refused.value)


def test_csv_goes_to_stdout_as_text(demo) -> None:
    out = io.StringIO()
    call_command("export", "--format", "csv", "--plan", PLAN_2014, stdout=out)
    assert out.getvalue().startswith(f"{danish('Plan')};")


def test_plain_csv_and_english_headings(demo) -> None:
    out = io.StringIO()
    call_command(
        "export",
        "--format",
        "csv",
        "--plan",
        PLAN_2014,
        "--plain-csv",
        "--language",
        "en",
        stdout=out,
    )
    header = out.getvalue().splitlines()[0].split(",")
    assert header[:2] == [english("Plan"), english("Unit")]


def test_unknown_format_is_refused_in_danish(demo) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("export", "--format", "odt", "--plan", PLAN_2014)
    assert str(refused.value) == danish(
        "Unknown format “%(format)s”; choose one of %(formats)s.",
        format="odt",
        formats="pdf, docx, xlsx, csv, json",
    )


def test_unknown_plan_is_refused_in_danish(demo) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("export", "--format", "pdf", "--plan", "findes-ikke", "-o", "x.pdf")
    assert str(refused.value) == danish(
        "No plan has the key or number “%(plan)s”.", plan="findes-ikke"
    )


@pytest.mark.parametrize("plans", [[], ["--plan", PLAN_2014, "--plan", "mtf-2012-2013"]])
def test_a_document_format_needs_exactly_one_plan(demo, tmp_path, plans) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("export", "--format", "docx", *plans, "-o", str(tmp_path / "x.docx"))
    assert str(refused.value) == danish(
        "A %(format)s file holds one plan: name it with --plan KEY.", format="DOCX"
    )
    assert not (tmp_path / "x.docx").exists()


def test_unknown_language_is_refused(demo) -> None:
    with pytest.raises(CommandError):
        call_command("export", "--format", "csv", "--plan", PLAN_2014, "--language", "fr")


def test_json_of_several_plans_is_unchanged(demo) -> None:
    out = io.StringIO()
    call_command(
        "export", "--format", "json", "--plan", PLAN_2014, "--plan", "mtf-2012-2013", stdout=out
    )
    assert [p["key"] for p in json.loads(out.getvalue())["plans"]] == [PLAN_2014, "mtf-2012-2013"]
