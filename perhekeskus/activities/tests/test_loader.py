"""The seasons and activities sections through `load_data`: stored, and bad input refused clearly."""

from datetime import date

import pytest
import yaml

from perhekeskus.accounts.testing import sign_in
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
        ({"season": {"from": "2026-05-31", "to": "2026-01-05"}}, "The end date is before the start date"),
        ({"season": {"from": "2026-01-05", "to": "2076-01-05"}}, "The period is too long"),
        ({"place": "ei-ole"}, "unknown place 'ei-ole'"),
        ({"season": {"from": "2026-01-06", "to": "2026-01-11"}}, "activities[kerho].byday"),  # the model's own rule
        ({"rule": {"freq": "daily"}}, "activities[kerho].rule.freq"),
        ({"rule": {"freq": "weekly", "byday": ["xx"]}}, "unknown weekday"),
        ({"colour": "red"}, "activities[kerho].colour: unknown field"),
        (
            {"exceptions": [{"from": "2026-02-23", "to": "2026-03-01"}, {"from": "2026-03-01", "to": "2026-03-08"}]},
            "The periods overlap: 23.2.2026–1.3.2026 and 1.3.2026–8.3.2026",
        ),
    ],
)
def test_bad_activities_are_refused_with_the_record_and_field(demo_data, tmp_path, fields, expected):
    before = Activity.objects.count()

    messages = errors_of(tmp_path, activity(**fields))

    assert "bad.yaml" in messages and expected in messages
    assert Activity.objects.count() == before


def test_a_season_ending_before_it_starts_is_refused(demo_data, tmp_path):
    season = {"slug": "s", "area": "lansi-kotka", "from": "2026-05-01", "to": "2026-01-01"}

    assert "The end date is before the start date" in errors_of(
        tmp_path, {"seasons": [season]}
    )  # loader speaks English


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


def test_the_admin_refuses_a_rule_without_dates_and_overlapping_pauses(client, demo_data):
    from django.contrib.auth.models import User

    sign_in(client, User.objects.create_superuser("admin", password="x-pass-123"))
    kerho = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    url = f"/admin/activities/activity/{kerho.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(
        {
            "organizers": [o.pk for o in kerho.organizers.all()],
            "target_groups": [t.pk for t in kerho.target_groups.all()],
            "place": kerho.place_id,
            "valid_from": "2026-01-06",
            "valid_to": "2026-01-11",  # Tuesday to Sunday: no Monday
            "exceptions-TOTAL_FORMS": "2",
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-0-starts_on": "2026-01-01",
            "exceptions-0-ends_on": "2026-01-05",
            "exceptions-1-starts_on": "2026-01-05",
            "exceptions-1-ends_on": "2026-01-09",
            "date_changes-TOTAL_FORMS": "0",
            "date_changes-INITIAL_FORMS": "0",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200  # the form again, not a 500 or a redirect
    page = response.content.decode()
    assert "Sääntö ei osu yhteenkään päivään" in page
    assert "Jaksot menevät päällekkäin" in page


def test_a_break_outside_its_season_is_refused(demo_data):
    from django.core.exceptions import ValidationError

    season = Season.objects.get(slug="lansi-kotka-kevat-2022")
    with pytest.raises(ValidationError, match="kauden ulkopuolella"):
        Break(season=season, starts_on=date(9999, 1, 1), ends_on=date(9999, 1, 2)).full_clean()
