"""Once made the decisions' full-text search; casework's 0003_decision_search makes it now.

Kept, doing nothing, so that databases that recorded it stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = []
