from django.core.management.base import BaseCommand

from members.services import cities_load, pillars_load


class Command(BaseCommand):
    help = (
        "Load the shipped reference data: the G40 cities and the three standing pillars. "
        "Creates only what is missing; running it twice changes nothing."
    )

    def handle(self, *args, **options):
        cities = cities_load()
        pillars = pillars_load()
        self.stdout.write(f"Cities created: {cities}; pillars created: {pillars}.")
