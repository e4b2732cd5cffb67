"""DatasetLabel now belongs to `casework` (casework 0002): the state only, no table changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_import_job"),
        ("casework", "0002_dataset_label"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DatasetLabel")],
            database_operations=[],
        )
    ]
