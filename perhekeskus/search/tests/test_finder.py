"""The finder's plain-value paths give what the model-based functions give, service by service, and
what it keeps between searches equals what it would read afresh."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from perhekeskus.directory.forms import ServiceSearchForm
from perhekeskus.directory.models import Service
from perhekeskus.directory.open_states import days_off_around, service_open_states
from perhekeskus.search.finder import find_services

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


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
        fresh = service_open_states(ids, moment, days_off_around(moment))
        assert found.open_states == fresh
        assert found.facets["open_now"][True] == sum(1 for state in fresh.values() if state.is_open)
    free_before = search_all(moments[0]).facets["free"][True]
    service = Service.objects.public().filter(free=True).first()
    service.free = False
    service.save()  # a new content version: the kept values are read again
    assert search_all(moments[0]).facets["free"][True] == free_before - 1
