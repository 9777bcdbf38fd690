"""A group's history (``history.group_history_entries``) asks the audit trail for the
entries of its members, support and decisions by the group's id in ``additional_data``:
without an index that is a scan of the whole trail, which grows with every year
(issue 24: 2.3 ms of a group's page on ten years' data, 0.2 ms with it). On PostgreSQL
an index on that key; with the one on ``object_id`` (the group's own entries) the
query is a BitmapOr of two index scans. SQLite gets none (the development database)."""

from django.db import migrations

INDEX = "themegroups_history_entries"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON auditlog_logentry "
        "((additional_data -> 'theme_group'))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("themegroups", "0008_alter_reviewdecision_reason_and_more"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create, drop)]
