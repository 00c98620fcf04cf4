"""Checking an interchange document against the JSON Schema, in words a user understands.

Before the schema, the document's shape is checked for what would make a
reader crash or store something else than was written: nesting deeper than
any plan needs (Python's JSON reader and the schema validator recurse, and a
file of ten thousand `[` would exhaust the stack), a field given twice in one
object (JSON readers keep only the last), numbers too long to be a real
figure (Python refuses to read integers of more than 4,300 digits, and reads
a long decimal as infinity), and texts over the limits the models store.
"""

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from itertools import accumulate, repeat
from typing import Any

import jsonschema_rs
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

FORMAT = "virkplan/1"

# Nesting levels of lists and objects. A plan's criterion target sits at level 10 and each
# level of sub-goals adds two, so 32 allows sub-goals eleven levels deep (plans use one).
MAX_DEPTH = 32
# The longest text a long-text field (a goal, a follow-up, a section's body) may hold: about
# 40 printed pages. The schema says the same (`$defs.text`); titles have the model's limits.
MAX_TEXT_LENGTH = 100_000
# The longest field name: the schema's are short; provenance is keyed by JSON pointers.
MAX_NAME_LENGTH = 1000
# The longest number as written in the file: more than any figure a plan holds (18 digits
# are stored), and far below what makes reading a number slow.
MAX_NUMBER_LENGTH = 30


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the interchange format."""
    text = resources.files("virkplan.interchange").joinpath("schema/virkplan-1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


@cache
def _quick_check() -> Callable[[Any], bool]:
    """Whether a document follows the schema, yes or no, from jsonschema-rs (compiled, about ten
    times quicker than jsonschema over a large document); jsonschema words the problems."""
    return jsonschema_rs.Draft202012Validator(schema(), offline=True).is_valid


def walk_goals(
    goals: list[dict[str, Any]], path: tuple = ()
) -> Iterator[tuple[dict[str, Any], tuple]]:
    """Yield (goal, JSON path) for interchange goals and their sub-goals, depth first."""
    for index, goal in enumerate(goals):
        goal_path = (*path, index)
        yield goal, goal_path
        yield from walk_goals(goal.get("goals", []), (*goal_path, "goals"))


def json_path(parts: Any) -> str:
    """Render a path such as ("plans", 0, "title") as `$.plans[0].title`."""
    rendered = "$"
    for part in parts:
        rendered += f"[{part}]" if isinstance(part, int) else f".{part}"
    return rendered


_TYPE_NAMES = {
    "string": gettext_lazy("a text"),
    "integer": gettext_lazy("a whole number"),
    "number": gettext_lazy("a number"),
    "object": gettext_lazy("an object"),
    "array": gettext_lazy("a list"),
    "null": gettext_lazy("empty (null)"),
    "boolean": gettext_lazy("true or false"),
}


def _type_name(name: str) -> str:
    return str(_TYPE_NAMES.get(name, name))


def _wrong_type_here(sub: ValidationError, error: ValidationError) -> bool:
    return sub.validator == "type" and sub.absolute_path == error.absolute_path


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    """For anyOf errors, the sub-errors of the alternatives the writer meant; else the error.

    An alternative that failed only because the value has another type (an
    object where `null` is also allowed) was not meant. When every
    alternative failed so, the error itself stands, naming all allowed types.
    """
    if not error.context:
        return [error]
    alternatives: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        alternatives.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = [
        subs
        for subs in alternatives.values()
        if not all(_wrong_type_here(sub, error) for sub in subs)
    ]
    if not meant:
        return [error]
    leaves: list[ValidationError] = []
    for subs in meant:
        for sub in subs:
            leaves.extend(_leaf_errors(sub))
    return leaves


def describe(error: ValidationError) -> str:
    """One schema error as a sentence naming where in the document it is."""
    path = json_path(error.absolute_path)
    validator = error.validator
    value = error.validator_value
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(value)
        return _("%(path)s: the field “%(field)s” is missing.") % {
            "path": path,
            "field": missing,
        }
    if validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return _("%(path)s: unknown field(s) %(fields)s.") % {
            "path": path,
            "fields": ", ".join(f"“{name}”" for name in extra),
        }
    if validator == "type" or (validator == "anyOf" and error.context):
        names: list[str] = []
        for check in error.context or [error]:
            allowed = check.validator_value
            for name in allowed if isinstance(allowed, list) else [allowed]:
                if name not in names:
                    names.append(name)
        return _("%(path)s: must be %(type)s.") % {
            "path": path,
            "type": _(" or ").join(_type_name(n) for n in names),
        }
    if validator == "enum":
        return _("%(path)s: “%(value)s” is not allowed; use one of %(allowed)s.") % {
            "path": path,
            "value": error.instance,
            "allowed": ", ".join(f"“{v}”" for v in value),
        }
    if validator == "const":
        return _("%(path)s: must be “%(value)s”.") % {"path": path, "value": value}
    if validator in ("minLength", "pattern") and isinstance(error.instance, str):
        if not error.instance.strip():
            return _("%(path)s: must not be empty.") % {"path": path}
        if validator == "pattern" and error.schema.get("pattern", "").startswith("^[0-9]{4}"):
            return _("%(path)s: “%(value)s” is not a date written as YYYY-MM-DD.") % {
                "path": path,
                "value": error.instance,
            }
        return _("%(path)s: “%(value)s” may only contain letters a–z, digits, “-” and “_”.") % {
            "path": path,
            "value": error.instance,
        }
    if validator == "maxLength":
        return _("%(path)s: is longer than %(limit)s characters.") % {"path": path, "limit": value}
    if validator in ("minimum", "maximum"):
        return _("%(path)s: %(value)s is outside the allowed range.") % {
            "path": path,
            "value": error.instance,
        }
    if validator == "uniqueItems":
        return _("%(path)s: lists the same item twice.") % {"path": path}
    return _("%(path)s: is not valid (%(detail)s).") % {"path": path, "detail": error.message}


def schema_errors(document: Any) -> list[str]:
    """Every way the document breaks the schema, as sentences, in document order.

    A document whose shape is unsafe to walk (see `structure_errors`) is
    refused for that alone, before the validator recurses into it.
    """
    if not isinstance(document, dict):
        return [_("$: the document must be a JSON object.")]
    messages = structure_errors(document)
    if messages:
        return messages
    if _quick_check()(document):
        return messages  # a large valid document: jsonschema would take seconds to agree
    for error in _validator().iter_errors(document):
        for leaf in _leaf_errors(error):
            message = describe(leaf)
            if message not in messages:
                messages.append(message)
    return messages


# Reading JSON text ---------------------------------------------------------------------------


class UnsafeDocument(Exception):
    """JSON that must not be read further; `errors` names every problem by its JSON path."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors[0])
        self.errors = errors


class _RepeatedFields(dict):
    """A JSON object that named some fields more than once (the last value is kept)."""

    repeated: list[str]


class _LongNumber(str):
    """A number written with more than MAX_NUMBER_LENGTH characters, kept as its text."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = _RepeatedFields(found)
    counts = Counter(name for name, _value in pairs)
    marked.repeated = [name for name in found if counts[name] > 1]
    return marked


def _integer(text: str) -> int | _LongNumber:
    return int(text) if len(text) <= MAX_NUMBER_LENGTH else _LongNumber(text)


def _decimal(text: str) -> float | _LongNumber:
    return float(text) if len(text) <= MAX_NUMBER_LENGTH else _LongNumber(text)


# A JSON string (escapes included), and any character that is not a bracket.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]', re.S)
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _too_deep_at(text: str) -> list[str | int] | None:
    """Where in the text a list or object opens below MAX_DEPTH levels, as a path; or None.

    A scan of the brackets outside strings, in linear time and without
    recursion: the reader is only called on text that passes it.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) <= MAX_DEPTH:
        return None
    # Walk the tokens again, this time keeping the path, to say where it happens.
    path: list[list[Any]] = []  # per open level: [is_object, current key or index]
    key: Any = None
    for match in _TOKEN.finditer(text):
        piece = match.group()
        if piece in ("[", "{"):
            if len(path) == MAX_DEPTH:
                return [part for _is_object, part in path]
            path.append([piece == "{", None if piece == "{" else 0])
        elif piece in ("]", "}") and path:
            path.pop()
        elif piece == "," and path and not path[-1][0]:
            path[-1][1] += 1
        elif piece == ":" and path:
            path[-1][1] = key
        elif piece.startswith('"'):
            key = _string_value(piece)
    return []


def _string_value(literal: str) -> str:
    try:
        return json.loads(literal)
    except ValueError:
        return literal[1:-1]


def loads(text: str) -> Any:
    """The JSON text as Python values, or a refusal naming where it is unsafe to read.

    Raises `json.JSONDecodeError` for text that is not JSON, and
    `UnsafeDocument` (with every problem, by JSON path) for JSON that is
    too deep, repeats a field, or holds numbers or texts too long to store.
    """
    deep = _too_deep_at(text)
    if deep is not None:
        raise UnsafeDocument([_too_deep_message(deep)])
    try:
        document = json.loads(
            text, object_pairs_hook=_object, parse_int=_integer, parse_float=_decimal
        )
    except RecursionError as exc:  # the scan above should have caught it; never a traceback
        raise UnsafeDocument([_too_deep_message([])]) from exc
    errors = structure_errors(document)
    if errors:
        raise UnsafeDocument(errors)
    return document


def _too_deep_message(path: list[Any]) -> str:
    return _("%(path)s: lists and objects are nested more than %(limit)s levels deep.") % {
        "path": json_path(path),
        "limit": MAX_DEPTH,
    }


def structure_errors(document: Any) -> list[str]:
    """Every place the document is too deep, repeats a field, or holds too long a value.

    Walks the document with a stack of its own (no recursion), so it is safe
    on any document, whether read from a file or built in Python.
    """
    if not _unsafe(document):
        return []
    errors: list[str] = []
    stack: list[tuple[Any, tuple]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        errors.extend(_value_errors(value, path))
        if isinstance(value, dict | list) and len(path) >= MAX_DEPTH:
            errors.append(_too_deep_message(list(path)))
        elif isinstance(value, dict):
            stack.extend((item, (*path, name)) for name, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, (*path, n)) for n, item in reversed(list(enumerate(value))))
    return errors


def _unsafe(document: Any) -> bool:
    """Whether `structure_errors` would find anything: the same walk without paths, quicker.

    Most documents are fine, and naming places costs a path for every value;
    this walk only tells whether there is something to name.
    """
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, _RepeatedFields | _LongNumber):
            return True
        if isinstance(value, str):
            if len(value) > MAX_TEXT_LENGTH:
                return True
        elif isinstance(value, dict):
            if depth > MAX_DEPTH or any(len(str(name)) > MAX_NAME_LENGTH for name in value):
                return True
            stack.extend(zip(value.values(), repeat(depth + 1)))
        elif isinstance(value, list):
            if depth > MAX_DEPTH:
                return True
            stack.extend(zip(value, repeat(depth + 1)))
        elif isinstance(value, int) and value.bit_length() > 100:
            return True
    return False


def _value_errors(value: Any, path: tuple) -> list[str]:
    """What is wrong with this one value (not its contents); the path is only rendered then."""
    if isinstance(value, _RepeatedFields):
        return [
            _("%(path)s: the field “%(field)s” is given more than once.")
            % {"path": json_path(path), "field": name[:MAX_NAME_LENGTH]}
            for name in value.repeated
        ]
    if isinstance(value, dict) and any(len(str(name)) > MAX_NAME_LENGTH for name in value):
        return [
            _("%(path)s: a field name is longer than %(limit)s characters.")
            % {"path": json_path(path), "limit": MAX_NAME_LENGTH}
        ]
    if isinstance(value, _LongNumber) or (
        isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100
    ):
        return [
            _("%(path)s: the number is too long; a number has at most %(limit)s characters.")
            % {"path": json_path(path), "limit": MAX_NUMBER_LENGTH}
        ]
    if isinstance(value, str) and len(value) > MAX_TEXT_LENGTH:
        return [
            _("%(path)s: is longer than %(limit)s characters.")
            % {"path": json_path(path), "limit": MAX_TEXT_LENGTH}
        ]
    return []
