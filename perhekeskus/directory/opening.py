"""The bridge from the directory models to `hours`: open-now states of channels, places and services.

`hours` knows nothing of models or the database; this module hands it the rows of one owner. It
reads them only through `.schedules.all()` and `.schedule_exceptions.all()`, so a list page that
prefetches `HOURS_PREFETCH` pays no query per service. The days off come in as an argument:
a view builds them once per request with `days_off_around(at)`.
"""

from collections.abc import Container
from datetime import date, datetime, timedelta

from django.utils.timezone import get_default_timezone

from .holidays import closed_days_from_db
from .hours import HORIZON_DAYS, UNKNOWN, OpenState, combine, open_state
from .models import Area, Channel, Location, Service

# Add to a Service queryset (after `with_relations()`, whose channel prefetch these reuse) so that
# `service_open_state` runs without queries of its own.
HOURS_PREFETCH = ("schedules", "schedule_exceptions", "channels__schedules", "channels__schedule_exceptions")


def days_off_around(at: datetime, area: Area | int | None = None) -> frozenset[date]:
    """Public holidays and ClosedDay rows from the day before `at` to the end of the hours horizon.

    One query; the day before is there because `at` may still be yesterday in Finland.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"`at` must be timezone-aware, got the naive {at.isoformat()}")
    day = at.astimezone(get_default_timezone()).date()
    return closed_days_from_db(day - timedelta(days=1), day + timedelta(days=HORIZON_DAYS), area)


def channel_open_state(channel: Channel, at: datetime, days_off: Container[date]) -> OpenState:
    """Whether a phone line, chat or other channel is open at `at`: by its own hours, closed also
    when its service is closed (a summer break entered on the service closes its phone line)."""
    exceptions = [*channel.schedule_exceptions.all(), *channel.service.schedule_exceptions.all()]
    return open_state(channel.schedules.all(), exceptions, at, days_off=days_off, tz=get_default_timezone())


def location_open_state(location: Location, at: datetime, days_off: Container[date]) -> OpenState:
    """Whether a place (its doors) is open at `at`."""
    return _own_state(location, at, days_off)


def service_open_state(service: Service, at: datetime, days_off: Container[date]) -> OpenState:
    """Whether a service can be reached at `at`: by its own hours, if it has any, or through any of
    its channels that have hours. Unknown when none of them has hours.

    The service's exceptions apply to its channels too; a channel's own exceptions to it alone.
    """
    states = []
    if _has_hours(service):
        states.append(_own_state(service, at, days_off))
    states.extend(
        channel_open_state(channel, at, days_off) for channel in service.channels.all() if _has_hours(channel)
    )
    return combine(states) if states else UNKNOWN


def _has_hours(owner: Service | Channel) -> bool:
    # len() of .all() rather than .exists(): the latter would query even when prefetched.
    return len(owner.schedules.all()) > 0


def _own_state(owner: Service | Channel | Location, at: datetime, days_off: Container[date]) -> OpenState:
    return open_state(
        owner.schedules.all(), owner.schedule_exceptions.all(), at, days_off=days_off, tz=get_default_timezone()
    )
