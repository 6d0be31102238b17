"""When a hub may write to a client: its sending hours, on working days, in UK time.

Everything is worked out on the wall clock of `settings.TIME_ZONE` (Europe/London) and
turned back into an aware moment only at the end, so a schedule is not moved an hour by
the clocks changing and a window never slips across midnight (the failure of survey
tools that keep schedules in UTC offsets). Bank holidays are England and Wales's, from
the `holidays` package (including substitute days and one-off holidays).
"""

import functools
from datetime import date, datetime, time, timedelta

import holidays
from django.utils import timezone

SEARCH_DAYS = 30  # more than any run of non-working days (Christmas and New Year is 4)


@functools.lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    """An England and Wales bank holiday (the two nations share them)."""
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def is_sending_day(hub, day: date) -> bool:
    return is_working_day(day) if hub.contact_working_days_only else True


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _aware(day: date, clock: time) -> datetime:
    # A wall-clock time that the clocks skip (01:30 on the spring change) is read as the
    # moment after the gap; sending hours are in the day, so this is a safeguard only.
    return timezone.make_aware(datetime.combine(day, clock))


def is_sending_time(hub, moment: datetime) -> bool:
    """Whether `moment` is inside the hub's sending hours on a sending day."""
    local = _local(moment)
    if not is_sending_day(hub, local.date()):
        return False
    return hub.contact_send_from <= local.time() < hub.contact_send_until


def next_sending_time(hub, moment: datetime) -> datetime:
    """`moment` itself when the hub may send then, or the start of its next sending hours."""
    if is_sending_time(hub, moment):
        return moment
    local = _local(moment)
    day = local.date()
    if local.time() >= hub.contact_send_from:
        day += timedelta(days=1)
    for _ in range(SEARCH_DAYS):
        if is_sending_day(hub, day):
            return _aware(day, hub.contact_send_from)
        day += timedelta(days=1)
    raise ValueError("No sending day in the next 30 days: check the hub's sending rules.")


def working_days_before(moment: datetime, days: int) -> datetime:
    """The same clock time `days` working days before `moment` (an appointment's
    "2 working days before" reminder: Monday 10am gives Thursday 10am)."""
    local = _local(moment)
    day = local.date()
    left = days
    while left:
        day -= timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return _aware(day, local.time().replace(tzinfo=None))


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, UK time."""
    return _aware(day, time(0, 0))


def local_date(moment: datetime) -> date:
    return _local(moment).date()
