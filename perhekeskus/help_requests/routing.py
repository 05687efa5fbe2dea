"""Which team answers a request: by the asker's municipality and the topic.

The order of preference: a team of that municipality for that topic; the municipality's default
team; a default team serving no particular municipality (the region's service guidance, which
also takes requests whose municipality is not given).

A team with no active members would leave a request unread until someone notices, so it is
passed over for the next team in that order that has members, and the request records the team
it passed over (shown in the inbox, logged). When no team in the order has members, the region's
default team takes it all the same: a request is never refused for want of a worker, and the
error in the log says that nobody is reading.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from .models import Team

logger = logging.getLogger(__name__)


class NoTeamError(Exception):
    """No team can take the request: the teams are not configured. Nothing is lost: the caller
    refuses the request with a message before anything is stored."""


@dataclass(frozen=True)
class Routing:
    """The team that takes a request, and the team it would have gone to had that one had
    active members (None when the first choice took it)."""

    team: Team
    passed_over: Team | None = None


def route(*, municipality=None, topic=None) -> Routing:
    """The team that takes a new request from this municipality about this topic."""
    active = get_user_model().objects.filter(is_active=True).only("pk")
    teams = Team.objects.prefetch_related(
        "municipalities", "topics", Prefetch("members", queryset=active, to_attr="active_members")
    )
    candidates = _in_preference_order(list(teams), municipality=municipality, topic=topic)
    if not candidates:
        raise NoTeamError("No default team is configured for help requests.")
    first = candidates[0]
    staffed = next((team for team in candidates if team.active_members), None)
    if staffed is None:
        # Nobody reads any of them: the last in the order (the region's default, when there is
        # one) takes it, where the coordinator looks first.
        staffed = candidates[-1]
        logger.error("No team for this request has active members; it goes to team %s unread", staffed.slug)
    if staffed == first:
        return Routing(team=first)
    logger.warning("Team %s has no active members; the request goes to team %s", first.slug, staffed.slug)
    return Routing(team=staffed, passed_over=first)


def _in_preference_order(teams: list[Team], *, municipality, topic) -> list[Team]:
    order = []
    if municipality is not None:
        local = [t for t in teams if municipality in t.municipalities.all()]
        if topic is not None:
            order += [t for t in local if topic in t.topics.all()]
        order += [t for t in local if t.is_default]
    order += [t for t in teams if t.is_default and not t.municipalities.all()]
    return list(dict.fromkeys(order))  # each team once, in its first place
