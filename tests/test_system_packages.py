"""scripts/system-packages: what `make test`, `make run` and CI need from the operating system.

Each test runs the script on a made-up machine: a PATH of its own in which the test puts the
commands a package provides, a browser path that exists or not, a fake `id` that says whether
we are root, and a fake `apt-get` that records what it was asked and installs the fake commands.
Pango and the fonts are looked for on the real machine, which `make test` has checked first.
"""

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-packages"
BASH = shutil.which("bash")
# The interpreter itself: a python3 on PATH may be a shim that needs the rest of PATH.
PYTHON3 = Path(sys.executable).resolve()


def _executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


@dataclass
class Machine:
    """A made-up machine; `tool` installs a command, `run` runs the script on the machine."""

    bin: Path
    chromium: Path
    os_release: Path
    apt_log: Path
    uid: int = 1000
    ostype: str = "linux-gnu"
    apt_broken: bool = False  # apt-get runs and installs nothing

    def tool(self, name: str) -> None:
        _executable(self.bin / name, "#!/bin/sh\nexit 0\n")

    def browser(self) -> None:
        _executable(self.chromium, "#!/bin/sh\nexit 0\n")

    def environment(self) -> dict[str, str]:
        _executable(self.bin / "id", f"#!/bin/sh\necho {self.uid}\n")
        environment = {
            "PATH": str(self.bin),
            "VIRKPLAN_CHROMIUM": str(self.chromium),
            "OS_RELEASE_FILE": str(self.os_release),
            "OSTYPE": self.ostype,
        }
        return environment | ({"FAKE_APT_BROKEN": "1"} if self.apt_broken else {})

    def run(self, *arguments: str) -> subprocess.CompletedProcess:
        assert BASH, "bash runs the script"
        return subprocess.run(
            [BASH, str(SCRIPT), *arguments],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


@pytest.fixture
def machine(tmp_path) -> Machine:
    """Debian with python3 and nothing else of what the tests need, as a user who is not root."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(PYTHON3)  # the script loads Pango with it
    os_release = tmp_path / "os-release"
    os_release.write_text('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')
    made_up = Machine(bin_dir, tmp_path / "chromium", os_release, tmp_path / "apt.log")
    # Installing a package makes the command it provides appear on the made-up machine.
    provides = {
        "chromium": str(made_up.chromium),
        "gettext": str(bin_dir / "xgettext"),
        "poppler-utils": str(bin_dir / "pdftoppm"),
        "redis-server": str(bin_dir / "redis-server"),
        "postgresql-client": str(bin_dir / "pg_isready"),
        "wrk": str(bin_dir / "wrk"),
    }
    _executable(
        bin_dir / "apt-get",
        f"""#!{sys.executable}
import os, sys
with open({str(made_up.apt_log)!r}, "a") as log:
    log.write(os.environ.get("DEBIAN_FRONTEND", "-") + " " + " ".join(sys.argv[1:]) + "\\n")
for package in sys.argv[2:] if sys.argv[1] == "install" else []:
    path = {provides!r}.get(package)
    if path and os.environ.get("FAKE_APT_BROKEN") is None:
        with open(path, "w") as tool:
            tool.write("#!/bin/sh\\nexit 0\\n")
        os.chmod(path, 0o755)
""",
    )
    return made_up


def test_a_machine_with_everything_passes_without_a_word(machine):
    """Given every tool the tests need, when the script checks, then it succeeds silently."""
    machine.tool("xgettext")
    machine.tool("pdftoppm")
    machine.tool("redis-server")
    machine.browser()

    result = machine.run("test")

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.apt_calls() == []


def test_a_user_is_told_what_is_missing_and_the_command_that_installs_it(machine):
    """Given Debian without chromium, gettext and poppler-utils, as a user who is not root,
    when `make test` runs the script, then it stops with one message and installs nothing."""
    result = machine.run("test")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "make test needs these, and they are missing here:\n"
        f"  {machine.chromium} (chromium): the browser the page tests drive\n"
        "  xgettext (gettext): reads the translatable text (make messages and its test)\n"
        "  pdftoppm (poppler-utils): draws the pages of the test PDFs as pictures\n"
        "  redis-server (redis-server): the broker the test of the task queue sends its mail"
        " through\n"
        "Install them with:\n"
        "  sudo apt-get install chromium gettext poppler-utils redis-server\n"
        "Another Chromium or Chrome will do: set VIRKPLAN_CHROMIUM to its path"
        f" (now {machine.chromium}).\n"
        "Then run make test again.\n"
    )
    assert machine.apt_calls() == []


def test_only_what_is_missing_is_named(machine):
    """Given only pdftoppm missing, the message and the command name poppler-utils alone."""
    machine.tool("xgettext")
    machine.tool("redis-server")
    machine.browser()

    result = machine.run("test")

    assert result.returncode == 1
    assert "  sudo apt-get install poppler-utils\n" in result.stderr
    assert "chromium" not in result.stderr.lower()
    assert "gettext" not in result.stderr


def test_root_on_debian_installs_the_missing_packages_and_goes_on(machine):
    """Given root on Debian, when the script runs, then apt-get installs exactly what is missing,
    without questions, and the script succeeds once the tools are there."""
    machine.uid = 0
    machine.tool("xgettext")

    result = machine.run("test")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Installing Debian packages: chromium poppler-utils redis-server\n"
    assert machine.apt_calls() == [
        "noninteractive update -qq",
        "noninteractive install -y -qq --no-install-recommends chromium poppler-utils redis-server",
    ]


def test_root_is_told_when_the_install_leaves_a_tool_missing(machine):
    """Given root and an apt-get that installs nothing useful, the script stops with the message."""
    machine.uid = 0
    machine.apt_broken = True

    result = machine.run("test")

    assert result.returncode == 1
    assert "  sudo apt-get install chromium gettext poppler-utils redis-server\n" in result.stderr
    assert len(machine.apt_calls()) == 2


def test_check_never_installs_even_as_root(machine):
    """Given root, `--check` reports what is missing and leaves the system alone."""
    machine.uid = 0

    result = machine.run("--check", "test")

    assert result.returncode == 1
    assert "sudo apt-get install chromium gettext poppler-utils redis-server" in result.stderr
    assert machine.apt_calls() == []


def test_ci_needs_the_postgresql_client_too(machine):
    """Given everything the tests need, CI's set still asks for pg_isready; the tests' does not."""
    machine.tool("xgettext")
    machine.tool("pdftoppm")
    machine.tool("redis-server")
    machine.browser()

    assert machine.run("test").returncode == 0
    result = machine.run("ci")

    assert result.returncode == 1
    assert result.stderr.startswith(".ci/run needs these, and they are missing here:\n")
    assert "  pg_isready (postgresql-client): " in result.stderr
    assert "  sudo apt-get install postgresql-client\n" in result.stderr


def test_the_benchmarks_need_the_load_tool_and_not_the_test_tools(machine):
    """Given a machine without the test tools, `make bench` asks for wrk alone, and installs it
    as root on Debian."""
    result = machine.run("--check", "bench")

    assert result.returncode == 1
    assert result.stderr.startswith("make bench needs these, and they are missing here:\n")
    assert "  wrk (wrk): " in result.stderr
    assert "  sudo apt-get install wrk\n" in result.stderr
    machine.uid = 0
    assert machine.run("bench").returncode == 0
    assert machine.apt_calls()[-1].endswith("install -y -qq --no-install-recommends wrk")


def test_macos_is_told_the_homebrew_command(machine):
    """Given macOS, the message gives Homebrew's names and the browser as a cask."""
    machine.ostype = "darwin23"
    machine.uid = 0

    result = machine.run("test")

    assert result.returncode == 1
    assert "  pdftoppm (poppler): " in result.stderr
    assert (
        "  brew install gettext poppler redis && brew install --cask google-chrome\n"
        in result.stderr
    )
    assert "apt-get" not in result.stderr
    assert machine.apt_calls() == []


def test_another_system_gets_the_debian_names_to_look_for(machine):
    """Given a system that is neither Debian nor macOS, the message says to use its own
    package manager and still gives Debian's command, and nothing is installed."""
    machine.os_release.write_text("ID=fedora\n")
    machine.uid = 0
    machine.tool("xgettext")
    machine.browser()

    result = machine.run("test")

    assert result.returncode == 1
    assert "with your system's package manager; on Debian or Ubuntu:\n" in result.stderr
    assert machine.apt_calls() == []


def test_a_wrong_argument_is_refused_with_the_usage(machine):
    result = machine.run("tests")

    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_make_test_stops_before_anything_else_when_a_tool_is_missing(machine, tmp_path):
    """Given a user without pdftoppm, when they run `make test`, then the message comes first
    and neither pip nor pytest runs."""
    for name in ("make", "sh", "bash", "env", "uname"):
        found = shutil.which(name)
        assert found, f"{name} is on PATH"
        (machine.bin / name).symlink_to(found)
    machine.tool("xgettext")
    machine.tool("redis-server")
    machine.browser()

    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "test", f"VENV={tmp_path / 'venv'}"],
        env=machine.environment() | {"HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert result.stdout == "scripts/system-packages test\n"
    assert "  sudo apt-get install poppler-utils\n" in result.stderr
    assert not (tmp_path / "venv").exists()
    assert machine.apt_calls() == []
