from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_security_event_kinds_merged"),
    ]

    # A TextField's max_length is no database limit (the app checks it, issue 22).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="identityprovider",
                    name="email_domains",
                    field=models.TextField(
                        help_text="The domains of the addresses this provider answers for, one per line.",
                        max_length=2000,
                        verbose_name="e-mail domains",
                    ),
                ),
            ],
        ),
    ]
