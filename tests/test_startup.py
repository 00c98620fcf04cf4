"""Starting the site or a command loads no document library: WeasyPrint, python-docx,
openpyxl, CairoSVG and pdfplumber are imported when a file is made or read, so a worker's
first request and every `virkplan` command start without them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ["weasyprint", "matplotlib", "docx", "openpyxl", "pdfplumber", "pypdfium2", "cairosvg"]

# The URLconf as a worker loads it, `virkplan check` through the command's entry point (its
# checks load the URLconf too), and every one of virkplan's own commands as Django finds it.
STARTING = """
import contextlib, io
from virkplan.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["check"])
import virkplan.urls
from django.core.management import get_commands, load_command_class
for name, app in get_commands().items():
    if app.startswith("virkplan"):
        load_command_class(app, name)
"""
MAKING_A_PDF = "import django\ndjango.setup()\nimport virkplan.reports.pdf\n"


def _heavy_modules_after(code: str, tmp_path: Path) -> list[str]:
    """The document libraries loaded once `code` has run in a fresh interpreter."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "virkplan.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}",
    }
    report = f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = subprocess.run(
        [sys.executable, "-c", code + report],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_site_and_its_commands_start_without_the_document_libraries(tmp_path) -> None:
    loaded = _heavy_modules_after(STARTING, tmp_path)
    assert "weasyprint" not in loaded
    assert loaded == []


def test_making_a_pdf_loads_weasyprint(tmp_path) -> None:
    # The test above means nothing if the names were wrong: the PDF writer does load it
    assert "weasyprint" in _heavy_modules_after(MAKING_A_PDF, tmp_path)
