from django.contrib.auth.management import create_permissions
from django.db import migrations

from perhekeskus.directory.roles import COORDINATOR, NETWORK_MEMBER, ORGANIZATION_EDITOR


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can hold them.
    app_config = apps.get_app_config("help_requests")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in (NETWORK_MEMBER, ORGANIZATION_EDITOR):
        Group.objects.get_or_create(name=name)
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    # The coordinator sees statistics without content and edits the help-request configuration
    # (topics, teams, emergency routes, urgency terms), never the requests themselves.
    coordinator.permissions.add(
        *Permission.objects.filter(content_type__app_label="help_requests", codename="view_help_request_statistics"),
        *Permission.objects.filter(
            content_type__app_label="help_requests",
            content_type__model__in=["topic", "childagegroup", "team", "emergencyroute", "urgencyterm"],
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("help_requests", "0001_initial"),
        ("directory", "0003_coordinator_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
