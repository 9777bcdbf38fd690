"""The search's GIN index on PostgreSQL: the same expression the search filters on
(SearchVector("search_text", config="dutch")). SQLite has no full-text search here
and gets no index (the search falls back to icontains; selectors.py)."""

from django.db import migrations

INDEX = "knowledge_search_dutch"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON knowledge_knowledgeproduct USING gin "
        "(to_tsvector('dutch'::regconfig, COALESCE(search_text, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
