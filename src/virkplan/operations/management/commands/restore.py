"""`virkplan restore FILE [--force]`: put back a backup made by `virkplan backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from virkplan.operations.services import BackupRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `virkplan backup` into an empty database. Stop virkplan's "
        "web and background processes first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup (.tar.gz)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in a database (and MEDIA_ROOT) that already holds data",
        )

    def handle(self, *args, file: Path, force: bool, **options) -> None:
        try:
            result = backup_restore(archive=file, force=force)
        except BackupRefused as refused:
            raise CommandError(refused.message) from refused
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored the backup of %(created)s (virkplan %(version)s): %(rows)s rows "
                    "in %(tables)s tables, and %(files)s file(s) in MEDIA_ROOT."
                )
                % {
                    "created": manifest.created_at,
                    "version": manifest.virkplan,
                    "rows": manifest.rows,
                    "tables": len(manifest.tables),
                    "files": result.media_files,
                }
            )
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The backup is from an older version of virkplan: run `virkplan "
                        "migrate` before starting the site (%(count)s migration(s) to apply)."
                    )
                    % {"count": len(result.pending_migrations)}
                )
            )
