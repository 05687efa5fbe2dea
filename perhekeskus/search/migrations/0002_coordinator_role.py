from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, grant


def give_the_coordinator_the_thesaurus(apps, schema_editor):
    grant(apps, "search", COORDINATOR)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(give_the_coordinator_the_thesaurus, migrations.RunPython.noop)]
