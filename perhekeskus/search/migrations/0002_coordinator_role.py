from django.contrib.auth.management import create_permissions
from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR


def give_the_coordinator_the_thesaurus(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    coordinator.permissions.add(*Permission.objects.filter(content_type__app_label="search"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(give_the_coordinator_the_thesaurus, migrations.RunPython.noop)]
