import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from infra.backup import BackupError, Target, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `manage.py backup`. "
        "Stop the web app and the workers first. Asks for --yes, because it overwrites."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="yes, overwrite the database")

    def handle(self, *args, path: Path, yes: bool = False, **options):
        if not yes:
            raise CommandError("Restoring overwrites the whole database; add --yes if you mean it.")
        target = Target.from_connection(connection)
        connection.close()
        started = time.monotonic()
        try:
            backup_restore(path=path, target=target)
        except BackupError as exc:
            raise CommandError(f"Restore failed, the database is as it was: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {path} in {time.monotonic() - started:.1f} s.")
        )
