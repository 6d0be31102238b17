"""Dates and times as NHS.UK content style writes them: "21 November 2026", "3:05pm",
"midday". Used by the templates (as filters), the forms' messages and the letters."""

from datetime import date, datetime

from django.utils import timezone


def format_date(value: date | datetime | None, with_time: bool = False) -> str:
    """NHS.UK style: "21 November 2026", optionally "21 November 2026 at 3:05pm"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
        day = f"{value.day} {value:%B %Y}"
        if with_time:
            return f"{day} at {format_time(value)}"
        return day
    return f"{value.day} {value:%B %Y}"


def format_time(value: datetime) -> str:
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"
