# The page cache is gone (issue 24): drop the epoch table that 0001 made in databases
# migrated before (a no-op where it never was).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("infra", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS infra_cacheepoch", migrations.RunSQL.noop),
    ]
