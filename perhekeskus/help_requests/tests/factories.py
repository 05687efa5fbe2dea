"""Small builders for help-request tests: teams, workers and requests straight through the ORM.

The public form (submission.submit_help_request) is not needed to test the inbox; these make the
rows it would make, with fixed times so marks like "overdue" can be tested at a given moment.
"""

import itertools
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User

from perhekeskus.help_requests.models import HelpRequest, Team

HELSINKI = ZoneInfo("Europe/Helsinki")
_numbers = itertools.count(1)


def make_user(
    username: str, *, groups=(), email: str = "", superuser: bool = False, password: str | None = None, **fields
) -> User:
    """A user with the given role groups (by name). Without `password` the password is unusable,
    which skips the deliberately slow hashing: tests log in with `force_login`."""
    if superuser:
        user = User.objects.create_superuser(username, email=email or f"{username}@example.org", password=password)
    else:
        user = User.objects.create_user(username, email=email, password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_team(slug: str, *, members=(), notify_email: str = "", name: str = "") -> Team:
    team = Team.objects.create(
        slug=slug, name_fi=name or slug.replace("-", " ").capitalize(), notify_email=notify_email
    )
    team.members.add(*members)
    return team


def make_request(team: Team, **fields) -> HelpRequest:
    """A request of `team`, sent on Monday 2 March 2026 10:00 and due Tuesday 16:00 unless told."""
    submitted_at = fields.pop("submitted_at", datetime(2026, 3, 2, 10, 0, tzinfo=HELSINKI))
    values = {
        "text": f"Kysymys numero {next(_numbers)}: lapsi ei nuku öisin.",
        "contact_method": HelpRequest.ContactMethod.ANONYMOUS,
        "submitted_at": submitted_at,
        "due_at": submitted_at.replace(hour=16, minute=0) + timedelta(days=1),
        "team": team,
        "submission_key": uuid.uuid4().hex,
    }
    values.update(fields)
    return HelpRequest.objects.create(**values)
