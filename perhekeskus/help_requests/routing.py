"""Which team answers a request: by the asker's municipality and the topic.

The order of preference: a team of that municipality for that topic; the municipality's default
team; a default team serving no particular municipality (the region's service guidance, which
also takes requests whose municipality is not given).
"""

from .models import Team


class NoTeamError(Exception):
    """No team can take the request: the teams are not configured. Nothing is lost: the caller
    refuses the request with a message before anything is stored."""


def route(*, municipality=None, topic=None) -> Team:
    """The team that takes a new request from this municipality about this topic."""
    teams = Team.objects.prefetch_related("municipalities", "topics")
    if municipality is not None:
        local = [t for t in teams if municipality in t.municipalities.all()]
        if topic is not None:
            for team in local:
                if topic in team.topics.all():
                    return team
        for team in local:
            if team.is_default:
                return team
    for team in teams:
        if team.is_default and not team.municipalities.all():
            return team
    raise NoTeamError("No default team is configured for help requests.")
