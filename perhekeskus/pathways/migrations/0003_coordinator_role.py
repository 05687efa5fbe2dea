from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, grant


def give_the_coordinator_the_paths(apps, schema_editor):
    grant(apps, "pathways", COORDINATOR)


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0002_short_help"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(give_the_coordinator_the_paths, migrations.RunPython.noop)]
