"""GET /api/v1/activities/ and /api/v1/occurrences/ over the demo data (the Länsi-Kotka schedule)."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from perhekeskus.activities.models import Activity, DateChange
from perhekeskus.activities.occurrences import MAX_WINDOW_DAYS
from perhekeskus.directory.models import Location, Organization

pytestmark = pytest.mark.usefixtures("demo_data")

ACTIVITY_KEYS = set(
    """slug title description organizers place place_note area target_groups age_min age_max free registration
    attendance_limit rule starts_at ends_at valid_from valid_to dates_known url updated_at""".split()
)
OCCURRENCE_KEYS = set(
    "activity title date start end place place_note organizers cancelled cancel_reason note moved".split()
)
SEED_WEEK = "2022-02-14", "2022-02-20"
# The seed schedule (../shared/seeds/004_…) of 14.–20.2.2022, one line per weekday column entry.
SEED_OCCURRENCES = {
    ("lansi-kotka-avoin-paiva-ma", "2022-02-14T09:00:00+02:00"),
    ("lansi-kotka-vauvakerho-ma", "2022-02-14T12:30:00+02:00"),
    ("lansi-kotka-perhekerho-jappila-ti", "2022-02-15T09:00:00+02:00"),
    ("lansi-kotka-mll-perhekahvila-ti", "2022-02-15T09:30:00+02:00"),
    ("lansi-kotka-avoin-iltapaiva-ti", "2022-02-15T12:30:00+02:00"),
    ("lansi-kotka-perhekerho-mussalo-ti", "2022-02-15T17:00:00+02:00"),
    ("lansi-kotka-perhekerho-mussalo-ke", "2022-02-16T09:00:00+02:00"),
    ("lansi-kotka-vauvatapaaminen-ke", "2022-02-16T12:30:00+02:00"),
    ("lansi-kotka-kirkkomuskari-to", "2022-02-17T09:00:00+02:00"),
    ("lansi-kotka-vauvatapaaminen-to", "2022-02-17T12:30:00+02:00"),
    ("lansi-kotka-liikkuva-luontoperhekerho-to", "2022-02-17T14:00:00+02:00"),
    ("lansi-kotka-avoin-paiva-pe", "2022-02-18T09:00:00+02:00"),
}


def get_occurrences(client, start, end, **params):
    response = client.get("/api/v1/occurrences/", {"start": start, "end": end, "page_size": 100, **params})
    assert response.status_code == 200, response.content[:500]
    return response.json()


# --- /api/v1/activities/ ----------------------------------------------------------------------------


def test_activities_are_a_page_in_finnish_name_order(client):
    response = client.get("/api/v1/activities/", {"page_size": 100})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == Activity.objects.count()
    assert set(body["results"][0]) == ACTIVITY_KEYS
    slugs = [item["slug"] for item in body["results"]]
    assert slugs == list(Activity.objects.order_by("name_fi", "slug").values_list("slug", flat=True))


def test_activity_carries_its_rule_times_season_and_organizers(client):
    body = client.get("/api/v1/activities/lansi-kotka-vauvakerho-ma/").json()

    assert set(body) == ACTIVITY_KEYS | {"pauses"}
    assert body["rule"] == {
        "freq": "WEEKLY",
        "interval": 1,
        "byday": ["MO"],
        "bysetpos": None,
        "skip_public_holidays": True,
    }
    assert (body["starts_at"], body["ends_at"]) == ("12:30", "15:00")
    assert (body["valid_from"], body["valid_to"]) == ("2022-01-10", "2022-03-31")
    assert {o["slug"] for o in body["organizers"]} == {"kotka-kymin-seurakunta", "kotkan-avoin-varhaiskasvatus"}
    assert body["place"] == "langinkosken-kirkko"
    assert body["area"]["slug"] == "lansi-kotka"
    assert body["free"] is True
    assert body["registration"] is None
    assert body["pauses"] == [{"starts_on": "2022-02-28", "ends_on": "2022-03-04", "reason": "talviloma"}]
    assert body["url"] == "http://testserver/activities/lansi-kotka-vauvakerho-ma/"


def test_activity_whose_place_varies_has_null_place_and_a_note(client):
    body = client.get("/api/v1/activities/lansi-kotka-liikkuva-luontoperhekerho-to/").json()

    assert body["place"] is None
    assert "vaihtelee" in body["place_note"]


def test_activity_texts_in_english_with_finnish_fallback(client):
    body = client.get("/api/v1/activities/lansi-kotka-vauvatapaaminen-ke/", {"lang": "en"}).json()

    assert body["title"] == "Baby meet-up"
    assert body["pauses"][0]["reason"] == "winter holiday"
    assert body["url"] == "http://testserver/en/activities/lansi-kotka-vauvatapaaminen-ke/"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"area": "lansi-kotka"}, lambda a: a.slug.startswith("lansi-kotka-")),
        ({"place": "velhon-paivakoti-avoin"}, lambda a: a.place_id and a.place.slug == "velhon-paivakoti-avoin"),
        ({"organizer": "mll-kotkan-paikallisyhdistys"}, lambda a: a.slug == "lansi-kotka-mll-perhekahvila-ti"),
        ({"target_group": "babies", "area": "lansi-kotka"}, lambda a: "vauva" in a.slug),
    ],
)
def test_activity_filters_by_slug(client, params, expected):
    body = client.get("/api/v1/activities/", {**params, "page_size": 100}).json()

    found = {item["slug"] for item in body["results"]}
    assert found
    assert found == {a.slug for a in Activity.objects.select_related("place") if expected(a)}


@pytest.mark.parametrize("slug", ["no-such-activity", "%00", "åäö"])
def test_unknown_activity_is_a_json_404(client, slug):
    response = client.get(f"/api/v1/activities/{slug}/")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_activity_list_with_unknown_filter_is_a_400_naming_it(client):
    response = client.get("/api/v1/activities/", {"organizer": "x" * 10_000, "area": "nope"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"organizer", "area"}
    assert "x" * 50 not in response.content.decode()


# --- /api/v1/occurrences/ ---------------------------------------------------------------------------


def test_the_lansi_kotka_week_of_14_february_2022_is_the_seed_schedule(client):
    body = get_occurrences(client, *SEED_WEEK, area="lansi-kotka")

    assert body["count"] == 12
    assert {(o["activity"], o["start"]) for o in body["results"]} == SEED_OCCURRENCES
    assert set(body["results"][0]) == OCCURRENCE_KEYS
    starts = [o["start"] for o in body["results"]]
    assert starts == sorted(starts)


def test_the_winter_break_week_has_no_occurrences(client):
    body = get_occurrences(client, "2022-02-28", "2022-03-06", area="lansi-kotka")

    assert body["count"] == 0
    assert body["results"] == []


def test_an_occurrence_has_its_times_place_and_organizers(client):
    body = get_occurrences(client, "2022-02-14", "2022-02-14", organizer="kotka-kymin-seurakunta")

    (vauvakerho,) = body["results"]
    assert set(vauvakerho.pop("organizers")) == {"kotka-kymin-seurakunta", "kotkan-avoin-varhaiskasvatus"}
    assert vauvakerho == {
        "activity": "lansi-kotka-vauvakerho-ma",
        "title": "Vauvakerho",
        "date": "2022-02-14",
        "start": "2022-02-14T12:30:00+02:00",
        "end": "2022-02-14T15:00:00+02:00",
        "place": "langinkosken-kirkko",
        "place_note": "",
        "cancelled": False,
        "cancel_reason": None,
        "note": "",
        "moved": False,
    }


def test_times_carry_the_summer_time_offset_after_27_march(client):
    body = get_occurrences(client, "2022-03-28", "2022-03-28", area="lansi-kotka")

    assert body["results"]
    assert all(o["start"].endswith("+03:00") for o in body["results"])


def test_a_special_date_has_the_days_note_in_the_language_asked_for(client):
    body = get_occurrences(client, "2022-02-16", "2022-02-16", place="velhon-paivakoti-avoin", lang="sv")

    (visit,) = body["results"]
    assert visit["activity"] == "lansi-kotka-vauvatapaaminen-ke"
    assert visit["title"] == "Babyträff"
    assert visit["note"] == "Rådgivningens familjehandledare besöker babyträffen."
    assert visit["cancelled"] is False


def test_a_cancelled_occurrence_is_kept_and_marked_with_its_reason(client):
    activity = Activity.objects.get(slug="lansi-kotka-kirkkomuskari-to")
    DateChange.objects.create(
        activity=activity, date=date(2022, 2, 17), cancelled=True, note_fi="Vetäjä sairastui", note_en="Leader is ill"
    )

    body = get_occurrences(client, *SEED_WEEK, area="lansi-kotka", lang="en")

    assert body["count"] == 12
    (muskari,) = [o for o in body["results"] if o["activity"] == activity.slug]
    assert muskari["cancelled"] is True
    assert muskari["cancel_reason"] == "Leader is ill"
    assert muskari["note"] == ""
    finnish = get_occurrences(client, "2022-02-17", "2022-02-17", organizer="kotka-kymin-seurakunta")
    assert {o["cancel_reason"] for o in finnish["results"] if o["cancelled"]} == {"Vetäjä sairastui"}


def test_a_moved_occurrence_has_its_own_times(client):
    activity = Activity.objects.get(slug="lansi-kotka-avoin-paiva-pe")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 18), starts_at=time(10), ends_at=time(13))

    (moved,) = get_occurrences(client, "2022-02-18", "2022-02-18", place="velhon-paivakoti-avoin")["results"]

    assert (moved["start"], moved["end"], moved["moved"]) == (
        "2022-02-18T10:00:00+02:00",
        "2022-02-18T13:00:00+02:00",
        True,
    )


def test_occurrences_filter_by_target_group(client):
    babies = get_occurrences(client, *SEED_WEEK, area="lansi-kotka", target_group="babies")

    assert {o["activity"] for o in babies["results"]} == {
        "lansi-kotka-vauvakerho-ma",
        "lansi-kotka-vauvatapaaminen-ke",
        "lansi-kotka-vauvatapaaminen-to",
    }


def test_without_dates_the_occurrences_are_of_the_coming_week(client):
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    activity = Activity.objects.create(
        slug="joka-paiva",
        name_fi="Joka päivä",
        freq=Activity.Freq.WEEKLY,
        byday="mo,tu,we,th,fr,sa,su",
        starts_at=time(10),
        ends_at=time(11),
        valid_from=today - timedelta(days=30),
        valid_to=today + timedelta(days=30),
        skip_public_holidays=False,
        place=Location.objects.get(slug="jukola"),
    )
    activity.organizers.add(Organization.objects.get(slug="kemin-kaupunki"))

    body = client.get("/api/v1/occurrences/", {"place": "jukola", "page_size": 100}).json()

    assert [o["date"] for o in body["results"] if o["activity"] == "joka-paiva"] == [
        (today + timedelta(days=n)).isoformat() for n in range(7)
    ]


def test_a_window_of_the_longest_length_is_answered(client):
    start = date(2022, 1, 1)
    end = start + timedelta(days=MAX_WINDOW_DAYS - 1)

    body = get_occurrences(client, start.isoformat(), end.isoformat(), area="lansi-kotka", page_size=1)

    assert body["count"] > 100


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2022-02-20", "end": "2022-02-14"}, "end"),
        ({"start": "2022-01-01", "end": (date(2022, 1, 1) + timedelta(days=MAX_WINDOW_DAYS)).isoformat()}, "end"),
        ({"start": "2000-01-01", "end": "2099-12-31"}, "end"),
        ({"start": "2022-02-14"}, "end"),
        ({"end": "2022-02-14"}, "start"),
        ({"start": "14.2.2022", "end": "2022-02-20"}, "start"),
        ({"start": "2022-02-30", "end": "2022-03-01"}, "start"),
        ({"start": "0001-01-01", "end": "0001-01-02"}, "start"),
        ({"start": "9999-12-30", "end": "9999-12-31"}, "start"),
        ({"start": "2022-02-14\x00", "end": "2022-02-20"}, "start"),
        ({"start": "x" * 10_000, "end": "2022-02-20"}, "start"),
        ({"area": "no-such-area"}, "area"),
        ({"place": "no-such-place"}, "place"),
        ({"organizer": "%00"}, "organizer"),
        ({"target_group": "å" * 300}, "target_group"),
        ({"page_size": "0"}, "page_size"),
        ({"lang": "klingon"}, "lang"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, params, field):
    response = client.get("/api/v1/occurrences/", params)

    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["detail"]
    assert field in body["errors"]
    assert all(body["errors"][field])


def test_bad_parameter_message_follows_the_language_asked_for(client):
    response = client.get("/api/v1/occurrences/", {"start": "2022-02-20", "end": "2022-02-14", "lang": "sv"})

    assert response.status_code == 400
    assert response["Content-Language"] == "sv"


def test_a_page_past_the_last_is_a_json_404(client):
    response = client.get("/api/v1/occurrences/", {"start": SEED_WEEK[0], "end": SEED_WEEK[1], "page": 99})

    assert response.status_code == 404
    assert "page" in response.json()["errors"]


def test_occurrences_take_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        body = get_occurrences(client, "2022-01-10", "2022-03-31", area="lansi-kotka")
    assert body["count"] > 100


def test_activity_list_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/activities/", {"page_size": 100})
    assert response.json()["results"]


def test_the_occurrence_list_opens_in_the_browsable_api(client):
    """A browser's Accept gets the browsable API's HTML page, not a 500: its filter form asks the
    view for a queryset, which the occurrences (computed, not rows) do not have."""
    response = client.get("/api/v1/occurrences/", {"start": "2024-03-04", "end": "2024-03-10"}, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
