"""The finder's plain-value paths give what the model-based functions give, service by service."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from perhekeskus.directory.finder import open_states_of
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
