"""The finder's plain-value paths give what the model-based functions give, service by service, and
what it keeps between searches equals what it would read afresh."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from perhekeskus.directory.finder import find_services, open_states_of
from perhekeskus.directory.forms import ServiceSearchForm
from perhekeskus.directory.models import Service
from perhekeskus.directory.opening import days_off_around, service_open_state

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


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
    bulk = open_states_of([s.pk for s in services], moment, days_off)
    assert bulk == {s.pk: service_open_state(s, moment, days_off) for s in services}


def search_all(moment):
    form = ServiceSearchForm(QueryDict(""))
    assert form.is_valid()
    return find_services(form.cleaned_data, at=moment)


def test_kept_facts_equal_fresh_ones_as_the_clock_and_the_data_change(demo_data):
    ids = list(Service.objects.public().values_list("pk", flat=True))
    moments = [
        datetime(2026, 11, 24, 7, 0, tzinfo=HELSINKI),
        datetime(2026, 11, 24, 9, 30, tzinfo=HELSINKI),
        datetime(2026, 11, 24, 16, 0, tzinfo=HELSINKI),
        datetime(2026, 11, 24, 8, 0, tzinfo=HELSINKI),  # the clock set back: nothing kept is reused
        datetime(2026, 11, 25, 10, 0, tzinfo=HELSINKI),
    ]
    for moment in moments:
        found = search_all(moment)
        fresh = open_states_of(ids, moment, days_off_around(moment))
        assert found.open_states == fresh
        assert found.facets["open_now"][True] == sum(1 for state in fresh.values() if state.is_open)
    free_before = search_all(moments[0]).facets["free"][True]
    service = Service.objects.public().filter(free=True).first()
    service.free = False
    service.save()  # a new content version: the kept values are read again
    assert search_all(moments[0]).facets["free"][True] == free_before - 1
