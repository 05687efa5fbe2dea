"""Who may change which activities: coordinators all of them, organisation editors their own.

The issue's rule is "coordinators and organisers edit their own activities (an organiser edits
only those of its organisation)". The directory has no link between a user and an organisation,
so until it has one, the link is a Django group named exactly after the organisation's slug
(`kotka-kymin-seurakunta`), created and filled in by an admin. Membership of such a group means
nothing by itself: the user must also be in the ORGANIZATION_EDITOR role group. An organisation's
units (Organization.parent, two levels down) count as the organisation: an editor of the city
edits the activities of its early-childhood education too.

Superusers and the COORDINATOR group edit every activity. Everyone else, network members
included, edits none. The staff pages and the admin use the same functions, so the rule is
written once. `access_*` functions authorise and fetch (raising, so that a view cannot forget).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from perhekeskus.directory.models import Organization
from perhekeskus.directory.roles import COORDINATOR, ORGANIZATION_EDITOR

from .models import Activity

User = AbstractBaseUser | AnonymousUser


def _active(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _group_names(user: User) -> set[str]:
    if not _active(user):
        return set()
    return set(user.groups.values_list("name", flat=True))


def edits_all(user: User) -> bool:
    """Whether the user edits every activity: a superuser or a coordinator."""
    return _active(user) and (user.is_superuser or COORDINATOR in _group_names(user))


def organizations_of(user: User) -> QuerySet[Organization]:
    """The organisations whose activities the user edits as an organisation editor.

    The groups named after an organisation's slug, with their units; none unless the user is in
    the ORGANIZATION_EDITOR group (and none for anonymous or deactivated users).
    """
    names = _group_names(user)
    if ORGANIZATION_EDITOR not in names:
        return Organization.objects.none()
    names = names - {ORGANIZATION_EDITOR, COORDINATOR}
    return Organization.objects.filter(
        Q(slug__in=names) | Q(parent__slug__in=names) | Q(parent__parent__slug__in=names)
    )


def editable_activities(user: User) -> QuerySet[Activity]:
    """The activities the user may change: all, those of the user's organisations, or none."""
    if edits_all(user):
        return Activity.objects.all()
    organizations = organizations_of(user)
    return Activity.objects.filter(pk__in=Activity.objects.filter(organizers__in=organizations).values("pk"))


def can_edit(user: User, activity: Activity) -> bool:
    """Whether the user may change this activity (its dates, cancellations and visitor counts)."""
    return edits_all(user) or editable_activities(user).filter(pk=activity.pk).exists()


def is_activity_staff(user: User) -> bool:
    """Whether the user has a role that edits activities at all (the staff pages answer 403 if not)."""
    return edits_all(user) or ORGANIZATION_EDITOR in _group_names(user)


def access_activities(user: User) -> QuerySet[Activity]:
    """The user's editable activities; PermissionDenied for a user with no such role."""
    if not is_activity_staff(user):
        raise PermissionDenied("Only coordinators and organisation editors edit activities.")
    return editable_activities(user)


def access_activity(user: User, slug: str) -> Activity:
    """The activity `slug` for a user who may change it.

    Http404 for an activity that does not exist, PermissionDenied for one of another organisation
    or for a user with no role: the activities are public, so a 403 reveals nothing.
    """
    access_activities(user)
    activity = get_object_or_404(Activity.objects.select_related("place", "area"), slug=slug)
    if not can_edit(user, activity):
        raise PermissionDenied("An organisation editor changes only the activities of their organisation.")
    return activity
