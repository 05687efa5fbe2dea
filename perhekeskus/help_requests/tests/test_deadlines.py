"""The answer-time promise: the end of the service day of the first working day after sending.

Most tests call `due_at` with the real Finnish calendar of `days_off` and no database; the last ones
go through `deadline_for`, which adds the settings and the `ClosedDay` rows.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from perhekeskus.directory.holidays import days_off
from perhekeskus.directory.models import Area, ClosedDay
from perhekeskus.help_requests.deadlines import (
    HORIZON_DAYS,
    NoWorkingDayError,
    deadline_for,
    due_at,
    is_working_day,
    working_day_after,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
# Reaches past the end of 2030 by more than the horizon, so the property test's last deadlines
# see the holidays of early 2031.
DAYS_OFF = days_off(date(2024, 1, 1), date(2031, 3, 1))


def local(*args, fold=0) -> datetime:
    return datetime(*args, tzinfo=HELSINKI, fold=fold)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def due(submitted_at: datetime, **kwargs) -> datetime:
    kwargs.setdefault("tz", HELSINKI)
    return due_at(submitted_at, days_off=DAYS_OFF, **kwargs)


# Ordinary days and weekends


def test_request_sent_on_a_weekday_is_due_at_four_the_next_day():
    assert due(local(2026, 3, 10, 11, 0)) == local(2026, 3, 11, 16, 0)  # Tuesday → Wednesday


def test_request_sent_on_friday_is_due_on_monday():
    assert due(local(2026, 3, 6, 12, 0)) == local(2026, 3, 9, 16, 0)


def test_request_sent_on_saturday_is_due_on_monday():
    assert due(local(2026, 3, 7, 12, 0)) == local(2026, 3, 9, 16, 0)


def test_request_sent_on_sunday_is_due_on_monday():
    assert due(local(2026, 3, 8, 12, 0)) == local(2026, 3, 9, 16, 0)


def test_request_sent_before_the_end_of_the_service_day_still_waits_for_the_next_day():
    # The day of sending never counts, even with hours of the service day left.
    assert due(local(2026, 3, 10, 8, 0)) == local(2026, 3, 11, 16, 0)


def test_request_sent_just_before_midnight_is_due_the_next_day():
    assert due(local(2026, 3, 9, 23, 59)) == local(2026, 3, 10, 16, 0)  # Monday → Tuesday


def test_request_sent_just_after_midnight_counts_that_whole_day_as_the_day_of_sending():
    assert due(local(2026, 3, 9, 0, 1)) == local(2026, 3, 10, 16, 0)  # Monday → Tuesday


def test_the_finnish_date_of_sending_counts_not_the_utc_date():
    # Sunday 22:30 UTC is already Monday 00:30 in Helsinki: due Tuesday, not Monday.
    assert due(utc(2026, 3, 8, 22, 30)) == local(2026, 3, 10, 16, 0)


def test_deadline_is_given_in_helsinki_time_whatever_zone_the_request_came_in():
    deadline = due(datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("America/New_York")))
    assert deadline.tzinfo is HELSINKI
    assert deadline.isoformat() == "2026-03-11T16:00:00+02:00"


# Holidays


def test_christmas_eve_christmas_boxing_day_and_the_weekend_push_the_deadline_to_monday():
    # 23.12.2026 is a Wednesday; 24.–26. are Christmas Eve, Christmas Day and Boxing Day, 27. a Sunday.
    deadline = due(local(2026, 12, 23, 15, 0))
    assert deadline == local(2026, 12, 28, 16, 0)
    assert deadline.isoformat() == "2026-12-28T16:00:00+02:00"


def test_request_sent_on_christmas_eve_is_due_after_christmas():
    assert due(local(2026, 12, 24, 10, 0)) == local(2026, 12, 28, 16, 0)


def test_easter_from_maundy_thursday_to_the_tuesday_after_easter_monday():
    # Good Friday 3.4.2026 and Easter Monday 6.4.2026 are holidays.
    assert due(local(2026, 4, 2, 12, 0)) == local(2026, 4, 7, 16, 0)


def test_may_day_on_a_friday_moves_the_deadline_to_monday():
    assert due(local(2026, 4, 30, 12, 0)) == local(2026, 5, 4, 16, 0)


def test_ascension_day_moves_the_deadline_to_friday():
    # Helatorstai is Thursday 14.5.2026.
    assert due(local(2026, 5, 13, 12, 0)) == local(2026, 5, 15, 16, 0)


def test_midsummer_eve_and_the_weekend_move_the_deadline_to_monday():
    # Juhannusaatto (Friday 19.6.2026) is a de facto day off, Midsummer Day falls on the Saturday.
    assert due(local(2026, 6, 18, 12, 0)) == local(2026, 6, 22, 16, 0)


def test_independence_day_on_a_monday_moves_the_deadline_to_tuesday():
    assert due(local(2027, 12, 3, 12, 0)) == local(2027, 12, 7, 16, 0)  # Friday → Tuesday
    assert due(local(2027, 12, 5, 12, 0)) == local(2027, 12, 7, 16, 0)  # Sunday → Tuesday


# Daylight saving time


def test_deadline_after_the_spring_change_is_at_four_summer_time():
    deadline = due(local(2026, 3, 27, 12, 0))  # Friday; the clocks go forward on Sunday 29.3.
    assert deadline == local(2026, 3, 30, 16, 0)
    assert deadline.isoformat() == "2026-03-30T16:00:00+03:00"
    assert deadline.astimezone(UTC) == utc(2026, 3, 30, 13, 0)


def test_deadline_after_the_autumn_change_is_at_four_winter_time():
    deadline = due(local(2026, 10, 23, 12, 0))  # Friday; the clocks go back on Sunday 25.10.
    assert deadline == local(2026, 10, 26, 16, 0)
    assert deadline.isoformat() == "2026-10-26T16:00:00+02:00"
    assert deadline.astimezone(UTC) == utc(2026, 10, 26, 14, 0)


@pytest.mark.parametrize(
    "submitted_at",
    [
        local(2026, 3, 29, 3, 30),  # a wall time the clocks skip
        utc(2026, 3, 29, 0, 59, 59),  # the last second before the jump (02:59:59+02:00)
        utc(2026, 3, 29, 1, 0),  # the first moment after it (04:00+03:00)
    ],
)
def test_request_sent_in_the_skipped_hour_is_due_on_monday(submitted_at):
    assert due(submitted_at).isoformat() == "2026-03-30T16:00:00+03:00"


@pytest.mark.parametrize(
    "submitted_at",
    [
        local(2026, 10, 25, 3, 30, fold=0),  # the first 03:30 (+03:00)
        local(2026, 10, 25, 3, 30, fold=1),  # the second 03:30 (+02:00)
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 25, 1, 30),
    ],
)
def test_request_sent_in_the_repeated_hour_is_due_on_monday(submitted_at):
    assert due(submitted_at).isoformat() == "2026-10-26T16:00:00+02:00"


# Configuration and bad input


def test_end_of_the_service_day_is_configurable():
    assert due(local(2026, 12, 23, 15, 0), end_of_day=time(15, 0)) == local(2026, 12, 28, 15, 0)


def test_extra_days_off_close_like_holidays():
    # A bridge day after Ascension (Friday 15.5.2026) moves the deadline over the weekend.
    extra = days_off(date(2026, 5, 1), date(2026, 6, 30), extra=[date(2026, 5, 15)])
    assert due_at(local(2026, 5, 13, 12, 0), days_off=extra, tz=HELSINKI) == local(2026, 5, 18, 16, 0)


def test_naive_submission_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        due(datetime(2026, 3, 10, 12, 0))


def test_calendar_with_no_working_day_within_reach_fails_clearly():
    every_day = {date(2026, 3, 10) + timedelta(days=n) for n in range(HORIZON_DAYS + 1)}
    with pytest.raises(NoWorkingDayError, match="No working day in the 30 days after 2026-03-10"):
        due_at(local(2026, 3, 10, 12, 0), days_off=every_day, tz=HELSINKI)


def test_a_working_day_just_inside_the_horizon_is_found():
    last = date(2026, 3, 10) + timedelta(days=HORIZON_DAYS)  # Thursday 9.4.2026
    closed = {date(2026, 3, 10) + timedelta(days=n) for n in range(1, HORIZON_DAYS)}
    assert working_day_after(date(2026, 3, 10), days_off=closed) == last


def test_weekends_and_days_off_are_not_working_days():
    assert is_working_day(date(2026, 3, 9), days_off=DAYS_OFF)  # Monday
    assert not is_working_day(date(2026, 3, 7), days_off=DAYS_OFF)  # Saturday
    assert not is_working_day(date(2026, 3, 8), days_off=DAYS_OFF)  # Sunday
    assert not is_working_day(date(2026, 12, 24), days_off=DAYS_OFF)  # Christmas Eve, a Thursday
    assert not is_working_day(date(2026, 6, 19), days_off=DAYS_OFF)  # Midsummer Eve, a Friday


# Property


submission_times = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2030, 12, 31, 23, 59, 59),
    timezones=st.sampled_from(
        [UTC, HELSINKI, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo"), timezone(timedelta(hours=-11))]
    ),
)


@settings(max_examples=300, deadline=None, database=None)
@given(
    submitted_at=submission_times,
    extra=st.sets(st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 1, 31)), max_size=40),
    end_of_day=st.times(),
)
def test_property_deadline_is_the_end_of_the_first_working_day_after_sending(submitted_at, extra, end_of_day):
    closed = DAYS_OFF | extra
    deadline = due_at(submitted_at, days_off=closed, end_of_day=end_of_day, tz=HELSINKI)
    sent_on = submitted_at.astimezone(HELSINKI).date()
    due_on = deadline.date()

    assert deadline.tzinfo is HELSINKI
    assert deadline.time() == end_of_day
    assert deadline.astimezone(UTC).astimezone(HELSINKI) == deadline  # a time the clocks really show
    assert due_on > sent_on
    assert is_working_day(due_on, days_off=closed)
    between = (sent_on + timedelta(days=n) for n in range(1, (due_on - sent_on).days))
    assert not any(is_working_day(day, days_off=closed) for day in between)


# The bridge: settings and ClosedDay rows


@pytest.mark.django_db
def test_deadline_for_uses_the_finnish_calendar_and_four_oclock_by_default(settings):
    del settings.HELP_REQUEST_END_OF_DAY  # whatever the project sets, the default holds
    assert deadline_for(local(2026, 12, 23, 15, 0)).isoformat() == "2026-12-28T16:00:00+02:00"


@pytest.mark.django_db
def test_deadline_for_reads_the_end_of_the_service_day_from_settings(settings):
    settings.HELP_REQUEST_END_OF_DAY = "15:00"
    assert deadline_for(local(2026, 12, 23, 15, 0)).isoformat() == "2026-12-28T15:00:00+02:00"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["4 pm", "25:00", "16:00+02:00", 16])
def test_deadline_for_refuses_a_bad_end_of_the_service_day(settings, value):
    settings.HELP_REQUEST_END_OF_DAY = value
    with pytest.raises(ImproperlyConfigured, match="HELP_REQUEST_END_OF_DAY"):
        deadline_for(local(2026, 12, 23, 15, 0))


@pytest.mark.django_db
def test_closed_day_entered_as_data_moves_the_deadline():
    ClosedDay.objects.create(date=date(2026, 5, 15), reason_fi="Helatorstain jälkeinen perjantai")
    assert deadline_for(local(2026, 5, 13, 12, 0)) == local(2026, 5, 18, 16, 0)


@pytest.mark.django_db
def test_closed_day_of_one_area_moves_only_that_areas_deadline():
    kemi = Area.objects.create(name_fi="Kemi", slug="kemi", kind=Area.Kind.MUNICIPALITY)
    tornio = Area.objects.create(name_fi="Tornio", slug="tornio", kind=Area.Kind.MUNICIPALITY)
    ClosedDay.objects.create(date=date(2026, 5, 15), area=kemi)
    sent = local(2026, 5, 13, 12, 0)
    assert deadline_for(sent, area=kemi) == local(2026, 5, 18, 16, 0)
    assert deadline_for(sent, area=tornio.pk) == local(2026, 5, 15, 16, 0)
    assert deadline_for(sent) == local(2026, 5, 15, 16, 0)


@pytest.mark.django_db
def test_closed_day_beyond_the_deadline_does_not_matter():
    ClosedDay.objects.create(date=date(2026, 5, 18))
    assert deadline_for(local(2026, 5, 13, 12, 0)) == local(2026, 5, 15, 16, 0)


def test_deadline_for_refuses_a_naive_submission_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_for(datetime(2026, 3, 10, 12, 0))
