"""Who may read and work on help requests: the members of the request's team, and nobody else.

The issue's rule is "only members of the assigned team, and the coordinator for statistics
without content, can read a request". That excludes superusers on purpose: an admin manages
users, teams and the audit log (view and export), but does not read what families wrote. An admin
who really needs to read a request has to add themselves to the team in the admin, which leaves a
trace in Django's admin log; no view here has a superuser bypass. Roles held as groups
(coordinator, network member, organisation editor) give no access to requests either.

`access_*` functions authorise and fetch (the Zulip pattern): they raise rather than return None,
so a view cannot forget to check. A request outside the user's teams is a 404, exactly like a
request that does not exist, so a worker cannot probe which numbers exist in other teams. A user
who belongs to no team at all gets a 403 for every number alike, which reveals nothing either.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import HelpRequest, Team


def teams_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Team]:
    """The teams the user works in (Team.members); none for anonymous or deactivated users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(members=user)


def is_team_worker(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user belongs to at least one team, i.e. may open the inbox."""
    return teams_of(user).exists()


def can_work_on(user: AbstractBaseUser | AnonymousUser, request: HelpRequest) -> bool:
    """Whether the user may read and change this request: a member of its team (now).

    Checks the database rather than a cached team list, so a request transferred a moment ago is
    out of reach at once.
    """
    return teams_of(user).filter(pk=request.team_id).exists()


def access_inbox(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Team]:
    """The user's teams; PermissionDenied for a user who belongs to no team (whatever their role)."""
    teams = teams_of(user)
    if not teams.exists():
        raise PermissionDenied("Only members of a help-request team may open the inbox.")
    return teams


def access_request(user: AbstractBaseUser | AnonymousUser, pk: int) -> HelpRequest:
    """The request `pk` for a member of its team.

    PermissionDenied for a user in no team; Http404 for a request of another team or one that does
    not exist (the same answer, so its existence is not revealed). Does not write the audit event
    `read`: the caller does, when it actually shows the content.
    """
    access_inbox(user)
    request = (
        HelpRequest.objects.for_teams_of(user)
        .select_related("team", "assignee", "topic", "age_group", "municipality")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("No such help request in your teams.")
    return request


def check_can_work_on(user: AbstractBaseUser | AnonymousUser, request: HelpRequest) -> None:
    """PermissionDenied unless the user is a member of the request's team: the guard of every
    action, run again inside the action's transaction on the locked row."""
    if not can_work_on(user, request):
        raise PermissionDenied("Only members of the request's team may change it.")
