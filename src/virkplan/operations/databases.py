"""The database's own tools, for `services`: a consistent copy out, and a copy back in.

SQLite copies through its online backup API, which reads a consistent
snapshot while the site keeps writing (WAL). PostgreSQL dumps with pg_dump
in its custom format, from a snapshot exported by a repeatable-read
transaction in which the rows are also counted, so the counts and the
migration state in the manifest are those of the dump; it restores by
pg_restore's script through psql in one transaction, so a failed restore
leaves the database as it was.
"""

import os
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DATABASE_FILES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}
# Tables `migrate` fills in a database that holds no data yet.
FILLED_BY_MIGRATE = frozenset({"django_migrations", "django_content_type", "auth_permission"})

# Before pg_restore's script: drop what the application's schema holds (tables, views,
# sequences, functions), except what belongs to an extension, in the same transaction.
_POSTGRESQL_CLEAR = """
DO $$
DECLARE item record;
BEGIN
  FOR item IN
    SELECT format('%I.%I', n.nspname, c.relname) AS name,
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                          ELSE 'TABLE' END AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema()
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      -- not an extension's, and not a sequence or partition its table takes along
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype IN ('e', 'a', 'i'))
    ORDER BY c.relkind = 'S'
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', item.kind, item.name);
  END LOOP;
  FOR item IN
    SELECT p.oid::regprocedure::text AS name
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema()
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                        AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', item.name);
  END LOOP;
END $$;
"""


class BackupRefused(DomainError):
    """A backup or a restore could not be made; the message says why, and what to do."""


@dataclass
class Snapshot:
    """What a copy of the database holds: rows per table, and the migrations applied."""

    tables: dict[str, int] = field(default_factory=dict)
    migrations: dict[str, list[str]] = field(default_factory=dict)
    server: str = ""


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor in (SQLITE, POSTGRESQL):
        return connection.vendor
    raise BackupRefused(
        _("Backups are made of SQLite and PostgreSQL databases, not %(vendor)s.")
        % {"vendor": connection.vendor}
    )


def dump(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """Copy the whole database into the file `target`; what the copy holds."""
    _outside_transactions(connection)
    if engine_of(connection) == SQLITE:
        return _sqlite_dump(connection, target)
    return _postgresql_dump(connection, target)


def load(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Replace everything in the database by the copy in the file `source`."""
    _outside_transactions(connection)
    if engine_of(connection) == SQLITE:
        _sqlite_load(connection, source)
    else:
        _postgresql_load(connection, source)


def table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """The number of rows in every table of the database."""
    with connection.cursor() as cursor:
        return _counts(cursor, connection.introspection.table_names(cursor), connection)


def tables_with_data(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables holding rows, apart from those `migrate` fills in an empty database."""
    with connection.cursor() as cursor:
        found = []
        for table in connection.introspection.table_names(cursor):
            if table in FILLED_BY_MIGRATE:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.append(table)
        return found


def _outside_transactions(connection: BaseDatabaseWrapper) -> None:
    # A copy taken inside a transaction would miss or include what is not committed.
    if connection.in_atomic_block:
        raise BackupRefused(_("A backup or restore cannot run inside a database transaction."))


def _counts(cursor: Any, tables: list[str], connection: BaseDatabaseWrapper) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor: Any, tables: dict[str, int] | list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


# SQLite -------------------------------------------------------------------------------------


def _sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file, whatever journal the site runs with.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        names = [row[0] for row in cursor.fetchall()]
        tables = {}
        for name in sorted(names):
            quoted = '"' + name.replace('"', '""') + '"'
            tables[name] = cursor.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]  # noqa: S608
        server = cursor.execute("SELECT sqlite_version()").fetchone()[0]
        return Snapshot(tables, _migrations(cursor, tables), f"SQLite {server}")
    finally:
        copy.close()


def _sqlite_load(connection: BaseDatabaseWrapper, source: Path) -> None:
    copy = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        try:
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            verdict = str(exc)
        if verdict != "ok":
            raise BackupRefused(
                _("The database in the backup is damaged (%(verdict)s); nothing was restored.")
                % {"verdict": verdict}
            )
        connection.ensure_connection()
        try:
            copy.backup(connection.connection)
        except sqlite3.OperationalError as exc:
            raise BackupRefused(
                _(
                    "The database is in use (%(error)s). Stop virkplan's web and background "
                    "processes, then restore again; nothing was restored."
                )
                % {"error": exc}
            ) from exc
    finally:
        copy.close()


# PostgreSQL ---------------------------------------------------------------------------------


def _postgresql_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's variables for the database: the password never goes on a command line."""
    settings = connection.settings_dict
    values = {
        "PGDATABASE": settings.get("NAME"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGHOST": settings.get("HOST"),
        "PGPORT": str(settings.get("PORT") or ""),
        "PGAPPNAME": "virkplan backup",
    }
    options = settings.get("OPTIONS") or {}
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service"):
        if options.get(option):
            values[f"PG{option.upper()}"] = str(options[option])
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def _missing(program: str) -> BackupRefused:
    return BackupRefused(
        _(
            "%(program)s is not installed. Install PostgreSQL's client programs "
            "(Debian: postgresql-client) of the server's version."
        )
        % {"program": program}
    )


def _failed(program: str, stderr: bytes) -> BackupRefused:
    error = stderr.decode("utf-8", "replace").strip()
    return BackupRefused(_("%(program)s failed: %(error)s") % {"program": program, "error": error})


def _run(command: list[str], **kwargs: Any) -> None:
    try:
        result = subprocess.run(  # noqa: S603
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, **kwargs
        )
    except FileNotFoundError as exc:
        raise _missing(command[0]) from exc
    if result.returncode != 0:
        raise _failed(command[0], result.stderr)


def _postgresql_dump(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server = cursor.fetchone()
        tables = _counts(cursor, connection.introspection.table_names(cursor), connection)
        migrations = _migrations(cursor, tables)
        # pg_dump reads the same snapshot while this transaction keeps it open.
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env=_postgresql_environment(connection),
        )
    return Snapshot(tables, migrations, f"PostgreSQL {server}")


def _postgresql_load(connection: BaseDatabaseWrapper, source: Path) -> None:
    environment = _postgresql_environment(connection)
    connection.close()  # no session of ours holds a lock on what is replaced
    # The dump as an SQL script first, in full: psql must never commit half a restore
    # because pg_restore stopped part way.
    script = source.with_suffix(".sql")
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(source)],
        env=environment,
    )
    _run(
        [
            "psql",
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--command={_POSTGRESQL_CLEAR}",
            f"--file={script}",
        ],
        env=environment,
    )
