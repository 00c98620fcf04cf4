"""A quick yes to "does this document follow the schema?", for large documents that do.

jsonschema takes seconds over a document of a thousand goals, most of it in
its general machinery. `schema_check` compiles the few keywords the
virkplan/1 schema uses into plain functions that answer only yes or no, ten
times faster. Its yes is never wrong: where it is unsure (a keyword it does
not know, a float where an integer is asked for, a list it cannot compare
cheaply) it says no, and the caller asks jsonschema, which also words the
problems.
"""

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = frozenset({"$schema", "$id", "$defs", "title", "description"})
_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    # jsonschema also takes 1.0 as an integer; this says no to it and leaves it to jsonschema.
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
}


class _Unknown(Exception):
    """The schema uses a keyword this module does not compile."""


def schema_check(schema: dict[str, Any]) -> Check | None:
    """A function that says whether a value surely follows the schema (None if it cannot)."""
    try:
        return _Compiler(schema.get("$defs", {})).build(schema)
    except _Unknown:
        return None


class _Compiler:
    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self.compiled: dict[str, Check] = {}

    def ref(self, ref: str) -> Check:
        if not ref.startswith("#/$defs/") or ref[8:] not in self.defs:
            raise _Unknown(ref)
        name = ref[8:]
        if name not in self.compiled:
            self.compiled[name] = _never  # a recursive reference, replaced below
            self.compiled[name] = self.build(self.defs[name])
        compiled = self.compiled
        return lambda v: compiled[name](v)

    def build(self, node: dict[str, Any]) -> Check:
        checks = [
            self.keyword(keyword, arg, node)
            for keyword, arg in node.items()
            if keyword not in _IGNORED
        ]
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def keyword(self, keyword: str, arg: Any, node: dict[str, Any]) -> Check:
        if keyword == "type":
            types = [_TYPES[name] for name in ([arg] if isinstance(arg, str) else arg)]
            return lambda v: any(t(v) for t in types)
        if keyword == "$ref":
            return self.ref(arg)
        if keyword in ("enum", "const"):
            allowed = arg if keyword == "enum" else [arg]
            if not all(isinstance(a, str | None) for a in allowed):
                raise _Unknown(keyword)
            return lambda v: (v is None or isinstance(v, str)) and v in allowed
        if keyword == "properties":
            props = {name: self.build(sub) for name, sub in arg.items()}
            return lambda v: (
                not isinstance(v, dict) or all(props[k](x) for k, x in v.items() if k in props)
            )
        if keyword == "required":
            return lambda v: not isinstance(v, dict) or all(k in v for k in arg)
        if keyword == "additionalProperties":
            known = set(node.get("properties", {}))
            if arg is False:
                return lambda v: not isinstance(v, dict) or v.keys() <= known
            extra = self.build(arg)
            return lambda v: (
                not isinstance(v, dict) or all(extra(x) for k, x in v.items() if k not in known)
            )
        if keyword == "items":
            item = self.build(arg)
            return lambda v: not isinstance(v, list) or all(item(x) for x in v)
        if keyword == "uniqueItems" and arg is True:
            return lambda v: (
                not isinstance(v, list)
                or (all(_TYPES["integer"](x) for x in v) and len(set(v)) == len(v))
            )
        if keyword in ("anyOf", "allOf"):
            subs = [self.build(sub) for sub in arg]
            if keyword == "anyOf":
                return lambda v: any(sub(v) for sub in subs)
            return lambda v: all(sub(v) for sub in subs)
        return self.limit(keyword, arg)

    def limit(self, keyword: str, arg: Any) -> Check:
        number = _TYPES["number"]
        if keyword == "pattern":
            search = re.compile(arg).search
            return lambda v: not isinstance(v, str) or search(v) is not None
        if keyword == "minLength":
            return lambda v: not isinstance(v, str) or len(v) >= arg
        if keyword == "maxLength":
            return lambda v: not isinstance(v, str) or len(v) <= arg
        if keyword == "minimum":
            return lambda v: not number(v) or v >= arg
        if keyword == "maximum":
            return lambda v: not number(v) or v <= arg
        raise _Unknown(keyword)


def _never(_value: Any) -> bool:
    return False
