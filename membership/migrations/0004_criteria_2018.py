"""The 2018 admission criteria (version 1) with their indicators, and the CBS figures
already on each city (population, urbanity class, address density) as indicator values.
On a new installation the cities come later (``load_cities``): then
``manage.py load_city_figures`` copies them (the demo loader does too)."""

import datetime
from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    from membership import criteria_2018

    CriteriaSet = apps.get_model("membership", "CriteriaSet")
    CriterionNote = apps.get_model("membership", "CriterionNote")
    Indicator = apps.get_model("membership", "Indicator")
    IndicatorValue = apps.get_model("membership", "IndicatorValue")
    City = apps.get_model("members", "City")
    criteria_2018.ensure(CriteriaSet, CriterionNote, Indicator)
    indicators = {i.key: i for i in Indicator.objects.filter(key__in=criteria_2018.CITY_FIGURES)}
    values = []
    for city in City.objects.all():
        figure_date = datetime.date(city.urbanity_reference_year, 1, 1)
        for key, value, day in (
            ("population", city.population, city.population_reference_date),
            ("urbanity_class", city.urbanity_class, figure_date),
            ("address_density", city.address_density, figure_date),
        ):
            # Values hold dates of 2000-2100 (a constraint); an older figure (a city's
            # data not yet repaired) is not copied: `load_city_figures` copies it later.
            if not 2000 <= day.year <= 2100:
                continue
            values.append(
                IndicatorValue(
                    indicator=indicators[key],
                    city=city,
                    year=day.year,
                    value=Decimal(value),
                    source=indicators[key].source,
                    reference_date=day,
                )
            )
    IndicatorValue.objects.bulk_create(values, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("membership", "0003_criteria_and_applications")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
