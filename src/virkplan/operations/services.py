"""A complete backup of a virkplan site, and its restore: the database and MEDIA_ROOT.

The JSON export (`virkplan export --format json`) carries plans from one
installation to another; it leaves out users, roles, history, workflow
events, follow-up rounds and revision links. A backup leaves out nothing: it
is the database copied by its own tools (see `databases`), with the files in
MEDIA_ROOT, in one archive:

    manifest.json          format, virkplan's version, engine, migrations, rows per table
    database.sqlite3       or database.pgdump (pg_dump's custom format)
    media/...              MEDIA_ROOT as it was

This is an app of its own, not part of a domain app, because it knows no
domain: it copies every table Django has, whatever the apps above it hold.
Restoring is not an edit through the domain's services either: it puts the
database back as it was, history included, so it writes no history itself.
"""

import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from virkplan.core.data_version import data_changed

from . import databases
from .databases import DATABASE_FILES, BackupRefused

FORMAT = "virkplan-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"

__all__ = ["BackupRefused", "backup_create", "backup_restore", "default_backup_name"]


@dataclass
class Manifest:
    """What a backup holds, written first in the archive."""

    engine: str
    created_at: str
    virkplan: str
    server: str = ""
    migrations: dict[str, list[str]] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    media_files: int = 0
    format: str = FORMAT

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.engine]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest
    size: int


@dataclass
class RestoreResult:
    manifest: Manifest
    media_files: int
    # Migrations of this version of virkplan that the backup predates: `virkplan migrate`.
    pending_migrations: list[str]


def _virkplan_version() -> str:
    try:
        return version("virkplan")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


def default_backup_name(engine: str, now: datetime | None = None) -> str:
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return f"virkplan-backup-{engine}-{stamp}.tar.gz"


def backup_create(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write a complete backup of the database and MEDIA_ROOT to `output` (a .tar.gz).

    Runs while the site is in use: the database is copied from one
    consistent snapshot. The archive appears under its name only once it is
    complete, and only its owner may read it (it holds password hashes).
    """
    connection = connections[using]
    engine = databases.engine_of(connection)
    output = output.resolve()
    partial = output.with_name(f".{output.name}.partial")
    with tempfile.TemporaryDirectory(prefix="virkplan-backup-") as folder:
        dump = Path(folder) / DATABASE_FILES[engine]
        snapshot = databases.dump(connection, dump)
        media = _media_files()
        manifest = Manifest(
            engine=engine,
            created_at=timezone.localtime().isoformat(timespec="seconds"),
            virkplan=_virkplan_version(),
            server=snapshot.server,
            migrations=snapshot.migrations,
            tables=snapshot.tables,
            media_files=len(media),
        )
        try:
            _write_archive(partial, manifest, dump, media)
            partial.replace(output)
        except OSError as exc:
            raise BackupRefused(
                _("The backup cannot be written to %(path)s: %(error)s")
                % {"path": output, "error": exc.strerror or exc}
            ) from exc
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(output, manifest, output.stat().st_size)


def _write_archive(path: Path, manifest: Manifest, dump: Path, media: list[Path]) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as tar:
        # The manifest first, so a restore reads it without unpacking the rest.
        _add_bytes(tar, MANIFEST, json.dumps(asdict(manifest), indent=2).encode())
        tar.add(dump, arcname=manifest.database_file)
        for file_path in media:
            relative = file_path.relative_to(settings.MEDIA_ROOT).as_posix()
            tar.add(file_path, arcname=f"{MEDIA}/{relative}", recursive=False)


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(content))


def backup_restore(
    *, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Put the database and MEDIA_ROOT back as the backup holds them.

    Refuses, changing nothing, a file that is not a virkplan backup, a backup
    of another database engine, one made by a newer virkplan (migrations
    this version does not have), and a database or MEDIA_ROOT that already
    holds data unless `force` is given. After the restore every table has
    the rows the backup's manifest counted, or the restore says so.
    """
    connection = connections[using]
    engine = databases.engine_of(connection)
    with _open(archive) as tar:
        found = _members(tar, archive)
        manifest = _read_manifest(tar, archive)
        members = _checked_members(found, manifest, archive)
        _check_engine(manifest, engine)
        pending = _migration_state(manifest)
        if not force:
            _check_empty(connection)
        with tempfile.TemporaryDirectory(prefix="virkplan-restore-") as folder:
            tar.extractall(folder, members=members, filter="data")
            databases.load(connection, Path(folder) / manifest.database_file)
            _check_counts(manifest, databases.table_counts(connection))
            media = _restore_media(Path(folder) / MEDIA)
    # The restored data is not what any cached page shows.
    data_changed()
    return RestoreResult(manifest, media, pending)


def _not_a_backup(archive: Path, detail: str) -> BackupRefused:
    return BackupRefused(
        _("%(file)s is not a virkplan backup (%(detail)s); nothing was restored.")
        % {"file": archive, "detail": detail}
    )


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, "r:*")
    except tarfile.TarError as exc:
        raise _not_a_backup(archive, _("it is not a .tar.gz archive")) from exc
    except OSError as exc:
        raise _not_a_backup(archive, exc.strerror or str(exc)) from exc


def _members(tar: tarfile.TarFile, archive: Path) -> list[tarfile.TarInfo]:
    """Every member, reading the archive to its end: a cut-off archive is refused here."""
    try:
        return tar.getmembers()
    except (EOFError, zlib.error, tarfile.TarError, OSError) as exc:
        raise _not_a_backup(archive, _("the archive is damaged")) from exc


def _read_manifest(tar: tarfile.TarFile, archive: Path) -> Manifest:
    try:
        member = tar.getmember(MANIFEST)
        file = tar.extractfile(member)
        data: dict[str, Any] = json.loads(file.read(1_000_000)) if file else {}
    except (KeyError, ValueError, EOFError, zlib.error, tarfile.TarError, OSError) as exc:
        raise _not_a_backup(archive, _("no readable manifest.json")) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _not_a_backup(
            archive, _("the manifest is not of the format %(format)s") % {"format": FORMAT}
        )
    try:
        manifest = Manifest(**data)
    except TypeError as exc:
        raise _not_a_backup(archive, _("the manifest is incomplete")) from exc
    if not _well_formed(manifest):
        raise _not_a_backup(archive, _("the manifest is incomplete"))
    return manifest


def _well_formed(manifest: Manifest) -> bool:
    migrations, tables = manifest.migrations, manifest.tables
    return (
        manifest.engine in DATABASE_FILES
        and isinstance(migrations, dict)
        and all(isinstance(names, list) for names in migrations.values())
        and isinstance(tables, dict)
        and all(isinstance(rows, int) for rows in tables.values())
    )


def _checked_members(
    found: list[tarfile.TarInfo], manifest: Manifest, archive: Path
) -> list[tarfile.TarInfo]:
    """The archive's database and media members; anything else makes the archive suspect."""
    wanted = []
    for member in found:
        path = PurePosixPath(member.name)
        inside = not path.is_absolute() and ".." not in path.parts
        database = member.isfile() and member.name == manifest.database_file
        media = (member.isfile() or member.isdir()) and path.parts[:1] == (MEDIA,)
        if member.name == MANIFEST:
            continue
        if inside and (database or media):
            wanted.append(member)
        else:
            raise _not_a_backup(
                archive, _("it holds %(name)s, which no backup holds") % {"name": member.name}
            )
    if manifest.database_file not in {member.name for member in wanted}:
        raise _not_a_backup(archive, _("%(name)s is missing") % {"name": manifest.database_file})
    return wanted


def _check_engine(manifest: Manifest, engine: str) -> None:
    if manifest.engine != engine:
        raise BackupRefused(
            _(
                "The backup is of a %(backup)s database and this site uses %(engine)s; a "
                "backup is restored into the same kind of database. Move plans between "
                "kinds with `virkplan export --format json` and `virkplan import`."
            )
            % {"backup": manifest.engine, "engine": engine}
        )


def _migration_state(manifest: Manifest) -> list[str]:
    """This code's migrations the backup lacks; refuses a backup with migrations it lacks."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)  # squashed away, still in older databases
    applied = {(app, name) for app, names in manifest.migrations.items() for name in names}
    newer = sorted(applied - known)
    if newer:
        raise BackupRefused(
            _(
                "The backup was made by a newer virkplan (%(version)s): this version does not "
                "have the migrations %(migrations)s. Install virkplan %(version)s or later, "
                "then restore; nothing was restored."
            )
            % {
                "version": manifest.virkplan,
                "migrations": ", ".join(f"{app}.{name}" for app, name in newer[:5]),
            }
        )
    pending = sorted(f"{app}.{name}" for app, name in set(loader.disk_migrations) - applied)
    return pending


def _check_empty(connection: Any) -> None:
    tables = databases.tables_with_data(connection)
    media = _media_files()
    if tables:
        raise BackupRefused(
            _(
                "The database already holds data (in %(tables)s). Restore into an empty "
                "database, or add --force to replace everything in it; nothing was restored."
            )
            % {"tables": ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")}
        )
    if media:
        raise BackupRefused(
            _(
                "MEDIA_ROOT (%(folder)s) already holds %(count)s file(s). Restore into an "
                "empty folder, or add --force to replace them; nothing was restored."
            )
            % {"folder": settings.MEDIA_ROOT, "count": len(media)}
        )


def _check_counts(manifest: Manifest, restored: dict[str, int]) -> None:
    differ = [
        f"{table} ({restored.get(table, 0)} ≠ {rows})"
        for table, rows in manifest.tables.items()
        if restored.get(table, 0) != rows
    ]
    if differ:
        raise BackupRefused(
            _("The restored database does not hold what the backup counted: %(tables)s.")
            % {"tables": ", ".join(differ[:5])}
        )


def _restore_media(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    root = Path(settings.MEDIA_ROOT)
    count = 0
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            target = root / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            count += 1
    return count
