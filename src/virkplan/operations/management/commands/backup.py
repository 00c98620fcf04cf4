"""`virkplan backup [-o FILE]`: a complete backup of the database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from virkplan.operations.databases import engine_of
from virkplan.operations.services import BackupRefused, backup_create, default_backup_name


class Command(BaseCommand):
    help = (
        "Write a complete backup (database, users, history, uploaded files) to a .tar.gz "
        "file; restore it with `virkplan restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="the file to write (default: virkplan-backup-ENGINE-DATE-TIME.tar.gz here)",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        try:
            output = output or Path(default_backup_name(engine_of(connection)))
            result = backup_create(output=output)
        except BackupRefused as refused:
            raise CommandError(refused.message) from refused
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(path)s (%(size)s MB): %(rows)s rows in %(tables)s "
                    "tables of the %(engine)s database, and %(files)s file(s) from MEDIA_ROOT."
                )
                % {
                    "path": result.path,
                    "size": f"{result.size / 1e6:.1f}",
                    "rows": manifest.rows,
                    "tables": len(manifest.tables),
                    "engine": manifest.engine,
                    "files": manifest.media_files,
                }
            )
        )
