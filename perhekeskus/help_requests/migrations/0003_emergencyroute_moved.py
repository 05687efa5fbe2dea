"""EmergencyRoute now belongs to the directory (directory 0005); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("help_requests", "0002_roles"),
        ("directory", "0005_emergencyroute"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="EmergencyRoute")]),
    ]
