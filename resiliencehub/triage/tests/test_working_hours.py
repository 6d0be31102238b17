"""Working hours for the acknowledgement threshold: Monday–Friday, 9am–5pm, UK time."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from resiliencehub.hub.working_hours import (
    is_overdue,
    waited,
    working_hours_between,
    working_seconds_between,
)

pytestmark = pytest.mark.hazard("HAZ-030")


def at(day, hour, minute=0):
    return timezone.make_aware(datetime(2026, 11, day, hour, minute))


def test_hours_within_one_working_day():
    assert working_hours_between(at(23, 9), at(23, 13)) == 4  # Monday


def test_evenings_and_nights_do_not_count():
    assert working_hours_between(at(23, 16), at(24, 10)) == 2  # Mon 4pm → Tue 10am


def test_weekends_do_not_count():
    # Friday 27th 4pm → Monday 30th 12 noon: 1 hour Friday + 3 hours Monday.
    assert working_hours_between(at(27, 16), at(30, 12)) == 4


def test_an_alert_raised_out_of_hours_starts_counting_at_9am():
    assert working_hours_between(at(28, 23), at(30, 10)) == 1  # Saturday night → Monday 10am


def test_overdue_exactly_at_the_threshold_and_not_before():
    raised = at(27, 16)
    assert not is_overdue(raised, at(30, 11, 59), 4)
    assert is_overdue(raised, at(30, 12), 4)


def test_across_the_clocks_going_back():
    # 25 October 2026: British Summer Time ends. Friday 23rd 3pm → Monday 26th 11am.
    raised = timezone.make_aware(datetime(2026, 10, 23, 15))
    assert working_hours_between(raised, timezone.make_aware(datetime(2026, 10, 26, 11))) == 4


def test_no_time_when_the_end_is_before_the_start():
    assert working_hours_between(at(24, 12), at(23, 12)) == 0


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "0 minutes"),
        (1, "1 minute"),
        (61, "1 hour 1 minute"),
        (120, "2 hours"),
        (60 * 26, "1 day 2 hours"),
        (60 * 48, "2 days"),
    ],
)
def test_waits_read_in_words(minutes, words):
    start = at(23, 9)
    assert waited(start, start + timedelta(minutes=minutes)) == words


def day_by_day(start, end) -> float:
    """The plain definition, one calendar day at a time (reference for the fast version)."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    total, day = 0.0, start.date()
    while day <= end.date():
        if day.weekday() < 5:
            opens = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))
            closes = opens.replace(hour=17)
            lower, upper = max(opens, start), min(closes, end)
            if upper > lower:
                total += (upper - lower).total_seconds()
        day += timedelta(days=1)
    return total


@given(
    offset=st.integers(min_value=0, max_value=60 * 24 * 800),
    length=st.integers(min_value=0, max_value=60 * 24 * 400),
)
def test_skipping_whole_weeks_gives_the_same_answer_as_counting_every_day(offset, length):
    start = at(2, 0) + timedelta(minutes=offset)
    end = start + timedelta(minutes=length)
    assert working_seconds_between(start, end) == day_by_day(start, end)
