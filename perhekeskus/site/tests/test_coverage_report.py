"""The staff's coverage report (/staff/coverage/): the active services without contact details of
their own, by organisation, with what each page shows instead; for the coordinator and admins."""

import pytest
from django.contrib.auth.models import Group, User

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory import contact, roles
from perhekeskus.directory.models import Service

pytestmark = pytest.mark.django_db
URL = "/staff/coverage/"


def user(username: str, *, group: str | None = None, superuser: bool = False) -> User:
    person = User.objects.create_user(username, password="x", is_staff=bool(group), is_superuser=superuser)
    if group:
        person.groups.add(Group.objects.get_or_create(name=group)[0])
    return person


def test_the_coordinator_sees_the_services_without_own_contact_by_organisation(client, demo_data):
    sign_in(client, user("koordinaattori", group=roles.COORDINATOR))
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    (section,) = contact.coverage()
    active = Service.objects.filter(status=Service.Status.ACTIVE)
    lacking = [s for s in active if not s.channels.exists()]
    assert section.count == len(lacking) and section.total == active.count()
    assert f"{section.count} / {section.total}" in html
    for service in lacking:
        assert f'href="/services/{service.slug}/"' in html, service.slug
    with_own = next(s for s in active if s.channels.exists())
    assert f'href="/services/{with_own.slug}/"' not in html
    assert "Järjestäjää ei ole merkitty" in html  # the demo data has services without a provider
    assert "näyttää paikan yhteystiedot" in html and "näyttää yleisen ohjeen" in html


def test_an_admin_sees_the_report(client, demo_data):
    sign_in(client, user("admin", superuser=True))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("group", [None, roles.ORGANIZATION_EDITOR, roles.NETWORK_MEMBER, roles.MANAGEMENT])
def test_other_staff_are_refused(client, demo_data, group):
    sign_in(client, user("muu", group=group))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, demo_data):
    page = client.get(URL)
    assert page.status_code == 302 and "next=/staff/coverage/" in page["Location"]
