from django.contrib.auth.management import create_permissions
from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, COORDINATOR_MODELS


def create_coordinator_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    app_config = apps.get_app_config("directory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATOR)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="directory", content_type__model__in=COORDINATOR_MODELS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_target_group_ages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_coordinator_group, migrations.RunPython.noop)]
