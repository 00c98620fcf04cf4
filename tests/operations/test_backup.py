"""`virkplan backup` and `virkplan restore`: everything comes back, into an empty database.

A site that has been used (tests/operations/world.py) is backed up and
restored into an empty database with the commands an operator types, each
in a process of its own; the restored site must hold the same rows in every
table, the same files and show the same pages. SQLite runs always, in files
of its own; PostgreSQL runs when DATABASE_URL points at a server, in two
databases the test creates and drops.

The refusals (a database that holds data, a backup from a newer virkplan or
another engine, a file that is not a backup) are checked in the test
process, on the suite's database, and leave it as it was.
"""

import io
import json
import os
import random
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation

from tests.interchange.documents import row_counts

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = urlsplit(DATABASE_URL).scheme in ("postgres", "postgresql")

NOT_A_BACKUP = "%(file)s is not a virkplan backup (%(detail)s); nothing was restored."
HOLDS_DATA = (
    "The database already holds data (in %(tables)s). Restore into an empty "
    "database, or add --force to replace everything in it; nothing was restored."
)


# django-axes' log of failures per user is off (AXES_ENABLE_ACCESS_FAILURE_LOG): its table
# stays empty on every site.
UNUSED_MODELS = {"axes.AccessFailureLog"}


def danish(message: str, **values: Any) -> str:
    with translation.override("da"):
        text = translation.gettext(message)
    return text % values if values else text


# The commands, as an operator runs them -----------------------------------------------------


def _site(database_url: str, media: Path) -> dict[str, str]:
    """The environment of a virkplan installation using this database and media folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "virkplan.settings_test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "VIRKPLAN_HOME": str(ROOT),
        # This checkout's source, whichever one the environment has installed.
        "PYTHONPATH": os.pathsep.join((str(ROOT), str(ROOT / "src"))),
    }


def _run(site: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=site, cwd=ROOT, capture_output=True, text=True, check=False
    )


def virkplan(site: dict[str, str], *args: str) -> str:
    """Run `virkplan ARGS` for the site; its output. Fails the test if the command fails."""
    done = _run(site, "-m", "virkplan.cli", *args)
    assert done.returncode == 0, f"virkplan {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def world(site: dict[str, str], action: str) -> dict[str, Any]:
    """Run tests/operations/world.py's `build` or `snapshot` for the site; the snapshot."""
    done = _run(site, "-m", "tests.operations.world", action)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same_site(restored: dict[str, Any], original: dict[str, Any]) -> None:
    assert restored["tables"] == original["tables"]
    assert restored["models"] == original["models"]
    assert restored["media"] == original["media"]
    for url, html in original["pages"].items():
        assert restored["pages"][url] == html, url


def backup_and_restore(tmp_path: Path, source_url: str, target_url: str) -> None:
    """The whole story on one engine: back up a used site, restore it into an empty database."""
    source = _site(source_url, tmp_path / "media")
    target = _site(target_url, tmp_path / "restored-media")
    archive = tmp_path / "backups" / "virkplan.tar.gz"
    archive.parent.mkdir()

    # Given a site that has been used, with users, roles, history, workflow and an upload
    original = world(source, "build")
    empty = {label for label, rows in original["models"].items() if not rows}
    assert empty == UNUSED_MODELS, "every model in use has rows before the backup"

    # When it is backed up while it runs
    output = virkplan(source, "backup", "-o", str(archive))

    # Then the archive is the owner's alone, and its manifest counts every table
    assert str(archive) in output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["tables"] == original["tables"]
    assert manifest["media_files"] == len(original["media"])

    # When it is restored into an empty database, then the site is the same, page for page
    virkplan(target, "restore", str(archive))
    assert_same_site(world(target, "snapshot"), original)

    # When the original site changes and the backup is restored over it with --force,
    # then the site is as it was at the backup
    virkplan(source, "grant", "anne-redaktoer", "none", "miljo-teknik")
    virkplan(source, "restore", "--force", str(archive))
    assert_same_site(world(source, "snapshot"), original)


def test_backup_and_restore_on_sqlite(tmp_path) -> None:
    backup_and_restore(
        tmp_path,
        f"sqlite:///{tmp_path / 'virkplan.sqlite3'}",
        f"sqlite:///{tmp_path / 'restored.sqlite3'}",
    )


@pytest.fixture
def postgresql_databases() -> Iterator[tuple[str, str]]:
    """Two new, empty PostgreSQL databases beside the suite's, dropped afterwards."""
    import psycopg

    server = urlsplit(DATABASE_URL)
    prefix = f"test_{server.path.lstrip('/') or 'virkplan'}"
    names = [f"{prefix}_backup_source", f"{prefix}_backup_restore"]
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as db:
        for name in names:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
        try:
            yield tuple(urlunsplit(server._replace(path=f"/{name}")) for name in names)  # type: ignore[misc]
        finally:
            for name in names:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRESQL, reason="DATABASE_URL does not point at PostgreSQL")
def test_backup_and_restore_on_postgresql(tmp_path, postgresql_databases) -> None:
    source_url, target_url = postgresql_databases
    backup_and_restore(tmp_path, source_url, target_url)


# Refusals, on the suite's database -------------------------------------------------------


def _applied() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return applied


def make_archive(path: Path, manifest: dict[str, Any] | None = None, **members: bytes) -> Path:
    """A backup archive as `virkplan backup` writes it, with the manifest and members given."""
    values = {
        "format": "virkplan-backup/1",
        "engine": connection.vendor,
        "created_at": "2026-01-05T02:00:00+01:00",
        "virkplan": "0.1.0",
        "migrations": _applied(),
        "tables": {},
        **(manifest or {}),
    }
    database = "database.sqlite3" if values["engine"] == "sqlite" else "database.pgdump"
    contents = {"manifest.json": json.dumps(values).encode(), database: b"not used", **members}
    with tarfile.open(path, "w:gz") as tar:
        for name, content in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


NOISE = random.Random(9).randbytes(100_000)  # a media file that does not compress


def _truncated(archive: Path) -> None:
    """The archive cut off part way, as a full disk or an interrupted copy leaves it."""
    content = archive.read_bytes()
    archive.write_bytes(content[: len(content) // 2])


def refused(archive: Path, *options: str) -> str:
    """Restore the archive, expecting a refusal that changes no table; the message."""
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(archive), *options)
    assert row_counts() == before
    return str(caught.value)


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(demo, tmp_path) -> None:
    message = refused(make_archive(tmp_path / "backup.tar.gz"))
    start = danish(HOLDS_DATA, tables="\x00").split("\x00")[0]
    assert message.startswith(start)
    # It names (the first five of) the tables that hold data, the demo's units among them
    named = message[len(start) :].split(")", 1)[0].removesuffix(", …").split(", ")
    assert len(named) == 5
    with connection.cursor() as cursor:
        for table in named:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            assert cursor.fetchone()[0] > 0, table


@pytest.mark.django_db
def test_restore_refuses_a_backup_from_a_newer_virkplan(tmp_path) -> None:
    migrations = _applied()
    migrations["plans"].append("0099_from_a_later_version")
    archive = make_archive(
        tmp_path / "backup.tar.gz", {"migrations": migrations, "virkplan": "9.0.0"}
    )
    message = refused(archive, "--force")
    assert "plans.0099_from_a_later_version" in message
    assert "9.0.0" in message


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_another_engine(tmp_path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    message = refused(make_archive(tmp_path / "backup.tar.gz", {"engine": other}), "--force")
    assert other in message and connection.vendor in message


HOLDS = "it holds %(name)s, which no backup holds"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "detail"),
    [
        pytest.param(
            lambda path: path.write_bytes(b"plain text, not an archive"),
            ("it is not a .tar.gz archive", {}),
            id="not-tar",
        ),
        pytest.param(
            lambda path: make_archive(path, {"format": "something/2"}),
            ("the manifest is not of the format %(format)s", {"format": "virkplan-backup/1"}),
            id="another-format",
        ),
        pytest.param(
            lambda path: make_archive(path, {"migrations": "all"}),
            ("the manifest is incomplete", {}),
            id="bad-manifest",
        ),
        pytest.param(
            lambda path: _truncated(make_archive(path, **{"media/a": NOISE})),
            ("the archive is damaged", {}),
            id="cut-off",
        ),
        pytest.param(
            lambda path: make_archive(path, **{"../escape.txt": b"x"}),
            (HOLDS, {"name": "../escape.txt"}),
            id="dot-dot",
        ),
        pytest.param(
            lambda path: make_archive(path, **{"/srv/escape.txt": b"x"}),
            (HOLDS, {"name": "/srv/escape.txt"}),
            id="absolute",
        ),
        pytest.param(
            lambda path: make_archive(path, **{"settings.py": b"x"}),
            (HOLDS, {"name": "settings.py"}),
            id="stray-file",
        ),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, make, detail) -> None:
    # Given a file that is not a backup, or one that holds what no backup holds
    archive = tmp_path / "backup.tar.gz"
    make(archive)

    # When it is restored, then it is refused saying why, and nothing is written anywhere
    expected = danish(NOT_A_BACKUP, file=archive, detail=danish(detail[0], **detail[1]))
    assert refused(archive, "--force") == expected
    assert not (tmp_path.parent / "escape.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_a_media_link_out_of_the_archive(tmp_path) -> None:
    # Given a backup whose media folder holds a link to a file of the server's
    archive = tmp_path / "backup.tar.gz"
    with (
        tarfile.open(make_archive(tmp_path / "plain.tar.gz")) as plain,
        tarfile.open(archive, "w:gz") as tar,
    ):
        for member in plain.getmembers():
            tar.addfile(member, plain.extractfile(member))
        link = tarfile.TarInfo("media/passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)

    # When it is restored, then it is refused, naming the link
    assert "media/passwd" in refused(archive, "--force")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_database_and_leaves_the_empty_one_as_it_was(tmp_path) -> None:
    # Given an empty database, and a backup whose database file is not a database
    archive = make_archive(tmp_path / "backup.tar.gz")
    with tarfile.open(archive) as tar:
        assert tar.extractfile(tar.getmembers()[1]).read() == b"not used"

    # When it is restored, then the tool's complaint is reported, and nothing changed
    message = refused(archive)
    assert "Traceback" not in message
    assert connection.introspection.table_names()  # the schema is still there


@pytest.mark.django_db(transaction=True)
def test_backup_to_a_folder_that_does_not_exist_says_so(tmp_path) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("backup", "-o", str(tmp_path / "missing" / "backup.tar.gz"))
    assert str(tmp_path / "missing" / "backup.tar.gz") in str(caught.value)
    assert not list(tmp_path.rglob("*.tar.gz*"))
