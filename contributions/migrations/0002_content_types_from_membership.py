"""The content types of this app's models, until issue 24 those of the ``membership`` app,
take this app's label: the audit trail's entries, the admin's log and the permissions
(and the groups that hold them) point to the content type's row, which is kept, so
they follow the model. On a new database there is nothing to move (the content types
are made after the migrations)."""

from django.db import migrations

MODELS = [
    "priceindexfigure",
    "contributionrate",
    "statementcounter",
    "contributionstatement",
    "municipalmerger",
    "budgetyear",
    "budgetchange",
]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label="contributions", model=model).exists():
            continue  # made already (the code ran before this migration): leave both
        ContentType.objects.filter(app_label="membership", model=model).update(
            app_label="contributions"
        )


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="contributions", model__in=MODELS).update(
        app_label="membership"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
