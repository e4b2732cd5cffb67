"""DatasetLabel moves here from `imports`: the state only, the table keeps its name."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        # The table is made by imports' first migration; this only takes it over.
        ("imports", "0002_import_job"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DatasetLabel",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("real", "Real records"),
                                    ("demo", "Demonstration data (generated, not real decisions)"),
                                ],
                                default="real",
                                max_length=8,
                            ),
                        ),
                        ("note", models.TextField(blank=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={"db_table": "imports_datasetlabel"},
                )
            ],
            database_operations=[],
        )
    ]
