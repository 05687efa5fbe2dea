"""`assured_date` (HSDS 3): the day a service's entry was last checked against its source, read
from the service's record or its file's header (never invented) and edited in the admin. The page
that shows it is the site's (site/tests/test_service_source.py)."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import User

from perhekeskus.directory.loader import LoadError, load_files
from perhekeskus.directory.models import Service

pytestmark = pytest.mark.django_db


def test_the_admin_edits_the_date(client, demo_data, sign_in):
    sign_in(client, User.objects.create_superuser("admin", password="x-pass-123"))
    service = Service.objects.get(slug="pyyda-apua")
    response = client.get(f"/admin/directory/service/{service.pk}/change/")
    assert response.status_code == 200 and 'name="assured_date"' in response.content.decode()


def test_the_demo_files_give_no_date_so_none_is_invented(demo_data):
    assert not Service.objects.exclude(assured_date=None).exists()


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
