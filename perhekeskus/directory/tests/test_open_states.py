"""Open-now states of real channels, places and services, with their rules and days off in the database."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from perhekeskus.directory.holidays import closed_days_from_db
from perhekeskus.directory.hours import UNKNOWN
from perhekeskus.directory.models import (
    Area,
    Channel,
    ClosedDay,
    Location,
    Schedule,
    ScheduleException,
    Service,
)
from perhekeskus.directory.open_states import (
    HOURS_PREFETCH,
    channel_open_state,
    days_off_around,
    location_open_state,
    service_open_state,
    service_open_states,
)

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


def make_service(slug: str = "neuvola") -> Service:
    return Service.objects.create(name_fi=slug.capitalize(), slug=slug, kind=Service.Kind.PHONE_SERVICE)


def make_channel(service: Service, value: str = "040 123 4567") -> Channel:
    return Channel.objects.create(service=service, kind=Channel.Kind.PHONE, value=value)


def office_hours(**owner) -> None:
    """Monday to Friday 9–11 and 12–15, the way a health-centre phone line is often written."""
    Schedule.objects.create(weekdays="mo,tu,we,th,fr", opens_at=time(9), closes_at=time(11), **owner)
    Schedule.objects.create(weekdays="mo, tu, we, th, fr", opens_at=time(12), closes_at=time(15), **owner)


def fresh(model, pk):
    # Read back from the database so the times and dates are what the backend returns.
    return model.objects.get(pk=pk)


def test_channel_open_within_hours_read_from_the_database():
    channel = make_channel(make_service())
    office_hours(channel=channel)
    at = local(2026, 3, 4, 10)
    s = channel_open_state(fresh(Channel, channel.pk), at, days_off_around(at))
    assert s.is_open is True
    assert s.closes_at == local(2026, 3, 4, 11)


def test_channel_closed_at_lunch_opens_at_noon():
    channel = make_channel(make_service())
    office_hours(channel=channel)
    at = local(2026, 3, 4, 11, 30)
    s = channel_open_state(fresh(Channel, channel.pk), at, days_off_around(at))
    assert s.is_open is False
    assert s.next_opens == local(2026, 3, 4, 12)


def test_channel_closed_on_midsummer_eve_opens_monday():
    channel = make_channel(make_service())
    office_hours(channel=channel)
    at = local(2026, 6, 19, 10)
    assert channel_open_state(channel, at, days_off_around(at)).next_opens == local(2026, 6, 22, 9)


def test_emergency_line_open_on_holidays_is_open_on_christmas_day():
    channel = make_channel(make_service("paivystys"), "112")
    Schedule.objects.create(
        channel=channel, weekdays="mo,tu,we,th,fr,sa,su", opens_at=time(0), closes_at=time(0), open_on_holidays=True
    )
    at = local(2026, 12, 25, 4)
    s = channel_open_state(channel, at, days_off_around(at))
    assert s.is_open is True
    assert s.closes_at is None


def test_extra_closed_day_in_the_database_closes_the_channel():
    channel = make_channel(make_service())
    office_hours(channel=channel)
    ClosedDay.objects.create(date=date(2026, 5, 15), reason_fi="Helatorstain jälkeinen perjantai")
    at = local(2026, 5, 15, 10)
    s = channel_open_state(channel, at, days_off_around(at))
    assert s.is_open is False
    assert s.next_opens == local(2026, 5, 18, 9)


def test_exception_in_the_database_closes_a_week():
    channel = make_channel(make_service())
    office_hours(channel=channel)
    ScheduleException.objects.create(channel=channel, starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 8))
    at = local(2026, 3, 4, 10)
    assert channel_open_state(fresh(Channel, channel.pk), at, days_off_around(at)).next_opens == local(2026, 3, 9, 9)


def test_exception_in_the_database_with_shorter_hours():
    channel = make_channel(make_service())
    office_hours(channel=channel)
    ScheduleException.objects.create(
        channel=channel,
        starts_on=date(2026, 4, 30),
        ends_on=date(2026, 4, 30),
        closed=False,
        opens_at=time(9),
        closes_at=time(12),
    )
    at = local(2026, 4, 30, 11, 30)
    s = channel_open_state(fresh(Channel, channel.pk), at, days_off_around(at))
    assert s.is_open is True
    assert s.closes_at == local(2026, 4, 30, 12)


def test_spring_change_monday_nine_from_the_database_is_six_utc():
    channel = make_channel(make_service())
    office_hours(channel=channel)
    at = local(2026, 3, 27, 16)
    assert channel_open_state(channel, at, days_off_around(at)).next_opens == datetime(2026, 3, 30, 6, tzinfo=UTC)


def test_location_open_state_uses_the_place_hours():
    place = Location.objects.create(name_fi="Perhekeskus Kemi", slug="perhekeskus-kemi")
    Schedule.objects.create(location=place, weekdays="tu,th", opens_at=time(9), closes_at=time(12))
    at = local(2026, 3, 4, 10)  # a Wednesday
    s = location_open_state(fresh(Location, place.pk), at, days_off_around(at))
    assert s.is_open is False
    assert s.next_opens == local(2026, 3, 5, 9)


def test_service_without_any_hours_is_unknown():
    service = make_service()
    make_channel(service)
    at = local(2026, 3, 4, 10)
    assert service_open_state(service, at, days_off_around(at)) == UNKNOWN


def test_service_open_through_a_channel_when_its_own_hours_are_over():
    service = make_service()
    Schedule.objects.create(service=service, weekdays="mo,tu,we,th,fr", opens_at=time(8), closes_at=time(10))
    chat = make_channel(service)
    Schedule.objects.create(channel=chat, weekdays="we", opens_at=time(12), closes_at=time(16))
    make_channel(service, "040 000 0000")  # no hours: does not count
    at = local(2026, 3, 4, 13)
    s = service_open_state(service, at, days_off_around(at))
    assert s.is_open is True
    assert s.closes_at == local(2026, 3, 4, 16)
    assert s.today == ((local(2026, 3, 4, 8), local(2026, 3, 4, 10)), (local(2026, 3, 4, 12), local(2026, 3, 4, 16)))


def test_service_closed_everywhere_opens_at_the_earliest_channel():
    service = make_service()
    office_hours(service=service)
    chat = make_channel(service)
    Schedule.objects.create(channel=chat, weekdays="sa,su", opens_at=time(18), closes_at=time(21))
    at = local(2026, 3, 6, 16)  # Friday afternoon
    assert service_open_state(service, at, days_off_around(at)).next_opens == local(2026, 3, 7, 18)


def test_service_exception_closes_its_channels_too():
    service = make_service()
    office_hours(service=service)
    ScheduleException.objects.create(service=service, starts_on=date(2026, 3, 4), ends_on=date(2026, 3, 4))
    chat = make_channel(service)
    Schedule.objects.create(channel=chat, weekdays="we,th", opens_at=time(10), closes_at=time(11))
    at = local(2026, 3, 4, 10, 30)
    s = service_open_state(service, at, days_off_around(at))
    assert s.is_open is False
    assert s.next_opens == local(2026, 3, 5, 9)
    assert channel_open_state(chat, at, days_off_around(at)).is_open is False


def test_channel_exception_closes_that_channel_only():
    service = make_service()
    office_hours(service=service)
    chat = make_channel(service)
    Schedule.objects.create(channel=chat, weekdays="we", opens_at=time(10), closes_at=time(11))
    ScheduleException.objects.create(channel=chat, starts_on=date(2026, 3, 4), ends_on=date(2026, 3, 4))
    at = local(2026, 3, 4, 10, 30)
    s = service_open_state(service, at, days_off_around(at))
    assert s.is_open is True  # by the service's own hours, 9–11
    assert s.closes_at == local(2026, 3, 4, 11)
    assert channel_open_state(chat, at, days_off_around(at)).is_open is False


def test_days_off_around_cover_yesterday_to_the_horizon_with_closed_days():
    ClosedDay.objects.create(date=date(2026, 3, 3))
    ClosedDay.objects.create(date=date(2027, 3, 9))
    ClosedDay.objects.create(date=date(2027, 3, 10))
    off = days_off_around(local(2026, 3, 4, 0, 30))
    assert date(2026, 3, 3) in off
    assert date(2027, 3, 9) in off  # 4.3.2026 + 370 days
    assert date(2027, 3, 10) not in off
    assert {date(2026, 4, 3), date(2026, 12, 24), date(2027, 1, 6)} <= off


def test_days_off_around_use_the_helsinki_day_of_a_utc_moment():
    ClosedDay.objects.create(date=date(2026, 3, 3))
    # 22:30 UTC on 3 March is already 4 March in Helsinki, so 3 March is "yesterday" and included.
    assert date(2026, 3, 3) in days_off_around(datetime(2026, 3, 3, 22, 30, tzinfo=UTC))
    ClosedDay.objects.create(date=date(2026, 3, 1))
    assert date(2026, 3, 1) not in days_off_around(datetime(2026, 3, 3, 22, 30, tzinfo=UTC))


def test_days_off_around_refuse_a_naive_moment():
    with pytest.raises(ValueError, match="timezone-aware"):
        days_off_around(datetime(2026, 3, 4, 10))


def test_closed_days_of_an_area_apply_only_when_that_area_is_asked():
    kemi = Area.objects.create(name_fi="Kemi", slug="kemi", kind=Area.Kind.MUNICIPALITY)
    tornio = Area.objects.create(name_fi="Tornio", slug="tornio", kind=Area.Kind.MUNICIPALITY)
    ClosedDay.objects.create(date=date(2026, 5, 15))
    ClosedDay.objects.create(date=date(2026, 5, 18), area=kemi)
    ClosedDay.objects.create(date=date(2026, 5, 19), area=tornio)
    start, end = date(2026, 5, 1), date(2026, 5, 31)
    everywhere = closed_days_from_db(start, end)
    assert date(2026, 5, 15) in everywhere
    assert date(2026, 5, 18) not in everywhere
    in_kemi = closed_days_from_db(start, end, area=kemi)
    assert {date(2026, 5, 15), date(2026, 5, 18), date(2026, 5, 1), date(2026, 5, 14)} <= in_kemi
    assert date(2026, 5, 19) not in in_kemi
    assert date(2026, 5, 19) in closed_days_from_db(start, end, area=tornio.pk)


def test_closed_days_outside_the_range_are_left_out():
    ClosedDay.objects.create(date=date(2026, 6, 1))
    assert date(2026, 6, 1) not in closed_days_from_db(date(2026, 5, 1), date(2026, 5, 31))


def test_prefetched_services_need_no_queries_for_their_states(django_assert_num_queries):
    for n in range(4):
        service = make_service(f"palvelu-{n}")
        office_hours(service=service)
        ScheduleException.objects.create(service=service, starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 31))
        channel = make_channel(service)
        Schedule.objects.create(channel=channel, weekdays="sa", opens_at=time(10), closes_at=time(14))
        ScheduleException.objects.create(channel=channel, starts_on=date(2026, 3, 7), ends_on=date(2026, 3, 7))
    at = local(2026, 3, 6, 16)
    days_off = days_off_around(at)
    services = list(Service.objects.with_relations().prefetch_related(*HOURS_PREFETCH))
    with django_assert_num_queries(0):
        states = [service_open_state(service, at, days_off) for service in services]
    assert [s.next_opens for s in states] == [local(2026, 3, 9, 9)] * 4


def test_days_off_around_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        days_off_around(local(2026, 3, 4, 10))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 24, 10, 0, tzinfo=HELSINKI),  # a weekday morning
        datetime(2026, 11, 24, 20, 30, tzinfo=HELSINKI),  # an evening
        datetime(2026, 12, 25, 12, 0, tzinfo=HELSINKI),  # Christmas Day
        datetime(2027, 3, 28, 3, 30, tzinfo=HELSINKI),  # the night summer time begins
    ],
)
def test_open_states_read_in_bulk_equal_those_of_each_service(demo_data, moment):
    services = list(Service.objects.public().with_relations())
    days_off = days_off_around(moment)
    bulk = service_open_states([s.pk for s in services], moment, days_off)
    assert bulk == {s.pk: service_open_state(s, moment, days_off) for s in services}
