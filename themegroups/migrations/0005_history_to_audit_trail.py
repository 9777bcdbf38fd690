"""The group's history now reads the audit trail (django-auditlog). The lines of the
former history table are carried over as audit entries on their group, keeping what
they said (kind, changes, who by name, when); the next migration drops the table."""

from django.db import migrations


def carry_over(apps, schema_editor):
    Event = apps.get_model("themegroups", "ThemeGroupEvent")
    if not Event.objects.exists():
        return
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group_type, _created = ContentType.objects.get_or_create(
        app_label="themegroups", model="themegroup"
    )
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=group_type,
                object_pk=str(event.theme_group_id),
                object_id=event.theme_group_id,
                object_repr=event.theme_group.name,
                action=0 if event.kind == "proposed" else 1,  # create, update
                changes=event.changes,
                actor_id=event.actor_id,
                timestamp=event.at,
                additional_data={
                    "kind": event.kind,
                    "actor_name": event.actor_name,
                    "carried_over": True,
                },
            )
            for event in Event.objects.select_related("theme_group").order_by("pk").iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("themegroups", "0004_constraint_codes"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
