from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, ORGANIZATION_EDITOR, grant

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
    grant(apps, "activities", COORDINATOR, content_type__model__in=COORDINATOR_MODELS)
    editor = [f"{verb}_{model}" for model, verbs in EDITOR_PERMISSIONS.items() for verb in verbs]
    grant(apps, "activities", ORGANIZATION_EDITOR, codename__in=editor)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(give_roles_the_calendar, migrations.RunPython.noop)]
