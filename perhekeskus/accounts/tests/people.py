"""Users for the sign-in's tests. A reader of sensitive data here is a coordinator: the accounts
app sits below the help requests and may not make their teams (the team members' sign-in is
tested beside the inbox, in help_requests/tests/test_staff_sign_in.py)."""

from django.contrib.auth.models import Group, User

from perhekeskus.directory.roles import COORDINATOR

PASSWORD = "Tiimi-salasana-2026"  # noqa: S105


def make_user(username: str, *, password: str | None = None, email: str = "", groups=()) -> User:
    user = User.objects.create_user(username, email=email, password=password)
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in groups))
    return user


def make_reader(username: str, **fields) -> User:
    """A user who reads sensitive data, so signs in with a second factor: a coordinator."""
    return make_user(username, groups=[COORDINATOR], **fields)
