from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files with django-dbbackup (dbbackup and "
        "mediabackup --clean): encrypted for BACKUP_GPG_RECIPIENT when it is set, the "
        "newest BACKUP_KEEP of each kept. Restore: make restore FILE=… (dbrestore)."
    )

    def handle(self, *args, **options):
        from dbbackup import settings as dbbackup_settings

        encrypt = bool(dbbackup_settings.GPG_RECIPIENT)
        if not encrypt and not settings.DEBUG:
            self.stderr.write(
                "BACKUP_GPG_RECIPIENT is not set: this backup is not encrypted. "
                "A backup holds personal data (SECURITY.md)."
            )
        verbosity = options["verbosity"]
        # The uploaded files' folder (knowledge), made by the first upload: an install
        # without one yet backs up an empty archive.
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        call_command("dbbackup", clean=True, encrypt=encrypt, verbosity=verbosity)
        call_command("mediabackup", clean=True, encrypt=encrypt, verbosity=verbosity)
