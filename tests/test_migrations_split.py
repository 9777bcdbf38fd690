"""Issue 24 split the ``membership`` app into ``admissions`` and ``contributions``
without moving a row: the tables keep their names, each new app's 0001 *replaces*
membership's migrations 0001–0007 and its 0002 gives the content types the new label.
These tests hold the three promises: an existing database (membership applied) runs
only the content-type moves; the moved content types keep their rows (so the audit
trail and the permissions follow); a new database has the tables and the statement
trigger (the latter: tests/contributions/test_statements.py)."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from admissions.models import Application
from contributions.models import ContributionStatement

MEMBERSHIP = [
    "0001_initial",
    "0002_cbs_cpi_figures_and_statement_lock",
    "0003_criteria_and_applications",
    "0004_criteria_2018",
    "0005_step_corrections_and_rate_corrections",
    "0006_alter_advice_reasons_alter_application_motivation_and_more",
    "0006_pending_letter",
    "0007_merge_20261207_2050",
]
CONTENT_TYPES = "0002_content_types_from_membership"


def _as_before_the_split():
    """The migration records of a database at main's head before the split."""
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(app__in=["admissions", "contributions"]).delete()
    for name in MEMBERSHIP:
        recorder.record_applied("membership", name)


@pytest.mark.django_db
def test_a_database_before_the_split_runs_only_the_content_type_moves():
    _as_before_the_split()
    executor = MigrationExecutor(connection)
    applied = executor.loader.applied_migrations
    assert ("admissions", "0001_initial") in applied
    assert ("contributions", "0001_initial") in applied
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert sorted((m.app_label, m.name) for m, backwards in plan if not backwards) == [
        ("admissions", CONTENT_TYPES),
        ("contributions", CONTENT_TYPES),
    ]


@pytest.mark.django_db
def test_a_new_database_makes_the_tables_under_their_old_names():
    assert Application._meta.db_table == "membership_application"
    assert ContributionStatement._meta.db_table == "membership_contributionstatement"
    tables = set(connection.introspection.table_names())
    moved = [m._meta.db_table for m in global_apps.get_app_config("admissions").get_models()]
    moved += [m._meta.db_table for m in global_apps.get_app_config("contributions").get_models()]
    assert len(moved) == 18 and set(moved) <= tables
    assert "membership_criteriaset_indicators" in tables  # the many-to-many's own table


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app", "model"), [("admissions", "application"), ("contributions", "contributionstatement")]
)
def test_a_content_type_moves_with_its_row_and_permissions(app, model):
    migration = importlib.import_module(f"{app}.migrations.{CONTENT_TYPES}")
    ContentType.objects.filter(app_label=app, model=model).delete()
    old = ContentType.objects.create(app_label="membership", model=model)
    permission = Permission.objects.create(
        content_type=old, codename=f"view_{model}", name=f"Can view {model}"
    )
    migration.forwards(global_apps, None)
    moved = ContentType.objects.get(pk=old.pk)
    assert (moved.app_label, moved.model) == (app, model)
    assert Permission.objects.get(pk=permission.pk).content_type_id == old.pk
    assert not ContentType.objects.filter(app_label="membership").exists()
    migration.backwards(global_apps, None)
    assert ContentType.objects.get(pk=old.pk).app_label == "membership"
    ContentType.objects.clear_cache()  # rows come back with the rollback; no stale cache
