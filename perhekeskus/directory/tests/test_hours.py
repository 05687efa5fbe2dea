"""Open now and next opens, without the database: rules are small dataclasses shaped like the models."""

import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perhekeskus.directory.holidays import days_off
from perhekeskus.directory.hours import (
    UNKNOWN,
    OpenState,
    combine,
    intervals_on,
    open_state,
    valid_until,
)

WEEKDAYS = "mo,tu,we,th,fr"
EVERY_DAY = "mo,tu,we,th,fr,sa,su"


@dataclass(frozen=True)
class Rule:
    weekdays: str
    opens_at: time
    closes_at: time
    valid_from: date | None = None
    valid_to: date | None = None
    open_on_holidays: bool = False

    @property
    def days(self) -> tuple[str, ...]:
        return tuple(d.strip() for d in self.weekdays.split(",") if d.strip())


@dataclass(frozen=True)
class Exc:
    starts_on: date
    ends_on: date
    closed: bool = True
    opens_at: time | None = None
    closes_at: time | None = None


def local(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


HELSINKI = ZoneInfo("Europe/Helsinki")
DAYS_OFF = days_off(date(2025, 1, 1), date(2028, 12, 31))
OFFICE = [Rule(WEEKDAYS, time(9), time(11)), Rule(WEEKDAYS, time(12), time(15))]
EMERGENCY = [Rule(EVERY_DAY, time(0), time(0), open_on_holidays=True)]


def state(rules, at, exceptions=(), **kwargs) -> OpenState:
    kwargs.setdefault("days_off", DAYS_OFF)
    kwargs.setdefault("tz", HELSINKI)
    return open_state(rules, exceptions, at, **kwargs)


# --- the Finnish calendar -------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2030])
def test_public_holidays_include_christmas_eve_and_midsummer_eve(year):
    off = days_off(date(year, 1, 1), date(year, 12, 31))
    assert date(year, 12, 24) in off
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    assert midsummer_eve in off
    assert {date(year, 1, 1), date(year, 1, 6), date(year, 5, 1), date(year, 12, 6), date(year, 12, 25)} <= off


def test_days_off_include_easter_and_ascension_2026():
    off = days_off(date(2026, 1, 1), date(2026, 12, 31))
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 6, 19), date(2026, 6, 20)} <= off


def test_days_off_do_not_include_ordinary_weekdays_or_weekends():
    off = days_off(date(2026, 1, 1), date(2026, 12, 31))
    assert date(2026, 3, 2) not in off
    assert date(2026, 3, 7) not in off  # a Saturday: weekends are the rules' business


def test_days_off_add_extra_days_within_the_range_only():
    off = days_off(date(2026, 5, 1), date(2026, 5, 31), extra=[date(2026, 5, 15), date(2026, 7, 1)])
    assert date(2026, 5, 15) in off
    assert date(2026, 7, 1) not in off
    assert date(2026, 5, 14) in off


def test_days_off_span_years_and_are_empty_for_an_empty_range():
    off = days_off(date(2026, 12, 20), date(2027, 1, 10))
    assert {date(2026, 12, 24), date(2027, 1, 1), date(2027, 1, 6)} <= off
    assert days_off(date(2026, 2, 1), date(2026, 1, 1)) == frozenset()


# --- a weekday ------------------------------------------------------------------------------------


def test_open_within_hours_on_a_weekday():
    s = state(OFFICE, local(2026, 3, 4, 10, 15))
    assert s.is_open is True
    assert s.closes_at == local(2026, 3, 4, 11)
    assert s.next_opens is None
    assert s.today == ((local(2026, 3, 4, 9), local(2026, 3, 4, 11)), (local(2026, 3, 4, 12), local(2026, 3, 4, 15)))


def test_open_at_the_opening_minute_and_closed_at_the_closing_minute():
    assert state(OFFICE, local(2026, 3, 4, 9)).is_open is True
    closing = state(OFFICE, local(2026, 3, 4, 15))
    assert closing.is_open is False
    assert closing.next_opens == local(2026, 3, 5, 9)


def test_closed_at_lunch_opens_again_at_noon():
    s = state(OFFICE, local(2026, 3, 4, 11, 30))
    assert s.is_open is False
    assert s.closes_at is None
    assert s.next_opens == local(2026, 3, 4, 12)


def test_closed_before_opening_opens_the_same_morning():
    assert state(OFFICE, local(2026, 3, 4, 7)).next_opens == local(2026, 3, 4, 9)


def test_touching_hours_merge_into_one_opening():
    rules = [Rule(WEEKDAYS, time(9), time(12)), Rule(WEEKDAYS, time(12), time(15)), Rule("we", time(10), time(11))]
    s = state(rules, local(2026, 3, 4, 11, 59))
    assert s.today == ((local(2026, 3, 4, 9), local(2026, 3, 4, 15)),)
    assert s.closes_at == local(2026, 3, 4, 15)


def test_closed_on_a_weekend_opens_monday_at_nine():
    s = state(OFFICE, local(2026, 3, 7, 12))
    assert s.is_open is False
    assert s.today == ()
    assert s.next_opens == local(2026, 3, 9, 9)


def test_friday_evening_opens_monday_at_nine():
    assert state(OFFICE, local(2026, 3, 6, 18)).next_opens == local(2026, 3, 9, 9)


# --- holidays -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("holiday", "next_working_day"),
    [
        pytest.param(date(2027, 12, 6), date(2027, 12, 7), id="independence_day"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 28), id="christmas_eve"),
        pytest.param(date(2026, 6, 19), date(2026, 6, 22), id="midsummer_eve"),
        pytest.param(date(2026, 4, 3), date(2026, 4, 7), id="good_friday"),
        pytest.param(date(2026, 5, 14), date(2026, 5, 15), id="ascension_day"),
    ],
)
def test_closed_on_a_public_holiday_opens_on_the_next_working_day(holiday, next_working_day):
    assert holiday.weekday() < 5
    s = state(OFFICE, datetime.combine(holiday, time(10), HELSINKI))
    assert s.is_open is False
    assert s.today == ()
    assert s.next_opens == datetime.combine(next_working_day, time(9), HELSINKI)


def test_closed_the_evening_before_a_holiday_opens_after_it():
    assert state(OFFICE, local(2026, 12, 23, 16)).next_opens == local(2026, 12, 28, 9)


def test_emergency_line_open_on_holidays_is_open_on_christmas_day():
    s = state(EMERGENCY, local(2026, 12, 25, 3))
    assert s.is_open is True
    assert s.today == ((local(2026, 12, 25), local(2026, 12, 26)),)


def test_open_all_day_every_day_runs_past_the_horizon():
    s = state(EMERGENCY, local(2026, 12, 25, 3), horizon_days=10)
    assert s.is_open is True
    assert s.closes_at is None


def test_a_run_across_midnight_closes_when_the_next_day_stops():
    rules = [Rule("fr,sa", time(0), time(0), open_on_holidays=True), Rule("su", time(0), time(6))]
    assert state(rules, local(2026, 3, 6, 20)).closes_at == local(2026, 3, 8, 6)


def test_a_rule_not_open_on_holidays_shuts_a_holiday_only():
    rules = [Rule(EVERY_DAY, time(0), time(0))]
    s = state(rules, local(2026, 12, 23, 20))
    assert s.closes_at == local(2026, 12, 24)
    assert state(rules, local(2026, 12, 24, 20)).next_opens == local(2026, 12, 27)


def test_extra_closed_day_closes_like_a_holiday():
    bridge = days_off(date(2026, 1, 1), date(2026, 12, 31), extra=[date(2026, 5, 15)])
    s = state(OFFICE, local(2026, 5, 15, 10), days_off=bridge)
    assert s.is_open is False
    assert s.next_opens == local(2026, 5, 18, 9)


# --- validity and exceptions ----------------------------------------------------------------------


def test_validity_range_is_inclusive_at_both_ends():
    rules = [Rule(WEEKDAYS, time(9), time(15), valid_from=date(2026, 3, 2), valid_to=date(2026, 3, 6))]
    assert state(rules, local(2026, 3, 2, 10)).is_open is True
    assert state(rules, local(2026, 3, 6, 10)).is_open is True
    assert state(rules, local(2026, 2, 27, 10)).next_opens == local(2026, 3, 2, 9)
    after = state(rules, local(2026, 3, 9, 10))
    assert after.is_open is False
    assert after.next_opens is None


def test_summer_hours_replace_winter_hours_by_validity():
    rules = [
        Rule(WEEKDAYS, time(8), time(16), valid_to=date(2026, 5, 31)),
        Rule(WEEKDAYS, time(9), time(12), valid_from=date(2026, 6, 1), valid_to=date(2026, 8, 31)),
    ]
    assert state(rules, local(2026, 5, 29, 15)).closes_at == local(2026, 5, 29, 16)
    assert state(rules, local(2026, 6, 1, 12, 30)).is_open is False


def test_exception_closing_a_week_opens_the_monday_after():
    week = [Exc(date(2026, 3, 2), date(2026, 3, 8))]
    s = state(OFFICE, local(2026, 3, 4, 10), week)
    assert s.is_open is False
    assert s.today == ()
    assert s.next_opens == local(2026, 3, 9, 9)
    assert state(OFFICE, local(2026, 2, 27, 16), week).next_opens == local(2026, 3, 9, 9)


def test_exception_with_shorter_hours_replaces_the_day():
    short = [Exc(date(2026, 4, 30), date(2026, 4, 30), closed=False, opens_at=time(9), closes_at=time(12))]
    s = state(OFFICE, local(2026, 4, 30, 10))
    assert s.closes_at == local(2026, 4, 30, 11)
    s = state(OFFICE, local(2026, 4, 30, 11, 30), short)
    assert s.is_open is True
    assert s.closes_at == local(2026, 4, 30, 12)
    assert s.today == ((local(2026, 4, 30, 9), local(2026, 4, 30, 12)),)
    assert state(OFFICE, local(2026, 4, 30, 13), short).next_opens == local(2026, 5, 4, 9)


def test_exception_opens_a_holiday_because_staff_wrote_it_for_that_day():
    open_day = [Exc(date(2026, 5, 14), date(2026, 5, 14), closed=False, opens_at=time(10), closes_at=time(14))]
    assert state(OFFICE, local(2026, 5, 14, 11), open_day).is_open is True


def test_narrowest_exception_wins_a_single_open_day_in_a_closed_summer():
    exceptions = [
        Exc(date(2026, 7, 1), date(2026, 7, 31)),
        Exc(date(2026, 7, 15), date(2026, 7, 15), closed=False, opens_at=time(10), closes_at=time(13)),
    ]
    assert state(OFFICE, local(2026, 7, 14, 10), exceptions).next_opens == local(2026, 7, 15, 10)
    assert state(OFFICE, local(2026, 7, 15, 12), exceptions).is_open is True
    assert state(OFFICE, local(2026, 7, 15, 13), exceptions).next_opens == local(2026, 8, 3, 9)


def test_closed_wins_over_open_hours_for_the_same_days():
    exceptions = [
        Exc(date(2026, 3, 4), date(2026, 3, 4), closed=False, opens_at=time(9), closes_at=time(12)),
        Exc(date(2026, 3, 4), date(2026, 3, 4)),
    ]
    assert state(OFFICE, local(2026, 3, 4, 10), exceptions).is_open is False


def test_exception_hours_ending_at_midnight_run_to_the_end_of_the_day():
    late = [Exc(date(2026, 3, 4), date(2026, 3, 4), closed=False, opens_at=time(18), closes_at=time(0))]
    s = state(OFFICE, local(2026, 3, 4, 23, 59), late)
    assert s.is_open is True
    assert s.closes_at == local(2026, 3, 5)


def test_no_rules_means_hours_unknown():
    assert state([], local(2026, 3, 4, 10)) == UNKNOWN
    assert state([], local(2026, 3, 4, 10), [Exc(date(2026, 3, 1), date(2026, 3, 31))]).is_open is None


def test_exception_with_hours_alone_is_known():
    one_day = [Exc(date(2026, 3, 4), date(2026, 3, 4), closed=False, opens_at=time(9), closes_at=time(12))]
    assert state([], local(2026, 3, 4, 10), one_day).is_open is True
    later = state([], local(2026, 3, 5, 10), one_day)
    assert later.is_open is False
    assert later.next_opens is None


def test_rule_closing_before_it_opens_opens_nothing():
    assert state([Rule(WEEKDAYS, time(15), time(9))], local(2026, 3, 4, 16)).today == ()


# --- daylight saving time -------------------------------------------------------------------------


def test_winter_friday_nine_is_seven_utc():
    s = state(OFFICE, local(2026, 3, 27, 8))
    assert s.next_opens == utc(2026, 3, 27, 7)


def test_spring_change_next_opens_monday_nine_is_six_utc():
    # Clocks jump 03:00 -> 04:00 on Sunday 29 March 2026.
    s = state(OFFICE, local(2026, 3, 27, 16))
    assert s.next_opens == utc(2026, 3, 30, 6)
    assert s.next_opens.astimezone(HELSINKI).utcoffset() == timedelta(hours=3)


def test_spring_change_sunday_lasts_23_hours_for_a_24_hour_rule():
    s = state(EMERGENCY, utc(2026, 3, 29, 1, 30))
    assert s.today == ((utc(2026, 3, 28, 22), utc(2026, 3, 29, 21)),)
    assert s.is_open is True


def test_spring_change_skipped_opening_time_shifts_to_the_end_of_the_gap():
    rules = [Rule("su", time(3, 30), time(5))]
    s = state(rules, local(2026, 3, 29, 1))
    assert s.next_opens == utc(2026, 3, 29, 1)  # 04:00 EEST, the first moment past 03:30 on the clock
    assert s.today == ((utc(2026, 3, 29, 1), utc(2026, 3, 29, 2)),)


def test_spring_change_opening_inside_the_gap_only_is_empty():
    rules = [Rule("su", time(3, 10), time(3, 50))]
    assert state(rules, local(2026, 3, 29, 1)).today == ()


def test_spring_change_sunday_daytime_rule_is_in_summer_time():
    rules = [Rule("su", time(9), time(15))]
    s = state(rules, utc(2026, 3, 29, 5))
    assert s.today == ((utc(2026, 3, 29, 6), utc(2026, 3, 29, 12)),)
    assert s.is_open is False
    assert s.next_opens == utc(2026, 3, 29, 6)


def test_autumn_change_sunday_lasts_25_hours_for_a_24_hour_rule():
    # Clocks turn back 04:00 -> 03:00 on Sunday 25 October 2026.
    s = state(EMERGENCY, utc(2026, 10, 25, 0, 30))
    assert s.today == ((utc(2026, 10, 24, 21), utc(2026, 10, 25, 22)),)


@pytest.mark.parametrize("fold", [0, 1])
def test_autumn_change_half_past_three_either_time_is_open_for_a_24_hour_rule(fold):
    at = datetime(2026, 10, 25, 3, 30, fold=fold, tzinfo=HELSINKI)
    s = state(EMERGENCY, at)
    assert s.is_open is True
    assert s.closes_at is None


@pytest.mark.parametrize("fold", [0, 1])
def test_autumn_change_half_past_three_either_time_is_closed_before_a_nine_to_three_rule(fold):
    at = datetime(2026, 10, 25, 3, 30, fold=fold, tzinfo=HELSINKI)
    s = state([Rule(EVERY_DAY, time(9), time(15))], at)
    assert s.is_open is False
    assert s.next_opens == utc(2026, 10, 25, 7)
    assert s.today == ((utc(2026, 10, 25, 7), utc(2026, 10, 25, 13)),)


def test_autumn_change_repeated_closing_time_is_its_first_occurrence():
    rules = [Rule("su", time(1), time(3, 30))]
    assert state(rules, utc(2026, 10, 25, 0, 15)).closes_at == utc(2026, 10, 25, 0, 30)
    second_half_past_three = datetime(2026, 10, 25, 3, 15, fold=1, tzinfo=HELSINKI)
    assert state(rules, second_half_past_three).is_open is False


def test_autumn_change_next_opens_monday_nine_is_seven_utc():
    s = state(OFFICE, local(2026, 10, 23, 16))
    assert s.next_opens == utc(2026, 10, 26, 7)
    assert s.next_opens.astimezone(HELSINKI).utcoffset() == timedelta(hours=2)
    assert state(OFFICE, local(2026, 10, 26, 9, 30)).closes_at == utc(2026, 10, 26, 9)


def test_instants_come_back_in_utc_so_they_compare_safely_in_the_repeated_hour():
    s = state([Rule("su", time(1), time(3, 30))], utc(2026, 10, 25, 0, 15))
    assert s.closes_at.tzinfo is UTC
    assert all(start.tzinfo is UTC and end.tzinfo is UTC for start, end in s.today)
    assert state(OFFICE, local(2026, 3, 7, 10)).next_opens.tzinfo is UTC


def test_combine_compares_states_given_in_helsinki_time_as_instants():
    first = datetime(2026, 10, 25, 3, 45, fold=0, tzinfo=HELSINKI)  # 00:45 UTC
    second = datetime(2026, 10, 25, 3, 15, fold=1, tzinfo=HELSINKI)  # 01:15 UTC, later despite the clock
    s = combine([OpenState(True, closes_at=first), OpenState(True, closes_at=second)])
    assert s.closes_at == utc(2026, 10, 25, 1, 15)


def test_at_in_another_zone_uses_the_helsinki_day():
    # 23:30 UTC on Tuesday is already Wednesday 01:30 in Helsinki.
    s = state([Rule("we", time(0), time(2))], utc(2026, 3, 3, 23, 30))
    assert s.is_open is True
    assert s.closes_at == utc(2026, 3, 4, 0)


def test_other_time_zone_reads_wall_clock_there():
    stockholm = ZoneInfo("Europe/Stockholm")
    s = state(OFFICE, utc(2026, 3, 4, 7, 30), tz=stockholm)
    assert s.is_open is False
    assert s.next_opens == utc(2026, 3, 4, 8)


# --- bad input and bounds -------------------------------------------------------------------------


def test_naive_datetime_raises():
    with pytest.raises(ValueError, match="timezone-aware"):
        state(OFFICE, datetime(2026, 3, 4, 10))


def test_negative_horizon_raises():
    with pytest.raises(ValueError, match="horizon"):
        state(OFFICE, local(2026, 3, 4, 10), horizon_days=-1)


def test_horizon_bounds_a_schedule_that_never_opens():
    never = [Rule(WEEKDAYS, time(9), time(15), valid_to=date(2020, 1, 1))]
    started = clock.perf_counter()
    s = state(never, local(2026, 3, 4, 10))
    assert clock.perf_counter() - started < 1
    assert s == OpenState(False, None, None, ())


def test_horizon_limits_how_far_next_opens_looks():
    summer = [Exc(date(2026, 6, 1), date(2026, 8, 31))]
    assert state(OFFICE, local(2026, 6, 1, 10), summer, horizon_days=30).next_opens is None
    assert state(OFFICE, local(2026, 6, 1, 10), summer).next_opens == local(2026, 9, 1, 9)


def test_zero_horizon_looks_at_today_only():
    assert state(OFFICE, local(2026, 3, 4, 16), horizon_days=0).next_opens is None
    assert state(OFFICE, local(2026, 3, 4, 10), horizon_days=0).closes_at == local(2026, 3, 4, 11)
    assert state(EMERGENCY, local(2026, 3, 4, 10), horizon_days=0).closes_at is None


def test_rules_may_be_any_iterable():
    assert state(iter(OFFICE), local(2026, 3, 4, 10), iter(())).is_open is True


# --- combining channels ---------------------------------------------------------------------------


def test_combine_is_open_when_any_channel_is_open_until_the_latest_end():
    phone = state(OFFICE, local(2026, 3, 4, 10))
    chat = state([Rule(WEEKDAYS, time(8), time(16))], local(2026, 3, 4, 10))
    s = combine([phone, chat, UNKNOWN])
    assert s.is_open is True
    assert s.closes_at == local(2026, 3, 4, 16)
    assert s.next_opens is None
    assert s.today == ((local(2026, 3, 4, 8), local(2026, 3, 4, 16)),)


def test_combine_closed_channels_next_opens_earliest():
    at = local(2026, 3, 7, 12)
    phone = state(OFFICE, at)
    chat = state([Rule("su", time(18), time(20))], at)
    s = combine([phone, chat])
    assert s.is_open is False
    assert s.next_opens == local(2026, 3, 8, 18)


def test_combine_open_past_the_horizon_wins():
    at = local(2026, 3, 4, 10)
    assert combine([state(OFFICE, at), state(EMERGENCY, at, horizon_days=3)]).closes_at is None


def test_combine_of_unknowns_or_nothing_is_unknown():
    assert combine([]) == UNKNOWN
    assert combine([UNKNOWN, UNKNOWN]) == UNKNOWN


def test_combine_closed_without_next_opening():
    at = local(2026, 3, 4, 10)
    never = state([Rule(WEEKDAYS, time(9), time(15), valid_to=date(2020, 1, 1))], at)
    assert combine([never, UNKNOWN]) == OpenState(False, None, None, ())


# --- property: is_open, today and next_opens agree with intervals_on ------------------------------

START = date(2026, 3, 20)
WINDOW_DAYS = 230  # through both DST changes of 2026
PROPERTY_HORIZON = 21
times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
dates = st.integers(0, WINDOW_DAYS).map(lambda n: START + timedelta(days=n))


@st.composite
def rules(draw):
    valid_from = draw(st.none() | dates)
    valid_to = draw(st.none() | dates)
    return Rule(
        ",".join(draw(st.lists(st.sampled_from(EVERY_DAY.split(",")), min_size=1, max_size=7, unique=True))),
        draw(times),
        draw(times),
        valid_from=valid_from,
        valid_to=valid_to,
        open_on_holidays=draw(st.booleans()),
    )


@st.composite
def exceptions(draw):
    starts_on = draw(dates)
    closed = draw(st.booleans())
    return Exc(
        starts_on,
        starts_on + timedelta(days=draw(st.integers(0, 10))),
        closed=closed,
        opens_at=None if closed else draw(times),
        closes_at=None if closed else draw(times),
    )


DST_MOMENTS = [
    utc(2026, 3, 29, 0, 59),
    utc(2026, 3, 29, 1),
    datetime(2026, 10, 25, 3, 30, fold=0, tzinfo=HELSINKI),
    datetime(2026, 10, 25, 3, 30, fold=1, tzinfo=HELSINKI),
    datetime(2026, 10, 25, 3, 0, fold=1, tzinfo=HELSINKI),
]
MINUTES = WINDOW_DAYS * 24 * 60
instants = st.one_of(
    st.integers(0, MINUTES // 15).map(lambda n: datetime.combine(START, time(0), UTC) + timedelta(minutes=15 * n)),
    st.integers(0, MINUTES).map(lambda n: datetime.combine(START, time(0), UTC) + timedelta(minutes=n)),
)
# Wall-clock moments on the rules' own grid hit openings and closings exactly.
on_the_grid = st.builds(
    lambda day, wall, fold: datetime.combine(day, wall, HELSINKI).replace(fold=fold), dates, times, st.integers(0, 1)
)
# Helsinki-zone moments too, with the fold `astimezone` gives them, to catch wall-clock comparisons.
moments = st.one_of(instants, instants.map(lambda d: d.astimezone(HELSINKI)), on_the_grid, st.sampled_from(DST_MOMENTS))


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rules(), max_size=4), st.lists(exceptions(), max_size=3), moments)
def test_property_open_state_agrees_with_intervals_on(rule_set, exception_set, at):
    s = open_state(rule_set, exception_set, at, days_off=DAYS_OFF, tz=HELSINKI, horizon_days=PROPERTY_HORIZON)
    if not rule_set and all(e.closed for e in exception_set):
        assert s == UNKNOWN
        return
    day = at.astimezone(HELSINKI).date()

    def on(n: int):
        return intervals_on(rule_set, exception_set, day + timedelta(days=n), days_off=DAYS_OFF, tz=HELSINKI)

    today = on(0)
    assert s.today == tuple(today)
    for start, end in today:
        assert start < end
        assert start.astimezone(HELSINKI).date() == day
    for (_, end), (start, _) in zip(today, today[1:], strict=False):
        assert end < start  # merged: sorted, apart, never touching
    instant = at.astimezone(UTC)
    assert s.is_open == any(start <= instant < end for start, end in today)
    starts_ahead = [start for n in range(PROPERTY_HORIZON + 1) for start, _ in on(n) if start > instant]
    if s.is_open:
        assert s.next_opens is None
        assert s.closes_at is None or s.closes_at > instant
    else:
        assert s.closes_at is None
        if s.next_opens is None:
            assert starts_ahead == []
        else:
            assert s.next_opens > instant
            assert s.next_opens == min(starts_ahead)


def test_states_hold_until_the_first_opening_or_closing_among_them():
    at = local(2026, 11, 24, 10, 0)  # a Tuesday
    open_till_noon = state([Rule(WEEKDAYS, time(9), time(12))], at)
    opens_at_eleven = state([Rule(WEEKDAYS, time(11), time(15))], at)
    assert valid_until([open_till_noon], at, tz=HELSINKI) == local(2026, 11, 24, 12, 0)
    assert valid_until([open_till_noon, opens_at_eleven], at, tz=HELSINKI) == local(2026, 11, 24, 11, 0)


def test_states_that_do_not_change_today_hold_until_midnight():
    # "Opens tomorrow 9.00" reads "opens today 9.00" after midnight, and `today` is another day.
    at = local(2026, 11, 24, 20, 0)
    closed_for_the_night = state([Rule(WEEKDAYS, time(9), time(15))], at)
    all_day = state([Rule(EVERY_DAY, time(0), time(0), open_on_holidays=True)], at)
    midnight = local(2026, 11, 25, 0, 0)
    assert valid_until([closed_for_the_night, all_day, UNKNOWN], at, tz=HELSINKI) == midnight
    assert valid_until([], at, tz=HELSINKI) == midnight


def test_the_midnight_of_a_short_day_is_23_hours_on():
    at = local(2027, 3, 28, 0, 30)  # summer time begins at 03:00 this night
    assert valid_until([], at, tz=HELSINKI) - at == timedelta(hours=22, minutes=30)
