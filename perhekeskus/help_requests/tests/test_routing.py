"""Routing: which team takes a new request, by the asker's municipality and the topic."""

import pytest

from perhekeskus.directory.models import Area
from perhekeskus.help_requests.models import Team, Topic
from perhekeskus.help_requests.routing import NoTeamError, route

pytestmark = pytest.mark.django_db


def area(slug: str) -> Area:
    return Area.objects.create(slug=slug, name_fi=slug.capitalize(), kind=Area.Kind.MUNICIPALITY)


def team(slug: str, *, municipalities=(), topics=(), default=False, order=0) -> Team:
    made = Team.objects.create(slug=slug, name_fi=slug, is_default=default, order=order)
    made.municipalities.set(municipalities)
    made.topics.set(topics)
    return made


@pytest.fixture
def world():
    """Two municipalities with teams of their own, one without, and a region-wide default."""
    kemi, tornio, kotka = area("kemi"), area("tornio"), area("kotka")
    ero = Topic.objects.create(slug="ero", name_fi="Ero")
    violence = Topic.objects.create(slug="vakivalta", name_fi="Väkivalta")
    school = Topic.objects.create(slug="koulu", name_fi="Koulu")
    teams = {
        "region": team("palveluohjaus-alue", default=True, order=9),
        "kemi-default": team("palveluohjaus-kemi", municipalities=[kemi], default=True),
        "kemi-family": team("perhesosiaalityo-kemi", municipalities=[kemi], topics=[ero]),
        "welfare": team("lastensuojelu", municipalities=[kemi, tornio], topics=[violence]),
    }
    return {"kemi": kemi, "tornio": tornio, "kotka": kotka, "ero": ero, "violence": violence, "school": school, **teams}


def test_the_topic_team_of_the_municipality_takes_the_request(world):
    assert route(municipality=world["kemi"], topic=world["ero"]) == world["kemi-family"]
    assert route(municipality=world["tornio"], topic=world["violence"]) == world["welfare"]


def test_the_municipality_default_takes_a_topic_without_a_team(world):
    assert route(municipality=world["kemi"], topic=world["school"]) == world["kemi-default"]
    assert route(municipality=world["kemi"], topic=None) == world["kemi-default"]


def test_a_topic_team_of_another_municipality_is_not_used(world):
    # Tornio has a child-welfare team but no family social work and no default of its own.
    assert route(municipality=world["tornio"], topic=world["ero"]) == world["region"]


def test_a_municipality_without_teams_goes_to_the_region_default(world):
    assert route(municipality=world["kotka"], topic=world["violence"]) == world["region"]


def test_an_unknown_municipality_goes_to_the_region_default_whatever_the_topic(world):
    assert route(municipality=None, topic=None) == world["region"]
    assert route(municipality=None, topic=world["violence"]) == world["region"]


def test_without_any_default_team_routing_fails_loudly(world):
    Team.objects.filter(is_default=True).update(is_default=False)
    with pytest.raises(NoTeamError):
        route(municipality=world["kotka"], topic=None)
    with pytest.raises(NoTeamError):
        route(municipality=None, topic=world["ero"])
    # A topic team still takes what is its own.
    assert route(municipality=world["kemi"], topic=world["ero"]) == world["kemi-family"]


def test_a_municipality_default_is_not_the_region_default(world):
    world["region"].delete()
    assert route(municipality=world["kemi"], topic=None) == world["kemi-default"]
    with pytest.raises(NoTeamError):
        route(municipality=world["kotka"], topic=None)


def test_no_teams_at_all_is_a_no_team_error():
    with pytest.raises(NoTeamError):
        route()


@pytest.mark.parametrize(
    ("municipality", "topic", "expected"),
    [
        ("kemi", "ero", "lapha-perhesosiaalityo"),
        ("simo", "talous-ja-asuminen", "lapha-perhesosiaalityo"),
        ("tervola", "vanhemmuus-ja-arki", "lapha-perhesosiaalityo"),
        ("tornio", "vakivalta-tai-turvallisuus", "lapha-lastensuojelu"),
        ("keminmaa", "koulu-ja-varhaiskasvatus", "lapha-palveluohjaus"),
        ("ylitornio", None, "lapha-palveluohjaus"),
        ("kotka", "ero", "lapha-palveluohjaus"),  # another region's municipality: no team of its own
        (None, "vakivalta-tai-turvallisuus", "lapha-palveluohjaus"),
        (None, None, "lapha-palveluohjaus"),
    ],
)
def test_demo_routing(demo_data, municipality, topic, expected):
    found = route(
        municipality=Area.objects.get(slug=municipality) if municipality else None,
        topic=Topic.objects.get(slug=topic) if topic else None,
    )
    assert found.slug == expected
