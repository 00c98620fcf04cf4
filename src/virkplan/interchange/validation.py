"""Checking an interchange document against the JSON Schema, in words a user understands."""

import json
from functools import cache
from importlib import resources
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

FORMAT = "virkplan/1"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the interchange format."""
    text = resources.files("virkplan.interchange").joinpath("schema/virkplan-1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


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
    """Every way the document breaks the schema, as sentences, in document order."""
    if not isinstance(document, dict):
        return [_("$: the document must be a JSON object.")]
    messages: list[str] = []
    for error in _validator().iter_errors(document):
        for leaf in _leaf_errors(error):
            message = describe(leaf)
            if message not in messages:
                messages.append(message)
    return messages
