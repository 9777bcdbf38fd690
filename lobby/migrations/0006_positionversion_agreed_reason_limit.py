from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lobby", "0005_merge_20261207_2050"),
    ]

    # A TextField's max_length is no database limit (the app checks it, issue 22).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="positionversion",
                    name="agreed_reason",
                    field=models.TextField(
                        blank=True,
                        help_text="Required when the DB agrees before the cities' deadline or with cities unanswered.",
                        max_length=10000,
                        verbose_name="reason for agreeing early",
                    ),
                ),
            ],
        ),
    ]
