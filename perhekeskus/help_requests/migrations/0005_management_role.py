from django.db import migrations

from perhekeskus.directory.roles import MANAGEMENT, grant


def create_management(apps, schema_editor):
    # Management sees the statistics without content, like the coordinator, and nothing else here.
    grant(apps, "help_requests", MANAGEMENT, codename="view_help_request_statistics")


class Migration(migrations.Migration):
    dependencies = [
        ("help_requests", "0004_routing_and_limits"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_management, migrations.RunPython.noop)]
