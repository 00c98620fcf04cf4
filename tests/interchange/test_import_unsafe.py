"""A hostile JSON file is refused by its JSON path, never with a traceback, and nothing is written.

Deep nesting, a field given twice, numbers too long to store and texts over
the fields' limits, each through `virkplan import FILE.json` (the bytes of a
file) and through `document_import` (a document built in Python).
"""

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from virkplan.interchange.services import ImportRefused, document_import, parse_json
from virkplan.interchange.validation import (
    MAX_DEPTH,
    MAX_NUMBER_LENGTH,
    MAX_TEXT_LENGTH,
    schema,
)
from virkplan.plans.models import Goal, Plan
from virkplan.plans.selectors import SYSTEM_ACTOR

from .documents import danish, row_counts, small_document
from .test_import_errors import NOTHING_IMPORTED, run_cli, write

pytestmark = pytest.mark.django_db

NOT_THE_FORMAT = "The file does not follow the virkplan/1 format."
TOO_DEEP = "%(path)s: lists and objects are nested more than %(limit)s levels deep."
GIVEN_TWICE = "%(path)s: the field “%(field)s” is given more than once."
NUMBER_TOO_LONG = "%(path)s: the number is too long; a number has at most %(limit)s characters."
TOO_LONG = "%(path)s: is longer than %(limit)s characters."

GOAL = "$.plans[0].focus_areas[0].goals[0]"
VALUE = f"{GOAL}.criteria[0].target.value"


def refused_file(text: str) -> ImportRefused:
    """Read the file's text as `virkplan import` does, expecting a refusal and nothing written."""
    before = row_counts()
    with pytest.raises(ImportRefused) as caught:
        document_import(user=SYSTEM_ACTOR, document=parse_json(text.encode("utf-8")))
    assert row_counts() == before
    return caught.value


def refused_document(document: Any) -> ImportRefused:
    before = row_counts()
    with pytest.raises(ImportRefused) as caught:
        document_import(user=SYSTEM_ACTOR, document=document)
    assert row_counts() == before
    return caught.value


def deep_path(levels: int) -> str:
    return "$.provenance.x" + "[0]" * (levels - 3)


# Nesting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 100_000])
def test_a_file_nested_too_deep_is_refused_at_the_first_level_too_many(levels):
    # Given a file whose provenance holds lists inside lists, far deeper than a plan needs
    document = small_document()
    document["provenance"] = {"x": "HERE"}
    text = json.dumps(document).replace('"HERE"', "[" * (levels - 2) + "]" * (levels - 2))

    # When it is read, then it is refused naming the first list below the limit
    refusal = refused_file(text)
    assert refusal.message == danish(NOT_THE_FORMAT)
    assert refusal.errors == [danish(TOO_DEEP, path=deep_path(MAX_DEPTH + 1), limit=MAX_DEPTH)]


def test_objects_nested_too_deep_are_refused_by_their_field_names():
    text = '{"format": "virkplan/1", "units": [], "plans": [], "provenance": '
    text += '{"a": ' * 50_000 + "{}" + "}" * 50_000 + "}"
    path = "$.provenance" + ".a" * (MAX_DEPTH - 1)
    assert refused_file(text).errors == [danish(TOO_DEEP, path=path, limit=MAX_DEPTH)]


def test_a_document_built_too_deep_is_refused_before_it_is_walked():
    # Given a document built in Python with a provenance nested 5,000 levels
    nested: dict[str, Any] = {}
    for _level in range(5_000):
        nested = {"a": nested}
    document = {**small_document(), "provenance": nested}

    # When it is imported, then it is refused by path, without exhausting the stack
    path = "$.provenance" + ".a" * (MAX_DEPTH - 1)
    assert refused_document(document).errors == [danish(TOO_DEEP, path=path, limit=MAX_DEPTH)]


def _sub_goals(document: dict[str, Any], levels: int) -> dict[str, Any]:
    """Give the first goal a chain of `levels` sub-goals, the deepest with a target."""
    goal = document["plans"][0]["focus_areas"][0]["goals"][0]
    for level in range(levels):
        sub = {"key": f"sub-{level}", "statement": f"Delmål {level}.", "goals": []}
        goal["goals"] = [sub]
        goal = sub
    goal["criteria"] = [{"text": "Målt.", "target": {"comparison": "exact", "value": 1}}]
    return goal


def test_sub_goals_as_deep_as_the_limit_allows_are_imported():
    # Given a plan with sub-goals eleven levels deep, the deepest with a target at the limit
    document = small_document()
    _sub_goals(document, 11)

    # When it is imported from its file, then every sub-goal is stored
    document_import(user=SYSTEM_ACTOR, document=parse_json(json.dumps(document)))
    assert Goal.objects.filter(key__startswith="sub-").count() == 11


# Fields given twice -------------------------------------------------------------------------


def test_a_field_given_twice_is_refused_by_name_and_place():
    # Given a plan that names its title twice (a JSON reader would keep the second silently)
    text = json.dumps(small_document(), ensure_ascii=False)
    text = text.replace('"title": "Virksomhedsplan 2014"', '"title": "Kladde", "title": "Plan"')

    # When it is read, then it is refused, naming the field and the plan
    assert refused_file(text).errors == [danish(GIVEN_TWICE, path="$.plans[0]", field="title")]
    assert not Plan.objects.exists()


# Numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["9" * 5_000, "-" + "1" * 31, "1" + "0" * 400 + ".5", "0." + "3" * 40, "1.5e" + "9" * 40],
)
def test_a_number_too_long_to_store_is_refused_by_its_path(number: str):
    # Given a target value written with thousands of digits (Python refuses to read it),
    # or so long a decimal that it would be read as infinity
    text = json.dumps(small_document()).replace('"value": 9187', f'"value": {number}')

    # When it is read, then it is refused, naming the value
    assert refused_file(text).errors == [
        danish(NUMBER_TOO_LONG, path=VALUE, limit=MAX_NUMBER_LENGTH)
    ]


def test_a_number_built_too_large_is_refused_by_its_path():
    document = small_document()
    document["plans"][0]["focus_areas"][0]["goals"][0]["criteria"][0]["target"]["value"] = 10**5_000
    assert refused_document(document).errors == [
        danish(NUMBER_TOO_LONG, path=VALUE, limit=MAX_NUMBER_LENGTH)
    ]


# Texts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "path"),
    [
        (lambda d: d["plans"][0]["focus_areas"][0]["goals"][0], f"{GOAL}.statement"),
        (lambda d: d["plans"][0], "$.plans[0].follow_up_intro"),
        (lambda d: d["plans"][0]["focus_areas"][0], "$.plans[0].focus_areas[0].unit_text"),
        (lambda d: d.setdefault("provenance", {}).setdefault("/plans/0", {}), None),
    ],
)
def test_a_text_over_the_long_text_limit_is_refused(place, path):
    # Given a text one character over the limit
    document = small_document()
    holder = place(document)
    field = path.rsplit(".", 1)[1] if path else "note"
    holder[field] = "x" * (MAX_TEXT_LENGTH + 1)
    path = path or "$.provenance./plans/0.note"

    # When it is imported from its file, then it is refused by its path
    assert refused_file(json.dumps(document)).errors == [
        danish(TOO_LONG, path=path, limit=MAX_TEXT_LENGTH)
    ]


def test_a_text_at_the_long_text_limit_is_imported():
    document = small_document()
    document["plans"][0]["focus_areas"][0]["goals"][0]["statement"] = "x" * MAX_TEXT_LENGTH
    document_import(user=SYSTEM_ACTOR, document=parse_json(json.dumps(document)))
    assert Goal.objects.get(key="tm-2014-g1").statement == "x" * MAX_TEXT_LENGTH


def test_a_title_over_the_models_limit_is_refused():
    document = small_document()
    document["plans"][0]["title"] = "x" * 201
    assert refused_file(json.dumps(document)).errors == [
        danish(TOO_LONG, path="$.plans[0].title", limit=200)
    ]


# What the schema says about texts is what the models store -----------------------------------

# Each text field of the format, and the model field it is stored in.
TEXT_FIELDS = {
    ("unit", "key"): "organisation.Unit.key",
    ("unit", "name"): "organisation.Unit.name",
    ("unit", "short_name"): "organisation.Unit.short_name",
    ("unit", "formal_name"): "organisation.Unit.formal_name",
    ("unit", "facts", "label"): "organisation.UnitFact.label",
    ("unit", "facts", "unit"): "organisation.UnitFact.unit_of_measure",
    ("unit", "contact", "address"): "organisation.Unit.address",
    ("unit", "contact", "web"): "organisation.Unit.web",
    ("unit", "contact", "email"): "organisation.Unit.email",
    ("unit", "contact", "phone"): "organisation.Unit.phone",
    ("unit", "contact", "fax"): "organisation.Unit.fax",
    ("plan", "key"): "plans.Plan.key",
    ("plan", "title"): "plans.Plan.title",
    ("plan", "focus_area_intro"): "plans.Plan.focus_area_intro",
    ("plan", "follow_up_intro"): "plans.Plan.follow_up_intro",
    ("plan", "sections", "title"): "plans.Section.title",
    ("plan", "sections", "body"): "plans.Section.body",
    ("focusArea", "key"): "plans.FocusArea.key",
    ("focusArea", "title"): "plans.FocusArea.title",
    ("focusArea", "tagline"): "plans.FocusArea.tagline",
    ("focusArea", "body"): "plans.FocusArea.body",
    ("focusArea", "unit_text"): "plans.PlanFocusArea.unit_text",
    ("goal", "key"): "plans.Goal.key",
    ("goal", "ref"): "plans.Goal.ref",
    ("goal", "statement"): "plans.Goal.statement",
    ("criterion", "text"): "plans.Criterion.text",
    ("target", "unit"): "plans.Criterion.unit_of_measure",
    ("followUp", "text"): "plans.FollowUp.text",
}


def _max_length(node: dict[str, Any]) -> int | None:
    """The tightest maxLength a property's schema sets, through $ref, allOf and anyOf."""
    limits = [node["maxLength"]] if "maxLength" in node else []
    if "$ref" in node:
        limits.append(_max_length(schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]))
    for key in ("allOf", "anyOf"):
        limits += [_max_length(part) for part in node.get(key, []) if part.get("type") != "null"]
    found = [limit for limit in limits if limit is not None]
    return min(found) if found else None


def _property(path: tuple[str, ...]) -> dict[str, Any]:
    node = schema()["$defs"][path[0]]
    for name in path[1:]:
        node = node["properties"][name]
        node = node.get("items", node)
    return node


@pytest.mark.parametrize(("path", "field"), TEXT_FIELDS.items(), ids=lambda p: str(p))
def test_every_text_in_the_schema_has_the_limit_its_model_field_stores(path, field):
    app_model, name = field.rsplit(".", 1)
    model_field = apps.get_model(app_model)._meta.get_field(name)
    expected = (
        MAX_TEXT_LENGTH if isinstance(model_field, models.TextField) else model_field.max_length
    )
    assert _max_length(_property(path)) == expected


@pytest.mark.django_db(transaction=True)  # the command closes its database connection
def test_the_command_line_names_the_path_of_an_unsafe_file(tmp_path, capsys):
    # Given a file with a duplicated key and a number of 5,000 digits
    path = write(tmp_path, small_document())
    text = path.read_text(encoding="utf-8").replace('"value": 9187', '"value": ' + "9" * 5_000)
    path.write_text(text.replace('"key": "tm-2014",', '"key": "tm-2014", "key": "x",'), "utf-8")
    before = row_counts()

    # When `virkplan import FILE` runs, then it fails naming both, and nothing is imported
    status = run_cli("import", str(path))
    err = capsys.readouterr().err
    assert status != 0
    assert danish(GIVEN_TWICE, path="$.plans[0]", field="key") in err
    assert danish(NUMBER_TOO_LONG, path=VALUE, limit=MAX_NUMBER_LENGTH) in err
    assert danish(NOTHING_IMPORTED) in err
    assert "Traceback" not in err
    assert row_counts() == before
