from django.contrib.auth.management import create_permissions
from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, ORGANIZATION_EDITOR

# The coordinator keeps the whole calendar: seasons, breaks, activities and their dates and counts.
COORDINATOR_MODELS = ("season", "break", "activity", "pause", "datechange", "visitcount")
# An organisation editor adds and changes activities, their pauses, dates and visitor counts; which
# rows is limited in the admin to the editor's organisations (permissions.py). Deleting an activity,
# and the seasons of an area, stay with the coordinator.
EDITOR_PERMISSIONS = {
    "activity": ("add", "change", "view"),
    "pause": ("add", "change", "delete", "view"),
    "datechange": ("add", "change", "delete", "view"),
    "visitcount": ("add", "change", "view"),
}


def give_roles_the_calendar(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can hold them.
    app_config = apps.get_app_config("activities")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    calendar = Permission.objects.filter(content_type__app_label="activities")
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    coordinator.permissions.add(*calendar.filter(content_type__model__in=COORDINATOR_MODELS))
    editor, _ = Group.objects.get_or_create(name=ORGANIZATION_EDITOR)
    editor.permissions.add(
        *calendar.filter(
            codename__in=[f"{verb}_{model}" for model, verbs in EDITOR_PERMISSIONS.items() for verb in verbs]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(give_roles_the_calendar, migrations.RunPython.noop)]
