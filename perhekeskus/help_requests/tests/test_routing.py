"""Routing: which team takes a new request, by the asker's municipality and the topic."""

import pytest

from perhekeskus.directory.models import Area
from perhekeskus.help_requests.models import Team, Topic
from perhekeskus.help_requests.routing import NoTeamError, route
from perhekeskus.help_requests.tests.factories import make_user

pytestmark = pytest.mark.django_db


def area(slug: str) -> Area:
    return Area.objects.create(slug=slug, name_fi=slug.capitalize(), kind=Area.Kind.MUNICIPALITY)


def team(slug: str, *, municipalities=(), topics=(), default=False, order=0) -> Team:
    """A team with one active worker."""
    made = Team.objects.create(slug=slug, name_fi=slug, is_default=default, order=order)
    made.municipalities.set(municipalities)
    made.topics.set(topics)
    made.members.add(make_user(f"worker-{slug}"))
    return made


def taker(**where) -> Team:
    routing = route(**where)
    assert routing.passed_over is None
    return routing.team


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
    assert taker(municipality=world["kemi"], topic=world["ero"]) == world["kemi-family"]
    assert taker(municipality=world["tornio"], topic=world["violence"]) == world["welfare"]


def test_the_municipality_default_takes_a_topic_without_a_team(world):
    assert taker(municipality=world["kemi"], topic=world["school"]) == world["kemi-default"]
    assert taker(municipality=world["kemi"], topic=None) == world["kemi-default"]


def test_a_topic_team_of_another_municipality_is_not_used(world):
    # Tornio has a child-welfare team but no family social work and no default of its own.
    assert taker(municipality=world["tornio"], topic=world["ero"]) == world["region"]


def test_a_municipality_without_teams_goes_to_the_region_default(world):
    assert taker(municipality=world["kotka"], topic=world["violence"]) == world["region"]


def test_an_unknown_municipality_goes_to_the_region_default_whatever_the_topic(world):
    assert taker(municipality=None, topic=None) == world["region"]
    assert taker(municipality=None, topic=world["violence"]) == world["region"]


def test_without_any_default_team_routing_fails_loudly(world):
    Team.objects.filter(is_default=True).update(is_default=False)
    with pytest.raises(NoTeamError):
        route(municipality=world["kotka"], topic=None)
    with pytest.raises(NoTeamError):
        route(municipality=None, topic=world["ero"])
    # A topic team still takes what is its own.
    assert taker(municipality=world["kemi"], topic=world["ero"]) == world["kemi-family"]


def test_a_municipality_default_is_not_the_region_default(world):
    world["region"].delete()
    assert taker(municipality=world["kemi"], topic=None) == world["kemi-default"]
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
    # The demo's teams have no workers (they are added in the admin): one each, as in use.
    for each in Team.objects.all():
        each.members.add(make_user(f"worker-{each.slug}"))
    found = taker(
        municipality=Area.objects.get(slug=municipality) if municipality else None,
        topic=Topic.objects.get(slug=topic) if topic else None,
    )
    assert found.slug == expected


def test_a_team_without_active_members_is_passed_over_for_the_next_in_order(world, caplog):
    world["kemi-family"].members.update(is_active=False)
    routing = route(municipality=world["kemi"], topic=world["ero"])
    assert (routing.team, routing.passed_over) == (world["kemi-default"], world["kemi-family"])
    assert "perhesosiaalityo-kemi has no active members" in caplog.text

    world["kemi-default"].members.clear()
    routing = route(municipality=world["kemi"], topic=world["ero"])
    assert (routing.team, routing.passed_over) == (world["region"], world["kemi-family"])


def test_when_nobody_reads_any_team_the_region_default_takes_it_and_the_log_says_so(world, caplog):
    for each in Team.objects.all():
        each.members.clear()
    routing = route(municipality=world["kemi"], topic=world["ero"])
    assert (routing.team, routing.passed_over) == (world["region"], world["kemi-family"])
    assert "No team for this request has active members" in caplog.text
    # The region default itself first in the order and unstaffed: it takes it, nothing passed over.
    assert route(municipality=None, topic=None).passed_over is None
