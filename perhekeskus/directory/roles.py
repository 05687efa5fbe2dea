"""Staff roles of the directory as permission groups.

The coordinator edits everything in the directory; admins are superusers. The roles of later
features (team workers, network members, organisation editors) add their groups beside these.
"""

COORDINATOR = "Koordinaattori"
# Roles of the network without access to help requests; their own views arrive with their issues.
NETWORK_MEMBER = "Verkoston jäsen"
ORGANIZATION_EDITOR = "Organisaation muokkaaja"
# The management of the wellbeing region and the municipality: the figures the family centre is
# judged by (help-request statistics without content now, the indicators later), nothing else.
MANAGEMENT = "Johto"
# Team workers are the members of a help-request Team (Team.members), not a group.

# Models whose rows the coordinator adds, changes and deletes in the admin.
COORDINATOR_MODELS = (
    "area",
    "organization",
    "location",
    "service",
    "serviceatlocation",
    "channel",
    "schedule",
    "scheduleexception",
    "closedday",
    "targetgroup",
    "pathstage",
    "deliverymode",
    "language",
    "task",
    "contactguidance",
)


def grant(apps, app_label: str, group: str, **permission_filters) -> None:
    """For data migrations: give `group` the permissions of `app_label` that match the filters
    (all of the app's when none are given). Permissions are normally created after all
    migrations, so they are created here first for the group to hold them."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    holder, _ = Group.objects.get_or_create(name=group)
    holder.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, **permission_filters))


def coordinates(user) -> bool:
    """The coordinator or an admin: who reads the staff's reports on the directory's data."""
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=COORDINATOR).exists())
