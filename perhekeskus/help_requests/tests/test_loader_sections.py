"""The help-request sections of the data files, loaded by the directory's loader (load_data)."""

import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command

from perhekeskus.demo import demo_paths
from perhekeskus.directory.loader import LoadError, load_files
from perhekeskus.directory.models import EmergencyRoute
from perhekeskus.help_requests.models import ChildAgeGroup, Team, Topic, UrgencyTerm

DATA = Path(settings.BASE_DIR) / "data"
HELP_DATA = DATA / "help_requests.yaml"
SECTIONS = ("help_topics", "child_age_groups", "help_teams", "emergency_routes", "urgency_terms")


def help_data() -> dict:
    return yaml.safe_load(HELP_DATA.read_text(encoding="utf-8"))


def write(tmp_path: Path, data, name: str = "help.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(*paths) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_files(paths)
    return caught.value.messages


def snapshot() -> dict:
    return {
        "topics": list(Topic.objects.order_by("pk").values_list("pk", "slug", "name_fi", "name_sv", "order", "active")),
        "age_groups": list(ChildAgeGroup.objects.order_by("pk").values_list("pk", "slug", "name_en", "order")),
        "teams": [
            (
                t.pk,
                t.slug,
                t.is_default,
                t.notify_email,
                t.order,
                sorted(t.municipalities.values_list("slug", flat=True)),
                sorted(t.topics.values_list("slug", flat=True)),
            )
            for t in Team.objects.order_by("pk")
        ],
        "routes": list(EmergencyRoute.objects.order_by("pk").values_list("pk", "service__slug", "area__slug", "order")),
        "terms": list(UrgencyTerm.objects.order_by("pk").values_list("pk", "term", "language")),
    }


# --- the demo file ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_file_loads_every_section(demo_data):
    data = help_data()
    assert Topic.objects.count() == len(data["help_topics"]) == 9
    assert ChildAgeGroup.objects.count() == len(data["child_age_groups"]) == 7
    assert UrgencyTerm.objects.count() == sum(len(terms) for terms in data["urgency_terms"].values())
    for language in ("fi", "sv", "en"):
        assert UrgencyTerm.objects.filter(language=language).count() >= 15, language
    for section in SECTIONS:
        assert demo_data.total(section).loaded > 0, section

    assert list(Topic.objects.values_list("slug", flat=True))[:2] == ["vanhemmuus-ja-arki", "kasvu-ja-kehitys"]
    violence = Topic.objects.get(slug="vakivalta-tai-turvallisuus")
    assert (violence.name_sv, violence.name_en, violence.active) == (
        "Våld eller oro för säkerheten",
        "Violence or a safety concern",
        True,
    )
    assert ChildAgeGroup.objects.get(slug="ei-koske-lasta").name_en == "Not about a child"


@pytest.mark.django_db
def test_demo_teams_cover_the_kemi_area_with_a_region_wide_default(demo_data):
    guidance = Team.objects.get(slug="lapha-palveluohjaus")
    assert guidance.is_default and not guidance.municipalities.exists() and not guidance.topics.exists()
    family = Team.objects.get(slug="lapha-perhesosiaalityo")
    assert sorted(family.topics.values_list("slug", flat=True)) == ["ero", "talous-ja-asuminen", "vanhemmuus-ja-arki"]
    assert set(family.municipalities.values_list("slug", flat=True)) == {
        "kemi",
        "simo",
        "keminmaa",
        "tornio",
        "ylitornio",
        "tervola",
    }
    welfare = Team.objects.get(slug="lapha-lastensuojelu")
    assert list(welfare.topics.values_list("slug", flat=True)) == ["vakivalta-tai-turvallisuus"]
    assert {t.notify_email for t in Team.objects.all()} == {""}
    assert not any(t.members.exists() for t in Team.objects.all())


@pytest.mark.django_db
def test_demo_emergency_routes_show_112_everywhere_and_the_social_emergency_line_in_kemi(demo_data):
    routes = list(EmergencyRoute.objects.values_list("service__slug", "area__slug", "order"))
    assert routes == [("hatanumero-112", None, 1), ("sosiaalipaivystys", "kemi", 2)]


@pytest.mark.django_db
def test_a_second_run_changes_and_duplicates_nothing(demo_data):
    before = snapshot()
    report = load_files(demo_paths())
    assert snapshot() == before
    for section in SECTIONS:
        total = report.total(section)
        assert (total.new, total.updated) == (0, 0), section
        assert total.unchanged > 0, section


@pytest.mark.django_db
def test_members_added_in_the_admin_stay_when_the_file_is_loaded_again(demo_data):
    worker = User.objects.create_user("sosiaalityontekija")
    team = Team.objects.get(slug="lapha-lastensuojelu")
    team.members.add(worker)

    load_files([HELP_DATA])

    assert list(team.members.all()) == [worker]


@pytest.mark.django_db
def test_a_changed_file_updates_by_slug_and_key(demo_data, tmp_path):
    data = help_data()
    data["help_topics"][0]["name"]["fi"] = "Vanhemmuus"
    team = next(t for t in data["help_teams"] if t["slug"] == "lapha-lastensuojelu")
    team["topics"] = ["vakivalta-tai-turvallisuus", "mielenterveys-ja-paihteet"]
    data["emergency_routes"][1]["order"] = 9
    data["urgency_terms"]["fi"].append("henkeni uhattuna")
    topic_pk, topics = Topic.objects.get(slug="vanhemmuus-ja-arki").pk, Topic.objects.count()

    report = load_files([write(tmp_path, data, "help_requests.yaml")])

    assert Topic.objects.get(slug="vanhemmuus-ja-arki").pk == topic_pk
    assert Topic.objects.get(pk=topic_pk).name_fi == "Vanhemmuus"
    assert Topic.objects.count() == topics
    assert Team.objects.get(slug="lapha-lastensuojelu").topics.count() == 2
    assert EmergencyRoute.objects.get(service__slug="sosiaalipaivystys").order == 9
    assert UrgencyTerm.objects.filter(term="henkeni uhattuna", language="fi").exists()
    for section, expected in [
        ("help_topics", (0, 1)),
        ("child_age_groups", (0, 0)),
        ("help_teams", (0, 1)),
        ("emergency_routes", (0, 1)),
        ("urgency_terms", (1, 0)),
    ]:
        assert (report.total(section).new, report.total(section).updated) == expected, section


# --- bad input ----------------------------------------------------------------------------------


def topic(**fields) -> dict:
    return {"help_topics": [{"slug": "t1", "name": {"fi": "Aihe"}, **fields}]}


def team(**fields) -> dict:
    return {"help_teams": [{"slug": "tiimi", "name": {"fi": "Tiimi"}, **fields}]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (topic(colour="red"), "help.yaml: help_topics[t1].colour: unknown field"),
        (topic(activ=False), "help.yaml: help_topics[t1].activ: unknown field; did you mean 'active'?"),
        (topic(active="yes"), "help.yaml: help_topics[t1].active: expected true or false, got 'yes'"),
        (
            {"help_topics": [{"slug": "Väkivalta", "name": "x"}]},
            "help.yaml: help_topics[Väkivalta].slug: expected a slug",
        ),
        ({"help_topics": [{"slug": "t1"}]}, "help.yaml: help_topics[t1].name: missing"),
        (
            {"child_age_groups": [{"slug": "a1", "name": "x", "age": 3}]},
            "help.yaml: child_age_groups[a1].age: unknown field",
        ),
        (
            {"child_age_groups": {"slug": "a1"}},
            "help.yaml: child_age_groups: expected a list of records, got a mapping",
        ),
        (team(members=["maija"]), "help.yaml: help_teams[tiimi].members: unknown field"),
        (
            team(municipalities=["kemii"]),
            "help.yaml: help_teams[tiimi].municipalities: unknown area 'kemii'; did you mean 'kemi'?",
        ),
        (
            team(municipalities=["lapin-hyvinvointialue"]),
            "help.yaml: help_teams[tiimi].municipalities: area 'lapin-hyvinvointialue' is a wellbeing_region, "
            "not a municipality",
        ),
        (team(topics=["eroo"]), "help.yaml: help_teams[tiimi].topics: unknown help topic 'eroo'; did you mean 'ero'?"),
        (team(topics=["ero", "ero"]), "help.yaml: help_teams[tiimi].topics: listed twice: ero"),
        (team(default="kyllä"), "help.yaml: help_teams[tiimi].default: expected true or false, got 'kyllä'"),
        (
            team(notify_email="tiimi at lapha"),
            "help.yaml: help_teams[tiimi].notify_email: Enter a valid email address.",
        ),
        (
            {"emergency_routes": [{"service": "hatanumero"}]},
            "help.yaml: emergency_routes[0].service: unknown service 'hatanumero'",
        ),
        ({"emergency_routes": [{"area": "kemi"}]}, "help.yaml: emergency_routes[0].service: missing"),
        (
            {"emergency_routes": [{"service": "hatanumero-112", "area": "kemi-city"}]},
            "help.yaml: emergency_routes[0].area: unknown area 'kemi-city'",
        ),
        (
            {"emergency_routes": [{"service": "hatanumero-112", "phone": "112"}]},
            "help.yaml: emergency_routes[0].phone: unknown field",
        ),
        (
            {
                "emergency_routes": [
                    {"service": "sosiaalipaivystys", "area": "kemi"},
                    {"service": "sosiaalipaivystys", "area": "kemi"},
                ]
            },
            "help.yaml: emergency_routes[1]: the same service and area as help.yaml: emergency_routes[0]",
        ),
        (
            {"urgency_terms": ["itsemurh"]},
            "help.yaml: urgency_terms: expected a mapping {fi: [...], sv: [...], en: [...]}, got a list",
        ),
        ({"urgency_terms": {"se": ["självmord"]}}, "help.yaml: urgency_terms.se: unknown language (use fi, sv, en)"),
        (
            {"urgency_terms": {"fi": "itsemurh"}},
            "help.yaml: urgency_terms.fi: expected a list of words and phrases, got 'itsemurh'",
        ),
        (
            {"urgency_terms": {"fi": ["itsemurh", 112]}},
            "help.yaml: urgency_terms.fi[1]: expected a word or a phrase, got 112",
        ),
        (
            {"urgency_terms": {"fi": ["?!"]}},
            "help.yaml: urgency_terms.fi[0]: expected a word or a phrase with letters or digits",
        ),
        ({"urgency_terms": {"fi": ["x" * 101]}}, "help.yaml: urgency_terms.fi[0]: at most 100 characters, got 101"),
        (
            {"urgency_terms": {"fi": ["hengenvaara", "Hengenvaara"]}},
            "help.yaml: urgency_terms.fi[1]: 'Hengenvaara' is listed twice (also at help.yaml: urgency_terms.fi[0])",
        ),
        (
            {"urgency_terms": {"sv": ["våld", "vald"]}},
            "help.yaml: urgency_terms.sv[1]: 'vald' is listed twice (also at help.yaml: urgency_terms.sv[0])",
        ),
    ],
)
def test_bad_input_is_reported_with_file_record_and_field(demo_data, tmp_path, data, expected):
    messages = errors_of(write(tmp_path, data))
    assert any(m.startswith(expected) for m in messages), messages


@pytest.mark.django_db
def test_a_run_with_one_bad_record_writes_nothing(demo_data, tmp_path):
    before = snapshot()
    data = help_data()
    data["help_topics"].append({"slug": "uusi-aihe", "name": {"fi": "Uusi aihe"}})
    data["help_teams"][1]["topics"].append("ei-ole")

    messages = errors_of(write(tmp_path, data, "help_requests.yaml"))

    assert messages == ["help_requests.yaml: help_teams[lapha-perhesosiaalityo].topics: unknown help topic 'ei-ole'"]
    assert snapshot() == before
    assert not Topic.objects.filter(slug="uusi-aihe").exists()


@pytest.mark.django_db
def test_a_topic_defined_in_the_same_run_can_be_named_by_a_team(demo_data, tmp_path):
    data = {
        "help_topics": [{"slug": "koulukiusaaminen", "name": {"fi": "Koulukiusaaminen"}}],
        "help_teams": [
            {
                "slug": "koulu",
                "name": {"fi": "Koulukuraattorit"},
                "municipalities": ["kemi"],
                "topics": ["koulukiusaaminen"],
            }
        ],
    }
    load_files([write(tmp_path, data)])
    assert list(Team.objects.get(slug="koulu").topics.values_list("slug", flat=True)) == ["koulukiusaaminen"]


@pytest.mark.django_db
def test_teams_without_a_region_wide_default_are_loaded_with_a_warning(tmp_path):
    call_command(
        "load_data", str(write(tmp_path, {"areas": [{"slug": "kemi", "name": "Kemi", "kind": "municipality"}]}))
    )
    data = team(municipalities=["kemi"], default=True)

    report = load_files([write(tmp_path, data, "teams.yaml")])

    assert Team.objects.get(slug="tiimi").is_default
    assert report.warnings == [
        "teams.yaml: help_teams: no default team without municipalities: a request whose municipality is not given "
        "or has no team of its own is refused (give one team `default: true` and no municipalities)"
    ]


# --- load_data on the Makefile's list ------------------------------------------------------------


def makefile_data() -> list[str]:
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    return re.search(r"^DATA := (.+)$", makefile, re.MULTILINE)[1].split()


def test_the_makefile_loads_help_requests_last_and_the_tests_load_the_same_files():
    files = makefile_data()
    assert files[-1] == "data/help_requests.yaml"
    assert [Path(f).name for f in files] == [p.name for p in demo_paths()]


@pytest.mark.slow(reason="loads every demo file through load_data into an empty database, as make run does")
@pytest.mark.django_db
def test_load_data_loads_the_makefile_data_list():
    out = StringIO()
    call_command("load_data", *(str(Path(settings.BASE_DIR) / f) for f in makefile_data()), stdout=out)

    assert "help_requests.yaml: help_topics: 9 loaded (9 new, 0 updated)" in out.getvalue()
    assert "help_requests.yaml: help_teams: 3 loaded (3 new, 0 updated)" in out.getvalue()
    assert "help_requests.yaml: emergency_routes: 2 loaded (2 new, 0 updated)" in out.getvalue()
    assert "warning: help_requests.yaml" not in out.getvalue()
    assert Team.objects.count() == 3 and EmergencyRoute.objects.count() == 2
