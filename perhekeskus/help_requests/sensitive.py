"""Who reads sensitive data here (perhekeskus/accounts/sensitive.py): the members of a help-request
team read what families wrote, so they sign in with a second factor."""

from .permissions import is_team_worker


def reads_sensitive_data(user) -> bool:
    return is_team_worker(user)
