"""The pinned package sets agree with pyproject.toml: the site's set holds what the site needs
and nothing of the test and lint tools, and every package either set brings in is pinned."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# What builds the virkplan package itself, pinned beside the site's packages.
BUILD = {"setuptools", "wheel"}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)$")


def _pins(filename: str) -> dict[str, str]:
    """The file's pins by normalised name; any line that is not `name==version` fails."""
    pins: dict[str, str] = {}
    for number, line in enumerate((ROOT / filename).read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line == "-r requirements.lock":
            continue
        match = PIN.match(line)
        assert match, f"{filename}:{number}: {line!r} is not one exactly pinned package"
        name = canonicalize_name(match["name"])
        assert name not in pins, f"{filename}:{number}: {name} is pinned twice"
        pins[name] = match["version"]
    return pins


def _brought_in(requirements: list[str]) -> set[str]:
    """Every package the requirements install here, with what those require, by their metadata."""
    seen: set[tuple[str, frozenset[str]]] = set()
    waiting = [Requirement(text) for text in requirements]
    while waiting:
        requirement = waiting.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        extras = requirement.extras or {""}
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            if needed.marker is None or any(
                needed.marker.evaluate({"extra": extra}) for extra in extras
            ):
                waiting.append(needed)
    return {name for name, _extras in seen}


RUNTIME = _pins("requirements.lock")
DEV = _pins("requirements-dev.lock")


def test_the_site_set_is_what_the_site_needs_and_no_more():
    """Given pyproject's dependencies, when everything they bring in is listed,
    then requirements.lock pins exactly that (and what builds the package)."""
    needed = _brought_in(PROJECT["dependencies"]) | BUILD
    assert sorted(needed - RUNTIME.keys()) == [], "pin these in requirements.lock"
    assert sorted(RUNTIME.keys() - needed) == [], "requirements.lock pins what the site never uses"


def test_the_dev_set_adds_the_tools_and_nothing_the_site_needs():
    """Given the `dev` extra, the packages it adds to the site's are pinned in
    requirements-dev.lock, and nothing there is pinned in requirements.lock as well."""
    assert sorted(DEV.keys() & RUNTIME.keys()) == [], "pinned in both files"
    tools = _brought_in(PROJECT["optional-dependencies"]["dev"]) - RUNTIME.keys()
    assert sorted(tools - DEV.keys()) == [], "pin these in requirements-dev.lock"
    assert sorted(DEV.keys() - tools) == [], "requirements-dev.lock pins what no tool uses"


def test_pyproject_admits_every_pinned_version():
    """Each dependency in pyproject.toml accepts the version its set pins."""
    pinned = RUNTIME | DEV
    declared = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]
    for requirement in map(Requirement, declared):
        version = pinned[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version), f"{requirement} refuses {version}"


def test_the_environment_holds_the_pinned_versions():
    """The packages installed here are the pinned ones, so the checks above read their metadata."""
    for name, version in (RUNTIME | DEV).items():
        assert metadata.version(name) == version, f"{name}: run `make install`"
