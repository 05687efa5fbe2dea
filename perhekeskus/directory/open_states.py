"""Open-now states of channels, places and services: the directory's rows handed to `hours`.

`hours` knows nothing of models or the database. This module holds the one rule that combines a
service's own hours with its channels' (`combined_state`), and two ways of reading the rows it
needs: from model objects (`service_open_state`, for a page that shows a few services and has
prefetched `HOURS_PREFETCH`, so it pays no query per service), and in bulk from plain rows
(`service_open_states`, for the finder's thousands of matches). Both end in `combined_state`, so
the service page, the lists, the finder, the API and the paths always agree.

The days off come in as an argument: a view builds them once per request with `days_off_around(at)`.
"""

from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from datetime import date, datetime, timedelta

from django.utils.timezone import get_default_timezone

from .holidays import closed_days_from_db
from .hours import HORIZON_DAYS, UNKNOWN, DateException, OpenState, WeeklyRule, combine, open_state
from .models import Area, Channel, Location, Schedule, ScheduleException, Service

# Add to a Service queryset (after `with_relations()`, whose channel prefetch these reuse) so that
# `service_open_state` runs without queries of its own.
HOURS_PREFETCH = ("schedules", "schedule_exceptions", "channels__schedules", "channels__schedule_exceptions")
CHUNK = 2000  # ids per query: SQL parameters are bounded on every database

Hours = tuple[Sequence[WeeklyRule], Sequence[DateException]]  # an owner's rules and exceptions


def days_off_around(at: datetime, area: Area | int | None = None) -> frozenset[date]:
    """Public holidays and ClosedDay rows from the day before `at` to the end of the hours horizon.

    One query; the day before is there because `at` may still be yesterday in Finland.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"`at` must be timezone-aware, got the naive {at.isoformat()}")
    day = at.astimezone(get_default_timezone()).date()
    return closed_days_from_db(day - timedelta(days=1), day + timedelta(days=HORIZON_DAYS), area)


def combined_state(own: Hours, channels: Iterable[Hours], at: datetime, days_off: Container[date]) -> OpenState:
    """Whether a service can be reached at `at`: THE rule, kept only here.

    By its own hours, if it has any, or through any of its channels that have hours; unknown when
    none of them has hours. The service's exceptions apply to its channels too (a summer break
    entered on the service closes its phone line), a channel's own exceptions to it alone.
    """
    own_rules, own_exceptions = own
    states = [_state(own_rules, own_exceptions, at, days_off)] if own_rules else []
    states.extend(
        _state(rules, [*exceptions, *own_exceptions], at, days_off) for rules, exceptions in channels if rules
    )
    return combine(states) if states else UNKNOWN


def service_open_state(service: Service, at: datetime, days_off: Container[date]) -> OpenState:
    """`combined_state` of a service object (prefetch HOURS_PREFETCH for lists)."""
    channels = [(c.schedules.all(), c.schedule_exceptions.all()) for c in service.channels.all()]
    return combined_state(_hours(service), channels, at, days_off)


def service_open_states(ids: list[int], at: datetime, days_off: Container[date]) -> dict[int, OpenState]:
    """`combined_state` of every service, read with a few plain queries per chunk of ids instead of
    a model graph per service."""
    states = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        own, own_exceptions = defaultdict(list), defaultdict(list)
        by_channel, channel_exceptions = defaultdict(list), defaultdict(list)
        channels = defaultdict(list)
        for pk, service_id in Channel.objects.filter(service_id__in=chunk).values_list("pk", "service_id"):
            channels[service_id].append(pk)
        channel_ids = [pk for pks in channels.values() for pk in pks]
        # Two queries each rather than one with OR, which SQLite answers with a full scan.
        for rule in Schedule.objects.filter(service_id__in=chunk):
            own[rule.service_id].append(rule)
        for rule in Schedule.objects.filter(channel_id__in=channel_ids):
            by_channel[rule.channel_id].append(rule)
        for exception in ScheduleException.objects.filter(service_id__in=chunk):
            own_exceptions[exception.service_id].append(exception)
        for exception in ScheduleException.objects.filter(channel_id__in=channel_ids):
            channel_exceptions[exception.channel_id].append(exception)
        for pk in chunk:
            hours_of_channels = [(by_channel[c], channel_exceptions[c]) for c in channels[pk]]
            states[pk] = combined_state((own[pk], own_exceptions[pk]), hours_of_channels, at, days_off)
    return states


def channel_open_state(channel: Channel, at: datetime, days_off: Container[date]) -> OpenState:
    """Whether a phone line, chat or other channel is open at `at`: by its own hours, closed also
    when its service is closed (the service's exceptions apply, as in `combined_state`)."""
    exceptions = [*channel.schedule_exceptions.all(), *channel.service.schedule_exceptions.all()]
    return _state(channel.schedules.all(), exceptions, at, days_off)


def location_open_state(location: Location, at: datetime, days_off: Container[date]) -> OpenState:
    """Whether a place (its doors) is open at `at`."""
    return _state(*_hours(location), at, days_off)


def _hours(owner: Service | Channel | Location) -> Hours:
    # .all() (not .exists()), so that prefetched rows are used without a query.
    return list(owner.schedules.all()), list(owner.schedule_exceptions.all())


def _state(rules, exceptions, at: datetime, days_off: Container[date]) -> OpenState:
    return open_state(rules, exceptions, at, days_off=days_off, tz=get_default_timezone())
