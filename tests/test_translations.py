"""The Danish catalogue is complete, compiled, and covers every translatable string."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "virkplan"
PO_FILE = PACKAGE / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def _entries(catalogue) -> dict:
    return {
        (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalogue
        if not e.obsolete
    }


def test_every_danish_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_source_catalogue():
    assert _entries(polib.mofile(str(MO_FILE))) == _entries(polib.pofile(str(PO_FILE)))


def _placeholders(text: str) -> set[str]:
    return set(polib.re.findall(r"%\(\w+\)s", text))


def test_placeholders_are_kept_in_every_translation():
    """A translation uses the source's placeholders; a singular form may leave out the count."""
    catalogue = polib.pofile(str(PO_FILE))
    for entry in catalogue.translated_entries():
        if not entry.msgid_plural:
            assert _placeholders(entry.msgstr) == _placeholders(entry.msgid), entry.msgid
            continue
        forms = [text for _index, text in sorted(entry.msgstr_plural.items())]
        allowed = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
        assert all(_placeholders(text) <= allowed for text in forms), entry.msgid
        assert _placeholders(forms[-1]) == _placeholders(entry.msgid_plural), entry.msgid


def test_the_catalogue_has_every_translatable_string_in_the_code(tmp_path):
    """Run makemessages on a copy of the code and compare message ids."""
    assert shutil.which("xgettext"), "xgettext is missing: scripts/system-packages says how"
    copy = tmp_path / "virkplan"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        ["django-admin", "makemessages", "-l", "da", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"},
    )
    fresh = polib.pofile(str(copy / "locale" / "da" / "LC_MESSAGES" / "django.po"))
    current = polib.pofile(str(PO_FILE))
    ids = {(e.msgctxt, e.msgid) for e in current}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in ids)
    assert missing == [], "run `make messages` and translate: " + ", ".join(missing)


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "npgettext"}


def test_no_text_is_translated_inside_an_f_string():
    """makemessages (xgettext) does not look inside f-strings: a text translated there is
    missing from the catalogue and stays English on Danish pages."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT_NAMES
                ):
                    found.append(f"{path.relative_to(PACKAGE)}:{inner.lineno}")
    assert found == [], "translate outside the f-string: " + ", ".join(found)
