"""`manage.py due_at WHEN`: the deadline for support staff, first line ISO 8601 for scripts."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from perhekeskus.directory.models import ClosedDay

pytestmark = pytest.mark.django_db


def due_at_lines(*args) -> list[str]:
    out = StringIO()
    call_command("due_at", *args, stdout=out)
    return out.getvalue().splitlines()


def test_prints_the_deadline_of_a_request_sent_before_christmas_on_the_first_line():
    lines = due_at_lines("2026-12-23T15:00")
    assert lines[0] == "2026-12-28T16:00:00+02:00"


def test_says_the_deadline_in_finnish_on_the_second_line():
    lines = due_at_lines("2026-12-23T15:00")
    assert "maanantaina 28.12.2026 klo 16.00" in lines[1]
    assert "keskiviikkona 23.12.2026 klo 15.00" in lines[1]


def test_time_with_an_offset_counts_by_the_finnish_date():
    # 22:30 UTC on Monday 21.12. is already Tuesday 00:30 in Finland: due Wednesday.
    assert due_at_lines("2026-12-21T22:30+00:00")[0] == "2026-12-23T16:00:00+02:00"


def test_date_alone_means_that_day():
    assert due_at_lines("2026-12-23")[0] == "2026-12-28T16:00:00+02:00"


def test_summer_time_deadline_carries_the_summer_offset():
    assert due_at_lines("2026-03-27T12:00")[0] == "2026-03-30T16:00:00+03:00"


def test_closed_day_entered_as_data_moves_the_printed_deadline():
    ClosedDay.objects.create(date=date(2026, 12, 28), reason_fi="Välipäivä")
    assert due_at_lines("2026-12-23T15:00")[0] == "2026-12-29T16:00:00+02:00"


@pytest.mark.parametrize("value", ["tomorrow", "", "23.12.2026 15:00", "2026-13-01T10:00", "2026-12-23T25:00"])
def test_bad_date_is_refused_with_an_example_of_a_good_one(value):
    with pytest.raises(CommandError, match="ISO 8601, e.g. 2026-12-23T15:00"):
        call_command("due_at", value)


def test_date_at_the_end_of_the_calendar_is_refused_clearly():
    with pytest.raises(CommandError, match="ends of the calendar"):
        call_command("due_at", "9999-12-31")
