"""The search's GIN index on PostgreSQL, on the stored Dutch tsvector
(``KnowledgeProduct.search_vector``). SQLite has no full-text search here and gets no
index (the search falls back to icontains; selectors.py)."""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "knowledge_search_dutch"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON knowledge_knowledgeproduct "
        "USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="knowledgeproduct",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
