"""Staff roles of the directory as permission groups.

The coordinator edits everything in the directory; admins are superusers. The roles of later
features (team workers, network members, organisation editors) add their groups beside these.
"""

COORDINATOR = "Koordinaattori"
# Roles of the network without access to help requests; their own views arrive with their issues.
NETWORK_MEMBER = "Verkoston jäsen"
ORGANIZATION_EDITOR = "Organisaation muokkaaja"
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
)
