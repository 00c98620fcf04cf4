"""A record's values as people read them, and word by word what changed."""

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from virkplan.core.display import number

from .records import (
    MAX_DIFF_TOKENS,
)

# Showing values and differences --------------------------------------------------------------


def display_value(obj: Any, name: str, *, units: dict[int, str]) -> str:
    """A field's value as a reader sees it: choices by label, units by name, dates localised."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, model_field.attname)
    if value is None or value == "" or value == []:
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return units.get(value, f"#{value}")
    if isinstance(model_field, models.DecimalField):
        return number(value)
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(model_field, models.JSONField):
        return "\n".join(str(item) for item in value) if isinstance(value, list) else str(value)
    return str(value)


def _is_long(obj: Any, name: str) -> bool:
    return isinstance(obj._meta.get_field(name), models.TextField | models.JSONField)


_WORDS = re.compile(r"(\S+)(\s*)")
# Unchanged words kept around a change when a long text's diff is shortened.
DIFF_CONTEXT_WORDS = 12


@dataclass(frozen=True)
class DiffPart:
    """A run of a word diff: text both versions have, or text removed or added."""

    kind: Literal["same", "removed", "added"]
    text: str


def _words(text: str) -> tuple[str, list[str], list[str]]:
    """Leading whitespace, the words, and the whitespace after each word."""
    leading = text[: len(text) - len(text.lstrip())]
    pairs = _WORDS.findall(text)
    return leading, [word for word, _space in pairs], [space for _word, space in pairs]


def _shortened(
    words: list[str], spaces: list[str], *, first: bool, last: bool, context: int
) -> str:
    """Unchanged words, with the middle of a long run left out (not at a text's start or end)."""
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(words) <= keep_head + keep_tail + context:
        return "".join(w + s for w, s in zip(words, spaces, strict=True))
    head = "".join(w + s for w, s in zip(words[:keep_head], spaces[:keep_head], strict=True))
    tail_words, tail_spaces = words[len(words) - keep_tail :], spaces[len(words) - keep_tail :]
    tail = "".join(w + s for w, s in zip(tail_words, tail_spaces, strict=True))
    return f"{head}… {tail}"


def word_diff(old: str, new: str, *, context: int | None = None) -> list[DiffPart]:
    """The new text in runs, with the words removed from the old text where they were.

    Words are compared, not the spaces between them. With `context`, long
    unchanged runs are shortened to that many words around each change.
    """
    leading, before, before_spaces = _words(old)
    _leading, after, after_spaces = _words(new)
    opcodes: Sequence[tuple[str, int, int, int, int]]
    if len(before) + len(after) > MAX_DIFF_TOKENS:
        opcodes = [("replace", 0, len(before), 0, len(after))]
    else:
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        opcodes = matcher.get_opcodes()
    parts = [DiffPart("same", leading)] if leading else []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words, spaces = after[j1:j2], after_spaces[j1:j2]
            if context is None:
                text = "".join(w + s for w, s in zip(words, spaces, strict=True))
            else:
                first, last = index == 0, index == len(opcodes) - 1
                text = _shortened(words, spaces, first=first, last=last, context=context)
            parts.append(DiffPart("same", text))
            continue
        if i2 > i1:
            text = "".join(w + s for w, s in zip(before[i1:i2], before_spaces[i1:i2], strict=True))
            parts.append(DiffPart("removed", text))
        if j2 > j1:
            text = "".join(w + s for w, s in zip(after[j1:j2], after_spaces[j1:j2], strict=True))
            parts.append(DiffPart("added", text))
    return parts


@dataclass
class FieldChange:
    """One field that changed: its translated name, old and new value, and a word diff."""

    label: str
    old: str
    new: str
    diff: list[DiffPart] | None = None
    long: bool = False


def field_changes(
    old: Any | None,
    new: Any | None,
    names: Iterable[str],
    *,
    units: dict[int, str],
    context: int | None = DIFF_CONTEXT_WORDS,
) -> list[FieldChange]:
    """The fields that differ between two versions (either may be None: created or deleted)."""
    changes = []
    sample = new if new is not None else old
    assert sample is not None, "field_changes needs at least one version"
    for name in names:
        before = display_value(old, name, units=units) if old is not None else ""
        after = display_value(new, name, units=units) if new is not None else ""
        if before == after:
            continue
        long = _is_long(sample, name)
        diff = word_diff(before, after, context=context) if long and before and after else None
        label = capfirst(str(sample._meta.get_field(name).verbose_name))
        changes.append(FieldChange(label, before, after, diff, long))
    return changes


def _changed_names(record: Any, previous: Any, names: Sequence[str]) -> list[str]:
    tracked = {f.name for f in record.tracked_fields}
    extra = ["position"] if "position" in tracked else []
    delta = record.diff_against(previous, included_fields=[*names, *extra])
    return list(delta.changed_fields)
