"""The network and surveys sections through `load_data`: checked like every section, not yet
stored (this app has no models yet), and bad input refused with its file, record and field."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from perhekeskus.directory.loader import LoadError, load_files

DATA = Path(settings.BASE_DIR) / "data"


def network_records(name: str) -> int:
    """How many records the network section of a demo file holds (members, meetings, coordinator)."""
    network = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["network"]
    return len(network.get("members", [])) + len(network.get("meetings", [])) + ("coordinator" in network)


def write(tmp_path: Path, data, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def errors_of(*paths) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_files(paths)
    return caught.value.messages


@pytest.mark.django_db
def test_the_demo_network_and_surveys_are_checked_and_kept_for_later(demo_data):
    kemi = yaml.safe_load((DATA / "kemi.yaml").read_text(encoding="utf-8"))
    lines = demo_data.lines()

    assert f"kemi.yaml: network: {network_records('kemi.yaml')} validated, kept for later" in lines
    assert f"kymenlaakso.yaml: network: {network_records('kymenlaakso.yaml')} validated, kept for later" in lines
    assert f"kemi.yaml: surveys: {len(kemi['surveys'])} validated, kept for later" in lines
    assert demo_data.total("network").kept_for_later and demo_data.total("network").loaded == 0


@pytest.mark.django_db
def test_a_network_with_only_notes_counts_as_one_record(tmp_path):
    out = StringIO()
    load_files([write(tmp_path, {"network": {"note": "Verkosto kokoontuu."}, "surveys": []}, "one.yaml")], stdout=out)
    assert [line for line in out.getvalue().splitlines() if line.startswith("one.yaml")] == [
        "one.yaml: network: 1 validated, kept for later",
        "one.yaml: surveys: 0 validated, kept for later",
    ]


def survey(**fields) -> dict:
    return {"surveys": [{"slug": "kysely", "title": {"fi": "Kysely"}, **fields}]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"network": [{"organization": "kemin-kaupunki"}]},
            "bad.yaml: network: expected a mapping of fields, got a list",
        ),
        ({"network": {"colour": "red"}}, "bad.yaml: network.colour: unknown field"),
        (
            {"network": {"members": [{"organization": "kemin-kaupunki", "rol": "x"}]}},
            "bad.yaml: network.members[0].rol: unknown field; did you mean 'role'?",
        ),
        (
            {"network": {"members": [{"organization": "kemin-kaupunkii"}]}},
            "bad.yaml: network.members[0].organization: unknown organisation 'kemin-kaupunkii'; "
            "did you mean 'kemin-kaupunki'?",
        ),
        ({"network": {"members": [{"role": "x"}]}}, "bad.yaml: network.members[0].organization: missing"),
        ({"network": {"meetings": [{"recurrence": "x"}]}}, "bad.yaml: network.meetings[0].name: missing"),
        (
            {"network": {"meetings": [{"name": "Kokous", "organizer": "ei-ole"}]}},
            "bad.yaml: network.meetings[0].organizer: unknown organisation 'ei-ole'",
        ),
        (
            {"network": {"coordinator": {"tasks": "kaikki"}}},
            "bad.yaml: network.coordinator.tasks: expected a list of texts, got 'kaikki'",
        ),
        ({"surveys": {"slug": "kysely"}}, "bad.yaml: surveys: expected a list of records, got a mapping"),
        (survey(respondents="many"), "bad.yaml: surveys[kysely].respondents: expected a whole number, got 'many'"),
        (
            survey(period={"from": "2023-13-01"}),
            "bad.yaml: surveys[kysely].period.from: expected a date YYYY-MM-DD, got '2023-13-01'",
        ),
        (survey(findings=[{"sv": "x"}]), "bad.yaml: surveys[kysely].findings[0]: the Finnish text 'fi' is missing"),
        ({"surveys": [{"slug": "kysely"}]}, "bad.yaml: surveys[kysely].title: missing"),
    ],
)
def test_bad_network_and_survey_input_is_reported_with_file_record_and_field(demo_data, tmp_path, data, expected):
    messages = errors_of(write(tmp_path, data))
    assert any(m.startswith(expected) for m in messages), messages
