"""The former theme-group history table is carried over into the audit trail before it
is dropped (themegroups migrations 0005 and 0006); the group's page still shows it."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("themegroups", "0003_people_in_history")]


@pytest.mark.django_db(transaction=True)
def test_old_history_lines_are_carried_over():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    pillar = old.get_model("pillars", "Pillar").objects.create(
        name="Sociale Pijler", short_name="Sociaal", slug="sociaal"
    )
    group = old.get_model("themegroups", "ThemeGroup").objects.create(
        name="Jeugd",
        slug="jeugd",
        goal="Doel",
        expected_result="Resultaat",
        lead_pillar=pillar,
        review_due_on=datetime.date(2027, 1, 1),
        status="active",
        started_on=datetime.date(2026, 1, 1),
    )
    at = timezone.now() - datetime.timedelta(days=3)
    old.get_model("themegroups", "ThemeGroupEvent").objects.create(
        theme_group=group,
        kind="extended",
        changes={"review_due_on": ["2026-06-01", "2027-01-01"], "reason": [None, "Door."]},
        actor_name="Hendrik Molenaar (Amersfoort)",
        at=at,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from themegroups.history import group_history
    from themegroups.models import ThemeGroup

    (line,) = group_history(ThemeGroup.objects.get(pk=group.pk))
    assert line.kind == "extended"
    assert line.at == at
    assert line.actor_name == "Hendrik Molenaar (Amersfoort)"
    assert (None, "Door.") in [(before, after) for _label, before, after in line.changes]
    assert (datetime.date(2026, 6, 1), datetime.date(2027, 1, 1)) in [
        (before, after) for _label, before, after in line.changes
    ]
    assert "themegroups_themegroupevent" not in connection.introspection.table_names()
