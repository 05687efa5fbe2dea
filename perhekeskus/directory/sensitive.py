"""Who reads sensitive data here (perhekeskus/accounts/sensitive.py): the coordinators. They will
read the joint-meeting bookings and the surveys' free-text answers, and they hold the emergency
numbers that the help pages show, so their sign-in takes a second factor from the start."""

from .roles import COORDINATOR


def reads_sensitive_data(user) -> bool:
    return user.groups.filter(name=COORDINATOR).exists()
