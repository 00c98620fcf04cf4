"""What is exported imports again unchanged: export(import(document)) is the document."""

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from virkplan.demo.services import demo_document
from virkplan.interchange.services import document_import
from virkplan.interchange.validation import schema, schema_errors
from virkplan.plans.selectors import SYSTEM_ACTOR

from .documents import empty_database, export_all, normalise, row_counts, small_document
from .strategies import documents

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def as_json(document) -> str:
    """The document as JSON text, so that 60 and 60.0 count as different."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)


def assert_complete(exported) -> None:
    """The exporter writes every field: filling in defaults changes nothing but the plans' order."""
    by_key = sorted(exported["plans"], key=lambda plan: plan["key"])
    assert as_json(normalise(exported)) == as_json({**exported, "plans": by_key})


def test_the_demo_exported_imports_into_an_empty_database_and_exports_the_same(demo):
    # Given the demo exported
    first = export_all()

    # When the database is emptied and the export imported into it
    empty_database()
    document_import(user=SYSTEM_ACTOR, document=first)

    # Then exporting again gives the same document, to the character
    assert export_all() == first
    assert as_json(export_all()) == as_json(first)


def test_the_demo_file_is_what_the_exporter_writes_once_defaults_are_filled_in(demo):
    exported = export_all()

    assert_complete(exported)
    assert normalise(exported) == normalise(demo_document())
    assert as_json(normalise(exported)) == as_json(normalise(demo_document()))


def test_a_sections_organisation_chart_survives_export_and_import(demo):
    # Given the demo, whose "Hvem er vi?" shows the organisation chart, as the original does
    exported = export_all()
    plan = next(plan for plan in exported["plans"] if plan["key"] == "mt-2014")
    charts = {s["title"]: s["organisation_chart"] for s in plan["sections"]}
    assert charts == {"Indledning": False, "Hvem er vi?": True, "Hvorfor er vi her?": False}

    # When it is imported into an empty database and exported again
    empty_database()
    document_import(user=SYSTEM_ACTOR, document=exported)

    # Then the choice is still there, on the same section
    again = next(plan for plan in export_all()["plans"] if plan["key"] == "mt-2014")
    assert {s["title"]: s["organisation_chart"] for s in again["sections"]} == charts


def test_the_schema_takes_the_organisation_chart_as_a_boolean_only():
    document = small_document()
    document["plans"][0]["sections"] = [
        {"title": "Hvem er vi?", "body": "", "organisation_chart": True}
    ]
    assert schema_errors(document) == []
    document["plans"][0]["sections"][0]["organisation_chart"] = "ja"
    assert schema_errors(document) != []


def test_exporting_changes_nothing_in_the_database(demo):
    before = row_counts()

    export_all()

    assert row_counts() == before


@pytest.mark.django_db
def test_the_small_document_survives_import_and_export():
    document = small_document()

    document_import(user=SYSTEM_ACTOR, document=document)

    exported = export_all()
    assert_complete(exported)
    assert as_json(normalise(exported)) == as_json(normalise(document))


@EXAMPLES
@given(document=documents())
def test_generated_documents_follow_the_schema(document):
    Draft202012Validator(schema()).validate(document)
    assert schema_errors(document) == []


@pytest.mark.django_db
@EXAMPLES
@given(document=documents())
def test_generated_documents_survive_import_and_export(document):
    # Given a valid document and an empty database
    # When it is imported and everything exported (then rolled back for the next example)
    with transaction.atomic():
        result = document_import(user=SYSTEM_ACTOR, document=document)
        exported = export_all()
        transaction.set_rollback(True)

    # Then the export is the document, with defaults filled in, number for number
    assert result.warnings == []
    assert_complete(exported)
    assert normalise(exported) == normalise(document)
    assert as_json(normalise(exported)) == as_json(normalise(document))
