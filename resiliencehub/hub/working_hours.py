"""Working hours between two moments, for the duty queue's acknowledgement threshold.

A hub must acknowledge a risk alert within `hub.risk_acknowledge_hours` *working* hours
(ADR 0021): Monday to Friday, 9am to 5pm, UK local time. An alert raised at 4pm on a
Friday is overdue after 4 working hours, at 12 noon on Monday. Bank holidays count as
working days (the conservative choice: an alert becomes overdue sooner, never later).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

DAY_STARTS = time(9, 0)
DAY_ENDS = time(17, 0)
WORKING_WEEKDAYS = frozenset(range(5))  # Monday 0 … Friday 4
WORKING_WEEK_SECONDS = 5 * 8 * 3600


def _clock(moment: time) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def working_hours_words() -> str:
    """The working week in words, for pages that promise a response in working hours."""
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    first, last = names[min(WORKING_WEEKDAYS)], names[max(WORKING_WEEKDAYS)]
    return f"{first} to {last}, {_clock(DAY_STARTS)} to {_clock(DAY_ENDS)}"


def working_seconds_between(start: datetime, end: datetime) -> float:
    """Seconds of Monday–Friday 9am–5pm (local time) between `start` and `end`."""
    if end <= start:
        return 0.0
    start = timezone.localtime(start)
    end = timezone.localtime(end)
    total = 0.0
    # Any seven days hold exactly one working week; skip whole weeks, count the rest.
    # (Adding days to a zoneinfo datetime keeps its wall-clock time.)
    weeks = (end.date() - start.date()).days // 7 - 1
    if weeks > 0:
        total += weeks * WORKING_WEEK_SECONDS
        start = start + timedelta(days=7 * weeks)
    day = start.date()
    while day <= end.date():
        if day.weekday() in WORKING_WEEKDAYS:
            opens = timezone.make_aware(datetime.combine(day, DAY_STARTS))
            closes = timezone.make_aware(datetime.combine(day, DAY_ENDS))
            lower = max(opens, start)
            upper = min(closes, end)
            if upper > lower:
                total += (upper - lower).total_seconds()
        day += timedelta(days=1)
    return total


def working_hours_between(start: datetime, end: datetime) -> float:
    return working_seconds_between(start, end) / 3600


def is_overdue(raised_at: datetime, now: datetime, threshold_hours: int) -> bool:
    """True once `threshold_hours` working hours have passed since `raised_at`."""
    return working_seconds_between(raised_at, now) >= threshold_hours * 3600


def waited(start: datetime, end: datetime) -> str:
    """Elapsed clock time in words: "2 days 3 hours", "3 hours 5 minutes", "12 minutes"."""
    seconds = max(0, int((end - start).total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60

    def unit(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if days:
        return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour") + (f" {unit(minutes, 'minute')}" if minutes else "")
    return unit(minutes, "minute")
