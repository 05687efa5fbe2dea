"""The data loader on the real demo files and on bad variants of them written to tmp_path.

The demo data may already be in the test database (the session fixture `demo_db` of other
modules), so these tests compare with counts taken before a run rather than assume it is empty.
"""

import dataclasses
import datetime as dt
import functools
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from perhekeskus.demo import DEMO_FILES, demo_paths
from perhekeskus.directory import loader
from perhekeskus.directory.loader import LoadError, load_files
from perhekeskus.directory.loader_context import SECTIONS, Section, register_sections
from perhekeskus.directory.models import Area, Channel, Location, Organization, Schedule, Service, TargetGroup

DATA = Path(settings.BASE_DIR) / "data"
VOCABULARY = DATA / "vocabulary.yaml"
# Written for this project, not copies of ../shared/data.
REPO_ONLY = {"vocabulary.yaml", "help_requests.yaml", "trust_pages.yaml"}


@functools.cache
def demo_yaml() -> tuple[dict, ...]:
    """The demo files as parsed, once per run: parsing them all takes half a second or more."""
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")) for path in demo_paths())


def yaml_count(section: str) -> int:
    """How many records the demo files define in `section`."""
    return sum(len(data.get(section) or []) for data in demo_yaml())


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def service(**fields) -> dict:
    return {"services": [{"slug": "s1", "name": {"fi": "Palvelu"}, "kind": "e_service", **fields}]}


def errors_of(*paths) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_files(paths)
    return caught.value.messages


def snapshot() -> dict:
    """Everything a re-run could change or duplicate, keyed so that a difference shows."""
    return {
        "counts": [m.objects.count() for m in (Area, Organization, Location, Service, Channel, Schedule, TargetGroup)],
        "services": list(Service.objects.order_by("slug").values_list("slug", "pk", "name_fi", "updated_at")),
        "channels": list(Channel.objects.order_by("pk").values_list("pk", "service__slug", "value")),
        "schedules": list(Schedule.objects.order_by("pk").values_list("pk", "weekdays", "opens_at", "closes_at")),
    }


# --- the demo files -----------------------------------------------------------------------------


def test_make_run_loads_the_demo_files_in_their_order():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    listed = next(line for line in makefile.splitlines() if line.startswith("DATA :="))
    assert listed.split(":=", 1)[1].split() == [f"data/{name}" for name in DEMO_FILES]


@pytest.mark.django_db
def test_demo_files_load_with_counts_matching_the_yaml(demo_data):
    """The run under test is the session's own load of the demo files into the empty test
    database (`demo_db`); loading them once more here would only repeat it, for six seconds."""
    report = demo_data
    out = "\n".join(report.lines())

    for section, model in [
        ("services", Service),
        ("organizations", Organization),
        ("places", Location),
        ("areas", Area),
    ]:
        assert report.total(section).loaded == yaml_count(section) == model.objects.count(), section
    assert report.total("target_groups").loaded == TargetGroup.objects.count() == 10
    assert report.total("activities").loaded == yaml_count("activities") == 14  # stored by the activities app
    assert "kemi.yaml: services: 111 loaded (" in out
    assert "kemi.yaml: activities: 2 loaded (" in out
    assert "kemi_pathways.yaml: pathways: 2 loaded (" in out  # stored by the pathways app


@pytest.mark.django_db
def test_demo_values_are_stored_in_their_fields(demo_data):
    pyyda = Service.objects.get(slug="pyyda-apua")
    assert pyyda.name_sv == "Be om hjälp! -knappen"
    assert pyyda.description_fi_plain.startswith("Voit kysyä apua netissä.")
    assert pyyda.organization.slug == "lapin-hyvinvointialue"
    assert [o.slug for o in pyyda.partners.all()] == ["kemin-kaupunki"]
    assert {t.slug for t in pyyda.target_groups.all()} == {"families", "youth", "parents"}
    assert pyyda.path_stage.slug == "e_help"
    assert (pyyda.anonymous, pyyda.identification_required, pyyda.free) == (True, False, None)
    assert pyyda.keywords("fi")[:2] == ["pyydä apua", "apua"]
    assert [c.value for c in pyyda.channels.all()] == ["https://www.kemi.fi", "https://lapha.fi", "https://virtu.fi"]
    assert Service.objects.get(slug="hatanumero-112").keywords("fi")[0] == "112"

    helppi = Service.objects.get(slug="pikkuhelppi-kotka-kymin-seurakunta").schedules.get()
    assert (helppi.weekdays, helppi.opens_at, helppi.closes_at) == ("mo,tu,we,th,fr", dt.time(9), dt.time(16, 30))
    assert (helppi.valid_from, helppi.note_en) == (dt.date(2022, 1, 10), "At most 2 hours at a time.")

    south_west = Area.objects.get(slug="lounainen-perhekeskusalue")
    assert south_west.parent.slug == "lapin-hyvinvointialue"
    assert south_west.municipalities.count() == 6
    assert Organization.objects.get(slug="kemin-nuorisotyo").parent.slug == "kemin-kaupunki"
    assert Location.objects.get(slug="pysakki-kotka").name_fi == "Pysäkki, Kotkan toimipiste"
    school_age, parents = TargetGroup.objects.get(slug="school_age"), TargetGroup.objects.get(slug="parents")
    assert (school_age.age_min, school_age.age_max, parents.age_min, parents.age_max) == (7, 15, None, None)


@pytest.mark.django_db
def test_a_second_run_changes_and_duplicates_nothing(demo_data):
    before = snapshot()
    report = load_files(demo_paths())

    assert before == snapshot()
    for count in report.counts:
        assert (count.new, count.updated) == (0, 0), count.line()
    assert report.total("services").unchanged == yaml_count("services")


@pytest.mark.django_db
def test_a_changed_file_updates_by_slug_and_replaces_channels(demo_data, tmp_path):
    data = yaml.safe_load((DATA / "kemi.yaml").read_text(encoding="utf-8"))
    record = next(s for s in data["services"] if s["slug"] == "pyyda-apua")
    record["name"]["fi"] = "Pyydä apua -palvelu"
    record["channels"] = [c for c in record["channels"] if c["value"] != "https://lapha.fi"]
    pk, total = Service.objects.get(slug="pyyda-apua").pk, Service.objects.count()

    report = load_files([VOCABULARY, write(tmp_path, "kemi.yaml", data)])

    pyyda = Service.objects.get(slug="pyyda-apua")
    assert (pyyda.pk, pyyda.name_fi) == (pk, "Pyydä apua -palvelu")
    assert [c.value for c in pyyda.channels.all()] == ["https://www.kemi.fi", "https://virtu.fi"]
    assert Service.objects.count() == total
    assert (report.total("services").new, report.total("services").updated) == (0, 1)


@pytest.mark.django_db
def test_closing_at_24_00_is_stored_as_midnight(tmp_path):
    path = write(tmp_path, "late.yaml", service(hours=[{"days": ["fr", "sa"], "opens": "18:00", "closes": "24:00"}]))
    load_files([path])
    rule = Service.objects.get(slug="s1").schedules.get()
    assert (rule.weekdays, rule.opens_at, rule.closes_at) == ("fr,sa", dt.time(18), dt.time(0))


# --- all or nothing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_run_with_one_bad_file_writes_nothing(tmp_path):
    good = write(
        tmp_path,
        "good.yaml",
        {
            "areas": [{"slug": "rollback-kunta", "name": "Kunta", "kind": "municipality"}],
            "services": [{"slug": "rollback-palvelu", "name": "Palvelu", "kind": "chat"}],
        },
    )
    bad = write(tmp_path, "bad.yaml", service(organization="no-such-organisation"))
    before = snapshot()

    messages = errors_of(VOCABULARY, DATA / "kemi.yaml", good, bad)

    assert messages == ["bad.yaml: services[s1].organization: unknown organisation 'no-such-organisation'"]
    assert snapshot() == before  # so empty of services when it was empty before
    assert not Service.objects.filter(slug__in=["rollback-palvelu", "s1"]).exists()
    assert not Area.objects.filter(slug="rollback-kunta").exists()


# --- bad input: each message names file, record and field ---------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (service(colour="red"), "bad.yaml: services[s1].colour: unknown field"),
        (
            {"target_groups": [{"slug": "x", "name": "X", "age_min": 9, "age_max": 3}]},
            "bad.yaml: target_groups[x].age_max: 3 is below age_min 9",
        ),
        (
            service(channels=[{"kind": "web", "value": "https://x.fi", "lable": "x"}]),
            "bad.yaml: services[s1].channels[0].lable: unknown field; did you mean 'label'?",
        ),
        ({"colours": []}, "bad.yaml: colours: unknown section"),
        (
            service(target_groups=["bebies"]),
            "bad.yaml: services[s1].target_groups: unknown target group 'bebies'; did you mean 'babies'?",
        ),
        (service(free="yes"), "bad.yaml: services[s1].free: expected true or false, got 'yes'"),
        (service(age_min="x"), "bad.yaml: services[s1].age_min: expected a whole number, got 'x'"),
        (service(kind="phone"), "bad.yaml: services[s1].kind: expected one of e_service, "),
        (
            service(hours=[{"days": ["monday"], "opens": "09:00", "closes": "11:00"}]),
            "bad.yaml: services[s1].hours[0].days: unknown weekday 'monday' (use mo, tu, we, th, fr, sa, su)",
        ),
        (
            service(hours=[{"days": ["mo"], "opens": "9", "closes": "11:00"}]),
            "bad.yaml: services[s1].hours[0].opens: expected a time \"HH:MM\", got '9'",
        ),
        (
            service(hours=[{"days": ["mo"], "opens": "12:00", "closes": "09:00"}]),
            "bad.yaml: services[s1].hours[0].closes: ",
        ),
        (service(hours=[{"days": ["mo"], "opens": "09:00"}]), "bad.yaml: services[s1].hours[0].closes: missing"),
        (service(age_min=12, age_max=6), "bad.yaml: services[s1].age_max: "),
        (service(channels=[{"kind": "web", "value": "www.x.fi"}]), "bad.yaml: services[s1].channels[0].value: "),
        (service(name={"sv": "Tjänst"}), "bad.yaml: services[s1].name: the Finnish text 'fi' is missing"),
        (
            {"organizations": [{"slug": "o1", "name": "Org", "website": "not a url"}]},
            "bad.yaml: organizations[o1].website: Enter a valid URL.",
        ),
        (
            {"places": [{"slug": "p1", "name": "Paikka", "municipality": "lapin-hyvinvointialue"}]},
            "bad.yaml: places[p1].municipality: area 'lapin-hyvinvointialue' is a wellbeing_region, not a municipality",
        ),
        (
            {
                "areas": [
                    {"slug": "a1", "name": "A", "kind": "municipality", "parent": "a2"},
                    {"slug": "a2", "name": "B", "kind": "municipality", "parent": "a1"},
                ]
            },
            "bad.yaml: areas[a1].parent: the parent chain of 'a1' comes back to it",
        ),
        (
            {"activities": [{"slug": "x", "title": "X", "place": "nowhere"}]},
            "bad.yaml: activities[x].place: unknown place 'nowhere'",
        ),
        (
            {
                "pathways": [
                    {
                        "slug": "p",
                        "audience": "families",
                        "title": "P",
                        "start": "a",
                        "steps": [{"id": "a", "text": "A", "choices": [{"label": "L", "next": "b"}]}],
                    }
                ]
            },
            "bad.yaml: pathways[p].steps[0].choices[0].next: no step has the id 'b'",
        ),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_reported_with_file_record_and_field(demo_data, tmp_path, data, expected):
    messages = errors_of(VOCABULARY, write(tmp_path, "bad.yaml", data))
    assert any(m.startswith(expected) for m in messages), messages


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("areas:\n  - {slug: a, name: A\n  - {slug: b}\n", 3),
        ("areas:\n  - slug: a\n    slug: b\n", 3),
        ("services:\n  - slug: s1\n\tname: x\n", 3),
    ],
)
def test_malformed_yaml_names_the_file_and_line(tmp_path, text, line):
    (message,) = errors_of(write(tmp_path, "broken.yaml", text))
    assert message.startswith(f"broken.yaml: line {line}, column "), message


def test_a_missing_file_is_an_error(tmp_path):
    (message,) = errors_of(tmp_path / "missing.yaml")
    assert message.startswith("missing.yaml: file not found")


@pytest.mark.django_db
def test_a_slug_defined_in_two_files_is_an_error(tmp_path):
    area = {"areas": [{"slug": "twice", "name": "A", "kind": "municipality"}]}
    messages = errors_of(write(tmp_path, "one.yaml", area), write(tmp_path, "two.yaml", area))
    assert messages == ["two.yaml: areas[twice].slug: duplicate slug 'twice', already defined in one.yaml"]


@pytest.mark.django_db
def test_all_problems_of_a_run_are_reported_together(tmp_path):
    bad = write(
        tmp_path,
        "bad.yaml",
        {
            "services": [
                {"slug": "s1", "name": "A", "kind": "chat", "free": "yes", "age_min": "x"},
                {
                    "slug": "s2",
                    "name": "B",
                    "kind": "chat",
                    "hours": [{"days": ["mo"], "opens": "9", "closes": "10:00"}],
                },
            ],
            "colours": [],
        },
    )
    messages = errors_of(bad)
    assert sorted(m.split(":")[1].strip() for m in messages) == [
        "colours",
        "services[s1].age_min",
        "services[s1].free",
        "services[s2].hours[0].opens",
    ]


# --- the sections and their one order -----------------------------------------------------------


@pytest.mark.django_db
def test_a_section_goes_to_the_handler_its_app_registered_in_its_place_in_the_order(tmp_path, monkeypatch):
    seen = []

    def handler(ctx, parts):
        seen.extend(p.value for p in parts)

    monkeypatch.setitem(SECTIONS, "surveys", dataclasses.replace(SECTIONS["surveys"], handler=handler))

    load_files([write(tmp_path, "s.yaml", {"surveys": [{"anything": "goes"}]})])

    assert seen == [[{"anything": "goes"}]]
    assert [section.name for section in loader.sections_in_order()] == settings.DATA_SECTIONS


def test_every_section_loads_after_the_sections_whose_records_it_names():
    order = [section.name for section in loader.sections_in_order()]
    assert order[0] == "file"
    for before, after in [
        ("target_groups", "services"),
        ("areas", "organizations"),
        ("organizations", "places"),
        ("places", "services"),
        ("tasks", "services"),
        ("organizations", "network"),
        ("places", "activities"),
        ("seasons", "activities"),
        ("services", "pathways"),
        ("help_topics", "help_teams"),
        ("services", "emergency_routes"),
    ]:
        assert order.index(before) < order.index(after), (before, after)


def test_a_section_in_the_order_that_no_app_loads_is_an_error(settings, tmp_path):
    settings.DATA_SECTIONS = [*settings.DATA_SECTIONS, "colours"]
    with pytest.raises(ImproperlyConfigured, match="lists colours, which no installed app registers a loader for"):
        load_files([write(tmp_path, "one.yaml", service())])


def test_a_registered_section_missing_from_the_order_is_an_error(settings):
    settings.DATA_SECTIONS = [name for name in settings.DATA_SECTIONS if name != "surveys"]
    with pytest.raises(ImproperlyConfigured, match="does not list surveys"):
        loader.sections_in_order()


def test_a_section_registered_twice_is_an_error():
    with pytest.raises(ImproperlyConfigured, match="'areas' is registered twice"):
        register_sections(Section("areas", lambda ctx, parts: None))
    assert SECTIONS["areas"].noun == "area"


# --- the command --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_progress(tmp_path):
    out = StringIO()
    call_command("load_data", str(write(tmp_path, "one.yaml", service())), stdout=out)
    assert "one.yaml: services: 1 loaded (1 new, 0 updated)" in out.getvalue()


@pytest.mark.django_db
def test_every_section_of_a_file_has_a_progress_line_even_when_empty(tmp_path):
    out = StringIO()
    load_files([write(tmp_path, "empty.yaml", {"file": {"title": "T"}, "services": [], "surveys": []})], stdout=out)
    assert out.getvalue().splitlines() == [
        "empty.yaml: services: 0 loaded (0 new, 0 updated)",
        "empty.yaml: surveys: 0 validated, kept for later",
    ]


@pytest.mark.django_db
def test_the_command_fails_with_the_messages_on_stderr(tmp_path):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_data", str(write(tmp_path, "bad.yaml", service(free="yes"))), stderr=err)
    assert "bad.yaml: services[s1].free: expected true or false" in err.getvalue()
    assert not Service.objects.filter(slug="s1").exists()


def test_the_command_exits_with_status_1(tmp_path):
    broken = write(tmp_path, "broken.yaml", "areas: [\n")
    result = subprocess.run(  # the file fails before any database is opened
        [sys.executable, "manage.py", "load_data", str(broken)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    assert result.returncode == 1
    assert "broken.yaml: line 2, column 1: invalid YAML" in result.stderr


# --- the demo data copy -------------------------------------------------------------------------


def test_demo_data_copy_equals_shared():
    shared = Path(settings.BASE_DIR).parent / "shared" / "data"
    if not shared.is_dir():
        pytest.skip(f"no shared data folder at {shared} to compare the copy with")
    copies = {p.name for p in DATA.iterdir() if p.suffix == ".yaml" or p.name == "SCHEMA.md"} - REPO_ONLY
    originals = {p.name for p in shared.iterdir() if p.suffix == ".yaml" or p.name == "SCHEMA.md"}
    assert copies == originals
    for name in sorted(copies):
        assert (DATA / name).read_bytes() == (shared / name).read_bytes(), f"data/{name} differs from {shared / name}"


@pytest.mark.django_db
def test_social_media_handles_are_kept_as_social_media_channels(demo_data):
    from perhekeskus.directory.models import Channel

    channels = Channel.objects.filter(service__slug="perhekeskus-some")
    assert sorted(channels.values_list("kind", "value")) == [
        ("social_media", "@keminkaupunkicityofkemi"),
        ("social_media", "@keminlastenkulttuurikeskus"),
        ("social_media", "@perhekeskuskemissa"),
    ]
    assert all(channel.href == "" for channel in channels)


@pytest.mark.slow(reason="loads the four shared data files and the bundled vocabulary from scratch")
@pytest.mark.django_db
def test_shared_files_alone_load_on_an_empty_database_with_the_bundled_vocabulary():
    """`load_data kemi.yaml ...` without vocabulary.yaml: the bundled vocabulary comes first."""
    shared = [DATA / name for name in ("kemi.yaml", "kymenlaakso.yaml", "kotka_lansi.yaml", "kemi_pathways.yaml")]
    TargetGroup.objects.all().delete()  # the test's transaction puts any demo data back afterwards

    report = load_files(shared)

    assert report.files[0] == "vocabulary.yaml"
    assert TargetGroup.objects.exists()
    assert Service.objects.filter(slug__isnull=False).exists()
