"""A service page shows everyone when its information was last checked (HSDS `assured_date`), in
the page's language, and the internal source of the entry (a seed file and chapter) only to staff."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.models import Service

pytestmark = pytest.mark.django_db
PAGE = "/services/pyyda-apua/"
SOURCE = "002_ce6b6a53e924301a.txt, luku 6 ja liite 1"  # pyyda-apua's source in kemi.yaml


def page(client, url=PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_source_is_not_shown_to_visitors(client, demo_data):
    assert Service.objects.get(slug="pyyda-apua").source == SOURCE
    assert SOURCE not in page(client)
    sign_in(client, User.objects.create_user("perhe", password="x-pass-123"))  # signed in, not staff
    assert SOURCE not in page(client)


def test_the_source_is_shown_to_staff(client, demo_data):
    sign_in(client, User.objects.create_user("tyontekija", password="x-pass-123", is_staff=True))
    assert f"Lähde: {SOURCE}" in page(client)


def test_the_date_of_the_last_check_is_shown_in_the_language_of_the_page(client, demo_data):
    Service.objects.filter(slug="pyyda-apua").update(assured_date=dt.date(2024, 3, 5))

    assert "Tiedot tarkistettu 5. maaliskuuta 2024" in page(client)
    assert "Uppgifterna kontrollerade 5 mars 2024" in page(client, "/sv" + PAGE)
    assert "Information checked March 5, 2024" in page(client, "/en" + PAGE)


def test_nothing_is_said_of_checking_when_the_date_is_empty(client, demo_data):
    assert Service.objects.get(slug="pyyda-apua").assured_date is None
    assert "Tiedot tarkistettu" not in page(client)
