"""The README works as written: its commands run after `make run`, its words are the pages'."""

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CATALOGUE = ROOT / "src/virkplan/locale/da/LC_MESSAGES/django.po"


def walkthrough() -> str:
    """The numbered walk through the demo, from "Sign in" to the next heading, on one line."""
    text = README.read_text(encoding="utf-8")
    start = text.index("1. **Sign in**")
    end = text.index("\n## ", start)
    return " ".join(text[start:end].split())


def danish_labels() -> list[re.Pattern[str]]:
    """Every Danish text of the pages, placeholders matching any words."""
    patterns = []
    for entry in polib.pofile(str(CATALOGUE)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                parts = re.split(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}", " ".join(text.split()))
                patterns.append(re.compile(".+?".join(re.escape(part) for part in parts)))
    return patterns


def test_every_label_the_walkthrough_quotes_is_on_the_pages():
    quoted = re.findall(r'"([^"]+)"', walkthrough())
    assert "Redigér plan" in quoted, "the walkthrough quotes the pages' buttons"
    labels = danish_labels()
    missing = [q for q in quoted if not any(label.fullmatch(q) for label in labels)]
    assert missing == []


@pytest.fixture
def shell_after_make_run(tmp_path: Path) -> dict[str, str]:
    """The environment of a shell in a checkout where `make run` has run: var/secret_key
    exists, and nothing else is set (no SECRET_KEY, no ALLOWED_HOSTS, no debug)."""
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("a-local-key-" + "x" * 50 + "\n", encoding="utf-8")
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env["VIRKPLAN_HOME"] = str(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "virkplan.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_readme_commands_run_in_the_shell_that_ran_make_run(shell_after_make_run, tmp_path):
    env = shell_after_make_run
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        done = run(env, tmp_path, *command)
        assert done.returncode == 0, done.stderr

    exported = run(env, tmp_path, "export", "--format", "json", "--plan", "mt-2014", "-o", "p.json")

    assert exported.returncode == 0, exported.stderr
    assert '"mt-2014"' in (tmp_path / "p.json").read_text(encoding="utf-8")
    # "refuses plans already there", as the README says, in Danish
    again = run(env, tmp_path, "import", "p.json")
    assert again.returncode != 0
    assert "findes allerede i virkplan" in again.stderr


def test_without_a_key_the_command_line_says_where_one_comes_from(shell_after_make_run, tmp_path):
    (tmp_path / "var" / "secret_key").unlink()

    done = run(shell_after_make_run, tmp_path, "check")

    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr
    assert "var/secret_key" in done.stderr


def test_serving_without_allowed_hosts_refuses_to_start(shell_after_make_run, tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import virkplan.wsgi"],
        env=shell_after_make_run,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode != 0
    assert "ALLOWED_HOSTS must be set" in done.stderr
