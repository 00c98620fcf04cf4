"""The quick schema check (jsonschema-rs) never accepts a document that jsonschema refuses.

`schema_errors` skips jsonschema when the quick check says a document
follows the schema, so a wrong yes would let a broken file through. Every
document here is a valid one with one thing changed: a field removed, added,
or given a value of another kind.
"""

import copy
from collections.abc import Iterator
from typing import Any

from virkplan.interchange.validation import _quick_check, _validator, schema_errors

from .documents import small_document

ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    2020.0,
    10**6,
    "",
    " ",
    "x" * 300,
    "not a key!",
    "2024-13",
    [],
    [1, 1],
    [True],
    {},
    {"x": 1},
]


def _places(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _places(item, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _changed(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The document with one value replaced, one field removed, or one field added."""
    for path in list(_places(document))[1:]:
        *parent_path, last = path
        for value in ODD_VALUES:
            changed = copy.deepcopy(document)
            parent = changed
            for part in parent_path:
                parent = parent[part]
            parent[last] = value
            yield changed
        changed = copy.deepcopy(document)
        parent = changed
        for part in parent_path:
            parent = parent[part]
        if isinstance(parent, dict):
            del parent[last]
            yield changed
            parent["unknown_field"] = "x"
            yield changed


def test_a_valid_document_passes_the_quick_check() -> None:
    document = small_document()
    assert _quick_check()(document)
    assert schema_errors(document) == []


def test_the_quick_check_accepts_only_what_jsonschema_accepts() -> None:
    """Given documents each broken in one place, the quick check says yes only to valid ones."""
    check = _quick_check()
    validator = _validator()
    refused = 0
    for document in _changed(small_document()):
        if not validator.is_valid(document):
            refused += 1
            assert not check(document)
    assert refused > 100
