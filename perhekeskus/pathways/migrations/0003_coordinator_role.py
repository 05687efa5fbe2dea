from django.contrib.auth.management import create_permissions
from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR


def give_the_coordinator_the_paths(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    app_config = apps.get_app_config("pathways")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    coordinator.permissions.add(*Permission.objects.filter(content_type__app_label="pathways"))


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0002_short_help"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(give_the_coordinator_the_paths, migrations.RunPython.noop)]
