"""Occurrences computed from the Länsi-Kotka schedule (kotka_lansi.yaml) and from made-up rules."""

from datetime import date, time

import pytest

from perhekeskus.activities.models import Activity, DateChange, Pause
from perhekeskus.activities.occurrences import MAX_WINDOW_DAYS, WindowTooLong, occurrences
from perhekeskus.activities.recurrence import rule_dates
from perhekeskus.directory.models import Area

pytestmark = pytest.mark.django_db

# The seed schedule (../shared/seeds/004_…): one line per weekday column entry.
SEED_WEEK = {
    ("Mon", "09:00", "Avoin päivä"),
    ("Mon", "12:30", "Vauvakerho"),
    ("Tue", "09:00", "Perhekerho"),
    ("Tue", "09:30", "MLL perhekahvila"),
    ("Tue", "12:30", "Avoin iltapäivä"),
    ("Tue", "17:00", "Perhekerho"),
    ("Wed", "09:00", "Perhekerho"),
    ("Wed", "12:30", "Vauvatapaaminen"),
    ("Thu", "09:00", "Kirkkomuskari"),
    ("Thu", "12:30", "Vauvatapaaminen"),
    ("Thu", "14:00", "Liikkuva luontoperhekerho"),
    ("Fri", "09:00", "Avoin päivä"),
}


def lansi_kotka(start, end):
    area = Area.objects.get(slug="lansi-kotka")
    return occurrences(Activity.objects.in_area(area), start, end)


def test_the_week_of_14_february_2022_is_the_seed_schedule(demo_data):
    found = lansi_kotka(date(2022, 2, 14), date(2022, 2, 20))

    assert {(o.start.strftime("%a"), o.start.strftime("%H:%M"), o.title) for o in found} == SEED_WEEK
    assert len(found) == len(SEED_WEEK)
    visit = [o for o in found if o.date == date(2022, 2, 16) and o.title == "Vauvatapaaminen"]
    assert visit and "perheohjaaja" in visit[0].note


def test_the_winter_break_week_has_none_of_them(demo_data):
    assert lansi_kotka(date(2022, 2, 28), date(2022, 3, 6)) == []


def test_the_season_ends_on_31_march(demo_data):
    assert lansi_kotka(date(2022, 4, 1), date(2022, 4, 30)) == []
    assert {o.date for o in lansi_kotka(date(2022, 3, 28), date(2022, 4, 3))} == {
        date(2022, 3, d) for d in (28, 29, 30, 31)
    }


def test_a_cancelled_occurrence_is_kept_and_marked(demo_data):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairas")

    found = [o for o in lansi_kotka(date(2022, 2, 14), date(2022, 2, 14)) if o.activity == activity]

    assert len(found) == 1 and found[0].cancelled and found[0].note == "Vetäjä sairas"


def test_a_moved_occurrence_has_its_new_time(demo_data):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 14), starts_at=time(13), ends_at=time(14))

    (found,) = [o for o in lansi_kotka(date(2022, 2, 14), date(2022, 2, 14)) if o.activity == activity]

    assert (found.start.hour, found.end.hour, found.moved) == (13, 14, True)


def make(**fields) -> Activity:
    values = {
        "slug": "testi",
        "name_fi": "Testikerho",
        "freq": "weekly",
        "byday": "mo",
        "starts_at": time(10),
        "ends_at": time(11),
        "valid_from": date(2026, 1, 1),
        "valid_to": date(2026, 12, 31),
        **fields,
    }
    return Activity.objects.create(**values)


def test_no_meeting_on_a_public_holiday_unless_the_activity_runs_on_them(db):
    make(slug="pyhat-pois")  # Easter Monday 6.4.2026 is a public holiday
    make(slug="pyhat-mukana", skip_public_holidays=False)

    found = {o.activity.slug for o in occurrences(Activity.objects.all(), date(2026, 4, 6), date(2026, 4, 6))}

    assert found == {"pyhat-mukana"}


def test_every_other_week_counts_from_the_first_day(db):
    activity = make(interval=2, valid_from=date(2026, 1, 5))

    assert rule_dates(activity, date(2026, 2, 1), date(2026, 2, 28)) == [date(2026, 2, 2), date(2026, 2, 16)]


def test_monthly_on_the_last_friday(db):
    activity = make(freq="monthly", byday="fr", bysetpos=-1)

    assert rule_dates(activity, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
    ]


def test_an_activity_without_known_days_has_no_occurrences(db):
    activity = make(freq="monthly", byday="sa", bysetpos=None)  # "once a month on a Saturday"

    assert not activity.dates_known and rule_dates(activity, date(2026, 1, 1), date(2026, 12, 31)) == []


def test_the_activity_s_own_pause_skips_its_days(db):
    activity = make()
    Pause.objects.create(activity=activity, starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 9))

    found = [o.date for o in occurrences(Activity.objects.all(), date(2026, 5, 25), date(2026, 8, 16))]

    assert found == [date(2026, 5, 25), date(2026, 8, 10)]


def test_every_expansion_is_bounded(db):
    make(valid_to=None)  # open-ended
    with pytest.raises(WindowTooLong):
        occurrences(Activity.objects.all(), date(2026, 1, 1), date(2026, 1, 1).replace(year=2030))
    assert len(occurrences(Activity.objects.all(), date(2026, 1, 1), date(2026, 1, MAX_WINDOW_DAYS // 40))) <= 2


def test_a_day_change_that_would_end_before_it_starts_is_refused(demo_data):
    from django.core.exceptions import ValidationError

    kerho = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")  # 12.30–15.00
    change = DateChange(activity=kerho, date=date(2022, 2, 14), starts_at=time(16))
    with pytest.raises(ValidationError):
        change.full_clean()

    change.save()  # as if saved before the rule existed: the feed and pages keep the activity's times
    (found,) = [o for o in lansi_kotka(date(2022, 2, 14), date(2022, 2, 14)) if o.activity == kerho]
    assert (found.start.hour, found.end.hour) == (12, 15)
