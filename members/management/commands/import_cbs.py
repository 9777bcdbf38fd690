from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.services import CBS_IMPORT_COLUMNS, ImportRejected, cbs_figures_import


class Command(BaseCommand):
    help = (
        "Update cities with newer CBS figures from a CSV file with the columns "
        + ", ".join(CBS_IMPORT_COLUMNS)
        + ". A file with any fault is rejected whole; nothing is half-imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            updated = cbs_figures_import(text=text)
        except ImportRejected as exc:
            raise CommandError(f"{path} rejected, nothing imported. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Updated the CBS figures of {updated} cities."))
