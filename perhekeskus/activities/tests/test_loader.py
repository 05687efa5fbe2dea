"""The seasons and activities sections through `load_data`: stored, and bad input refused clearly."""

from datetime import date

import pytest
import yaml

from perhekeskus.activities.models import Activity, Break, Season
from perhekeskus.directory.loader import LoadError, load_files

pytestmark = pytest.mark.django_db


def test_the_lansi_kotka_schedule_is_stored(demo_data):
    season = Season.objects.get(slug="lansi-kotka-kevat-2022")
    assert (season.area.slug, season.valid_from, season.valid_to) == (
        "lansi-kotka",
        date(2022, 1, 10),
        date(2022, 3, 31),
    )
    assert list(Break.objects.filter(season=season).values_list("starts_on", "ends_on", "reason_sv")) == [
        (date(2022, 2, 28), date(2022, 3, 4), "sportlov")
    ]
    assert Activity.objects.filter(slug__startswith="lansi-kotka-").count() == 12
    roaming = Activity.objects.get(place__isnull=True, slug__startswith="lansi-kotka-")
    assert roaming.area.slug == "lansi-kotka"  # from the season of its file


def activity(**fields) -> dict:
    return {
        "activities": [
            {
                "slug": "kerho",
                "title": {"fi": "Kerho"},
                "organizers": ["kotka-kymin-seurakunta"],
                "place": "langinkosken-kirkko",
                "rule": {"freq": "weekly", "byday": ["mo"]},
                "starts": "10:00",
                "ends": "11:00",
                "season": {"from": "2026-01-05", "to": "2026-05-31"},
                **fields,
            }
        ]
    }


def errors_of(tmp_path, data) -> str:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_files([path])
    return "\n".join(caught.value.messages)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"ends": "09:00"}, "activities[kerho].ends_at"),
        ({"season": {"from": "2026-05-31", "to": "2026-01-05"}}, "Päättymispäivä on ennen alkamispäivää"),
        ({"season": {"from": "2026-01-05", "to": "2076-01-05"}}, "Jakso on liian pitkä"),
        ({"place": "ei-ole"}, "unknown place 'ei-ole'"),
        ({"season": {"from": "2026-01-06", "to": "2026-01-11"}}, "the rule yields no date"),
        ({"rule": {"freq": "daily"}}, "activities[kerho].rule.freq"),
        ({"rule": {"freq": "weekly", "byday": ["xx"]}}, "unknown weekday"),
        ({"colour": "red"}, "activities[kerho].colour: unknown field"),
    ],
)
def test_bad_activities_are_refused_with_the_record_and_field(demo_data, tmp_path, fields, expected):
    before = Activity.objects.count()

    messages = errors_of(tmp_path, activity(**fields))

    assert "bad.yaml" in messages and expected in messages
    assert Activity.objects.count() == before


def test_a_season_ending_before_it_starts_is_refused(demo_data, tmp_path):
    season = {"slug": "s", "area": "lansi-kotka", "from": "2026-05-01", "to": "2026-01-01"}

    assert "Päättymispäivä on ennen alkamispäivää" in errors_of(tmp_path, {"seasons": [season]})


def test_a_rerun_keeps_staff_cancellations(demo_data):
    from django.conf import settings

    from perhekeskus.activities.models import DateChange

    kerho = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=kerho, date=date(2022, 2, 21), cancelled=True, note_fi="Peruttu")
    load_files([settings.BASE_DIR / "data" / "kotka_lansi.yaml"])

    assert DateChange.objects.filter(activity=kerho, date=date(2022, 2, 21), cancelled=True).exists()
    assert (
        DateChange.objects.filter(activity__slug="lansi-kotka-vauvatapaaminen-ke", date=date(2022, 2, 16)).count() == 1
    )
