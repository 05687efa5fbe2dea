"""The footer of every page: the law pages and feedback for everyone, the staff's links only for
the signed-in."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from perhekeskus.directory import roles

pytestmark = pytest.mark.django_db


def finnish(name: str) -> str:
    with translation.override("fi"):
        return reverse(name)


def footer(response) -> str:
    return response.content.decode().split('<footer class="site-footer">')[1]


@pytest.mark.parametrize("prefix", ["", "/sv", "/en"])
def test_the_footer_links_the_law_pages_and_feedback(client, demo_data, prefix):
    html = footer(client.get(prefix + "/"))
    for name in ("feedback:accessibility", "feedback:privacy"):
        assert f'href="{prefix}{finnish(name)}"' in html
    assert f'href="{prefix}{finnish("feedback:form")}?sivu={prefix}/"' in html


def test_anonymous_visitors_see_no_staff_links(client, demo_data):
    html = footer(client.get("/"))
    for name in ("help_requests:inbox", "activities:staff_list", "admin:index", "feedback:staff_list"):
        assert reverse(name) not in html


def test_staff_see_their_links(demo_data, sign_in):
    coordinator = User.objects.create_user("koordinaattori", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATOR))
    client = Client()
    sign_in(client, coordinator)
    html = footer(client.get("/"))
    for name in ("help_requests:inbox", "activities:staff_list", "admin:index", "feedback:staff_list"):
        assert f'href="{reverse(name)}"' in html


def test_the_feedback_list_is_linked_only_for_those_who_may_read_it(demo_data, sign_in):
    worker = User.objects.create_user("tiina")
    client = Client()
    sign_in(client, worker)
    html = footer(client.get("/"))
    assert reverse("help_requests:inbox") in html
    assert reverse("feedback:staff_list") not in html
