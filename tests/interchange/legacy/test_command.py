"""`virkplan import FILE` for old plan documents: report, JSON, or straight into the database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from virkplan.interchange.validation import schema_errors
from virkplan.plans.models import Goal, Plan

from .hostile import pdf_with_an_inflating_stream

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "albertslund-miljo-teknik-2014.txt"


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("da"):
        call_command("import_plans", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_reports_what_the_reference_holds_and_writes_nothing():
    printed = run(str(REFERENCE), "--dry-run")
    assert "2 plan(er), 8 indsatsområde(r), 35 mål" in printed
    assert "Intet blev skrevet i databasen" in printed
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_lists_the_items_to_check_with_page_and_line():
    printed = run(str(REFERENCE), "--dry-run")
    assert "side 15, linje 776: Dokumentation: «Kommuneplan 2013" in printed
    assert "afbrudt af den anden spalte" in printed


@pytest.mark.django_db
def test_output_writes_valid_interchange_json_with_provenance(tmp_path):
    target = tmp_path / "plan.json"
    run(str(REFERENCE), "-o", str(target), "--unit", "miljo-teknik")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert schema_errors(document) == []
    assert [p["period"] for p in document["plans"]] == [
        {"start": 2014, "end": 2014},
        {"start": 2012, "end": 2013},
    ]
    first_goal = document["provenance"]["/plans/0/focus_areas/0/goals/0"]
    assert (first_goal["page"], first_goal["line"]) == (7, 298)
    assert Plan.objects.count() == 0


def test_import_into_the_database_needs_a_unit(tmp_path):
    with pytest.raises(CommandError, match="--unit"):
        run(str(REFERENCE))


def test_import_writes_the_plans_for_the_unit(demo):
    Plan.objects.all().delete()
    printed = run(str(REFERENCE), "--unit", "miljo-teknik")
    assert "Importerede 2 plan(er)" in printed
    assert Plan.objects.filter(unit__key="miljo-teknik").count() == 2
    assert Goal.objects.count() == 35


def test_an_unknown_unit_is_refused_and_nothing_is_written(db):
    with pytest.raises(CommandError) as refused:
        run(str(REFERENCE), "--unit", "findes-ikke")
    assert "findes-ikke" in str(refused.value)
    assert Plan.objects.count() == 0


def test_an_unreadable_file_is_refused_with_the_reason(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError) as refused:
        run(str(empty), "--dry-run")
    assert "tom" in str(refused.value).lower()
    assert "Intet blev importeret" in str(refused.value)


@pytest.mark.django_db
def test_a_limit_refuses_a_document_and_its_option_raises_it(tmp_path):
    # Given the reference plan (1,764 lines) read with at most 1,000 lines
    with pytest.raises(CommandError) as refused:
        run(str(REFERENCE), "--dry-run", "--max-lines", "1000")
    # Then it is refused naming the limit
    assert "mere end 1.000 linjer" in str(refused.value)
    # And with the limit raised it is read
    assert "35 mål" in run(str(REFERENCE), "--dry-run", "--max-lines", "2000")


@pytest.mark.django_db
def test_a_document_beyond_the_memory_limit_is_refused_with_the_options_that_raise_it(tmp_path):
    # Given a PDF whose content stream inflates to a gigabyte
    bomb = tmp_path / "bombe.pdf"
    bomb.write_bytes(pdf_with_an_inflating_stream(2**30))
    # When it is read with 512 MB of memory
    with pytest.raises(CommandError) as refused:
        run(str(bomb), "--dry-run", "--memory-limit", "512")
    # Then it is refused as too large or complex, naming the options, and nothing is written
    message = str(refused.value)
    assert "for stort eller for komplekst" in message and "512 MB" in message
    assert "--time-limit og --memory-limit" in message
    assert "Intet blev importeret" in message
    assert Plan.objects.count() == 0
