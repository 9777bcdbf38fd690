"""The migrations that add the date bounds (members 0002, networkdays 0004,
themegroups 0007) move a stored date outside them to the nearest bound first, so
they cannot fail on existing data, and the row can be read again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("members", "0001_initial"),
    ("networkdays", "0003_constraint_error_codes"),
    ("themegroups", "0006_remove_themegroupevent"),
]


@pytest.mark.django_db(transaction=True)
def test_dates_out_of_range_are_repaired_before_the_constraints_are_added():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    city = old.get_model("members", "City").objects.create(
        name="Zwolle",
        cbs_code="GM0193",
        province="Overijssel",
        population=130000,
        population_reference_date=datetime.date(1, 1, 1),
        urbanity_class=2,
        urbanity_reference_year=2021,
        address_density=1500,
    )
    day = old.get_model("networkdays", "NetworkDay").objects.create(
        title="Netwerkdag",
        kind="ambtelijk",
        date=datetime.date(2026, 6, 1),
        starts_at=datetime.time(10),
        ends_at=datetime.time(16),
        host_city=city,
        venue="Stadhuis",
        address="Grote Kerkplein 15",
        capacity=80,
        registration_opens_at=datetime.datetime(1, 1, 2, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )

    if connection.vendor == "postgresql":  # the case: stored as "… BC" in UTC
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE networkdays_networkday SET registration_opens_at = %s WHERE id = %s",
                ["0001-01-01 00:00:00+00:19:32", day.pk],
            )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from members.models import City
    from networkdays.models import NetworkDay

    assert City.objects.get(pk=city.pk).population_reference_date == datetime.date(1900, 1, 1)
    assert NetworkDay.objects.get(pk=day.pk).registration_opens_at == datetime.datetime(
        2000, 1, 1, tzinfo=datetime.UTC
    )
