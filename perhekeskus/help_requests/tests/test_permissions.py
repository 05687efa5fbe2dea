"""Who may read a request: members of its team only; no role, not even a superuser, bypasses that."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from perhekeskus.directory.roles import COORDINATOR, NETWORK_MEMBER, ORGANIZATION_EDITOR
from perhekeskus.help_requests.permissions import (
    access_inbox,
    access_request,
    can_work_on,
    check_can_work_on,
    is_team_worker,
    teams_of,
)

from .factories import make_request, make_team, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    member = make_user("tiina")
    other = make_user("olli")
    both = make_user("bea")
    team = make_team("perhesosiaalityo", members=[member, both])
    other_team = make_team("lastensuojelu", members=[other, both])
    return {
        "member": member,
        "other": other,
        "both": both,
        "team": team,
        "other_team": other_team,
        "request": make_request(team),
        "other_request": make_request(other_team),
    }


def test_teams_of_lists_the_users_teams_only(setting):
    assert list(teams_of(setting["member"])) == [setting["team"]]
    assert set(teams_of(setting["both"])) == {setting["team"], setting["other_team"]}
    assert not teams_of(AnonymousUser()).exists()


def test_a_deactivated_member_has_no_teams(setting):
    setting["member"].is_active = False
    setting["member"].save()
    assert not teams_of(setting["member"]).exists()
    assert not can_work_on(setting["member"], setting["request"])


def test_members_work_on_their_teams_requests_only(setting):
    assert can_work_on(setting["member"], setting["request"])
    assert not can_work_on(setting["member"], setting["other_request"])
    assert can_work_on(setting["both"], setting["other_request"])
    with pytest.raises(PermissionDenied):
        check_can_work_on(setting["other"], setting["request"])


def test_access_request_returns_the_request_to_a_member(setting):
    assert access_request(setting["member"], setting["request"].pk) == setting["request"]


def test_another_teams_request_and_a_missing_one_are_the_same_404(setting):
    with pytest.raises(Http404) as other_team:
        access_request(setting["member"], setting["other_request"].pk)
    with pytest.raises(Http404) as missing:
        access_request(setting["member"], 999_999)
    assert str(other_team.value) == str(missing.value)


@pytest.mark.parametrize(
    "groups, superuser",
    [((), False), ((NETWORK_MEMBER,), False), ((ORGANIZATION_EDITOR,), False), ((COORDINATOR,), False), ((), True)],
    ids=["no-role", "network-member", "organization-editor", "coordinator", "superuser"],
)
def test_roles_outside_the_teams_get_permission_denied_for_every_number(setting, groups, superuser):
    user = make_user("rooli", groups=groups, superuser=superuser)
    assert not is_team_worker(user)
    for pk in (setting["request"].pk, setting["other_request"].pk, 999_999):
        with pytest.raises(PermissionDenied):
            access_request(user, pk)
    with pytest.raises(PermissionDenied):
        access_inbox(user)
    assert not can_work_on(user, setting["request"])


def test_a_superuser_who_joins_the_team_reads_as_a_member(setting):
    admin = make_user("admin", superuser=True)
    setting["team"].members.add(admin)
    assert access_request(admin, setting["request"].pk) == setting["request"]
    with pytest.raises(Http404):
        access_request(admin, setting["other_request"].pk)


def test_anonymous_users_have_no_access(setting):
    with pytest.raises(PermissionDenied):
        access_request(AnonymousUser(), setting["request"].pk)
