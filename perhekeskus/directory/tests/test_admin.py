"""The staff admin: only staff enter, and the coordinator role can edit the directory."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from perhekeskus.directory.models import Service
from perhekeskus.directory.roles import COORDINATOR

pytestmark = pytest.mark.django_db

CHANGELISTS = ["service", "organization", "location", "area", "channel", "targetgroup", "pathstage", "closedday"]


@pytest.fixture
def coordinator():
    user = User.objects.create_user("koordinaattori", password="x-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    return user


def test_anonymous_and_non_staff_cannot_enter(client):
    response = client.get("/admin/directory/service/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(User.objects.create_user("perhe", password="x-pass-123"))
    response = client.get("/admin/directory/service/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_a_role_is_refused(client, sign_in):
    sign_in(client, User.objects.create_user("staff", password="x-pass-123", is_staff=True))
    assert client.get("/admin/directory/service/").status_code == 403


@pytest.mark.parametrize("model", CHANGELISTS)
def test_coordinator_sees_every_changelist(client, coordinator, demo_data, model, sign_in):
    sign_in(client, coordinator)
    assert client.get(f"/admin/directory/{model}/").status_code == 200
    assert client.get(f"/admin/directory/{model}/add/").status_code == 200


def test_coordinator_searches_and_edits_a_service_with_inline_channels(client, coordinator, demo_data, sign_in):
    sign_in(client, coordinator)
    assert b"Lastenneuvola" in client.get("/admin/directory/service/", {"q": "neuvola"}).content
    service = Service.objects.get(slug="huoli-ilmoitus")
    page = client.get(reverse("admin:directory_service_change", args=[service.pk]))
    assert page.status_code == 200
    assert b"050 370 7951" in page.content
    assert b"channels-TOTAL_FORMS" in page.content and b"schedules-TOTAL_FORMS" in page.content


def test_admin_superuser_sees_every_changelist(client, demo_data, sign_in):
    admin_user = User.objects.create_superuser("admin", password="x-pass-123")
    sign_in(client, admin_user)
    for model in CHANGELISTS:
        assert client.get(f"/admin/directory/{model}/").status_code == 200


def test_coordinator_cannot_manage_users(client, coordinator, sign_in):
    sign_in(client, coordinator)
    assert client.get("/admin/auth/user/").status_code == 403
