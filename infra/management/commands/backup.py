import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from infra.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a consistent backup of the database to backups/ (or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="the backup file to write")

    def handle(self, *args, output: Path | None = None, **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "backups" / f"g40-{stamp}.backup"
        started = time.monotonic()
        try:
            backup_create(path=output)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        size = output.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output} ({size / 1024:.0f} KiB, "
                f"{time.monotonic() - started:.1f} s)."
            )
        )
