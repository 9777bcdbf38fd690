from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from admissions.services import IMPORT_COLUMNS, indicator_values_import
from members.actors import SYSTEM
from members.services import ImportRejected


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV file with the columns "
        + ", ".join(IMPORT_COLUMNS)
        + " (indicator = its key, e.g. low_income_households; reference_date YYYY-MM-DD). "
        "A file with any fault is rejected whole, naming row and column; nothing is "
        "half-imported. A value that exists for that municipality, indicator and year is "
        "replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            count = indicator_values_import(by=SYSTEM, text=text)
        except ImportRejected as exc:
            raise CommandError(f"{path} rejected, nothing imported. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {count} indicator values."))
