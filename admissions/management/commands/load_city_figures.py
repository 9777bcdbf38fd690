from django.core.management.base import BaseCommand

from admissions.services import city_figures_copy


class Command(BaseCommand):
    help = (
        "Copy each city's CBS figures (population, urbanity class, address density) as "
        "indicator values of the admission criteria. Idempotent: a value that exists for "
        "that year is left alone."
    )

    def handle(self, *args, **options):
        made = city_figures_copy()
        self.stdout.write(self.style.SUCCESS(f"Made {made} indicator values."))
