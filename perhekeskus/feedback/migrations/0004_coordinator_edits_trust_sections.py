from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, grant


def coordinator_edits_trust_sections(apps, schema_editor):
    # The coordinator edits the law pages' texts in the admin, as they edit the directory.
    grant(apps, "feedback", COORDINATOR, content_type__model="trustsection")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0003_trust_sections"), ("feedback", "0002_coordinator_reads_feedback")]
    operations = [migrations.RunPython(coordinator_edits_trust_sections, migrations.RunPython.noop)]
