from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, grant


def coordinator_reads_feedback(apps, schema_editor):
    # The coordinator reads the feedback and marks it handled; no one else but admins.
    grant(apps, "feedback", COORDINATOR, codename__in=["view_feedbackmessage", "change_feedbackmessage"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(coordinator_reads_feedback, migrations.RunPython.noop)]
