"""When a service's information was last checked (HSDS `assured_date`) is shown to everyone; the
internal source of an entry (a seed file and chapter) only to staff."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import User

from perhekeskus.directory.loader import LoadError, load_files
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
    client.force_login(User.objects.create_user("perhe", password="x-pass-123"))  # signed in, not staff
    assert SOURCE not in page(client)


def test_the_source_is_shown_to_staff(client, demo_data):
    client.force_login(User.objects.create_user("tyontekija", password="x-pass-123", is_staff=True))
    assert f"Lähde: {SOURCE}" in page(client)


def test_the_date_of_the_last_check_is_shown_in_the_language_of_the_page(client, demo_data):
    Service.objects.filter(slug="pyyda-apua").update(assured_date=dt.date(2024, 3, 5))

    assert "Tiedot tarkistettu 5. maaliskuuta 2024" in page(client)
    assert "Uppgifterna kontrollerade 5 mars 2024" in page(client, "/sv" + PAGE)
    assert "Information checked March 5, 2024" in page(client, "/en" + PAGE)


def test_nothing_is_said_of_checking_when_the_date_is_empty(client, demo_data):
    assert Service.objects.get(slug="pyyda-apua").assured_date is None
    assert "Tiedot tarkistettu" not in page(client)


def test_the_admin_edits_the_date(client, demo_data):
    client.force_login(User.objects.create_superuser("admin", password="x-pass-123"))
    service = Service.objects.get(slug="pyyda-apua")
    assert 'name="assured_date"' in page(client, f"/admin/directory/service/{service.pk}/change/")


def test_the_demo_files_give_no_date_so_none_is_invented(demo_data):
    assert not Service.objects.exclude(assured_date=None).exists()


def test_the_api_gives_the_date_by_its_hsds_name(client, demo_data):
    Service.objects.filter(slug="pyyda-apua").update(assured_date=dt.date(2024, 3, 5))
    assert client.get("/api/v1/services/pyyda-apua/").json()["assured_date"] == "2024-03-05"
    assert client.get("/api/v1/services/virtu-fi/").json()["assured_date"] is None


# --- from the data files --------------------------------------------------------------------------


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "checked.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def service(slug: str, **fields) -> dict:
    return {"slug": slug, "name": {"fi": "Palvelu"}, "kind": "chat", **fields}


def test_a_service_record_gives_its_date(tmp_path):
    load_files([write(tmp_path, {"services": [service("s1", assured_date="2024-03-05")]})])
    assert Service.objects.get(slug="s1").assured_date == dt.date(2024, 3, 5)


def test_the_file_header_gives_the_date_of_its_services_without_their_own(tmp_path):
    data = {
        "file": {"title": "Tarkistettu", "assured_date": dt.date(2024, 1, 15)},
        "services": [service("s1"), service("s2", assured_date=dt.date(2024, 3, 5))],
    }
    load_files([write(tmp_path, data)])
    assert Service.objects.get(slug="s1").assured_date == dt.date(2024, 1, 15)
    assert Service.objects.get(slug="s2").assured_date == dt.date(2024, 3, 5)


def test_a_file_without_a_date_leaves_it_empty_and_a_rerun_changes_nothing(tmp_path):
    path = write(tmp_path, {"file": {"title": "Ei päivää"}, "services": [service("s1")]})
    load_files([path])
    report = load_files([path])
    assert Service.objects.get(slug="s1").assured_date is None
    assert report.total("services").unchanged == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"services": [service("s1", assured_date="5.3.2024")]},
            "checked.yaml: services[s1].assured_date: expected a date YYYY-MM-DD, got '5.3.2024'",
        ),
        (
            {"file": {"assured_date": "2024-02-30"}, "services": [service("s1")]},
            "checked.yaml: file.assured_date: expected a date YYYY-MM-DD, got '2024-02-30'",
        ),
    ],
)
def test_a_bad_date_is_refused_with_file_record_and_field(tmp_path, data, expected):
    with pytest.raises(LoadError) as caught:
        load_files([write(tmp_path, data)])
    assert caught.value.messages == [expected]
    assert not Service.objects.filter(slug="s1").exists()
