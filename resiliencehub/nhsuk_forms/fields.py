"""Form fields that the staff forms share: a date and time typed
into the browser, a choice among records already fetched through the hub, and the
radio questions and free-text boxes that every clinical form asks in the same way."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from .formatting import format_date

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def local_now_value() -> str:
    return timezone.localtime().strftime(DATETIME_LOCAL)


EARLIEST = timedelta(days=366)
"""How far back an event may be recorded: a year, time to catch up on a record."""
LATEST = timedelta(days=2 * 366)
"""How far ahead something may be booked: two years."""


class WhenField(forms.DateTimeField):
    """A date and time typed into a browser's date-time input (yyyy-mm-ddThh:mm), within
    a sane range of today: an event no more than a year ago (and not in the future unless
    `future_allowed`, for bookings up to two years ahead)."""

    widget = forms.DateTimeInput(format=DATETIME_LOCAL)

    def __init__(self, *, future_allowed: bool = False, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Enter the date and time",
                "invalid": "Enter a real date and time, for example 21/11/2026 14:30",
            },
        )
        super().__init__(**kwargs)
        self.future_allowed = future_allowed

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        now = timezone.now()
        if not self.future_allowed and value > now + timedelta(minutes=5):
            raise forms.ValidationError("The date and time must not be in the future")
        earliest = timezone.localtime(now - EARLIEST).date()
        if value.date() < earliest:
            raise forms.ValidationError(f"The date must be on or after {format_date(earliest)}")
        latest = timezone.localtime(now + LATEST).date()
        if value.date() > latest:
            raise forms.ValidationError(f"The date must be on or before {format_date(latest)}")


class RecordChoiceField(forms.ChoiceField):
    """A choice among records the view has already fetched through the hub, cleaned to
    the record. (A ModelChoiceField would look the value up again, outside the hub.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {}

    def set_records(self, records, label, blank: str | None = None):
        """Offer `records`, each shown as `label(record)`, after an empty `blank` choice."""
        records = list(records)
        self.records = {str(r.pk): r for r in records}
        choices = [("", blank)] if blank else []
        self.choices = choices + [(str(r.pk), label(r)) for r in records]

    def clean(self, value):
        value = super().clean(value)
        return self.records.get(value) if value else None


class PeopleChoiceField(RecordChoiceField):
    """A choice of hub staff, cleaned to the User."""

    def __init__(self, *args, people=(), blank: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_people(people, blank)

    def set_people(self, people, blank=None, me=None):
        self.set_records(
            people,
            lambda p: "Me" if me is not None and p == me else p.display_name,
            blank,
        )


def radios(label: str, choices=(), *, error: str, **kwargs) -> forms.ChoiceField:
    """A radio question that must be answered; `error` says what to select."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": error},
        **kwargs,
    )


def textarea(
    label: str, *, error: str | None = None, rows: int | None = None, **kwargs
) -> forms.CharField:
    """A free-text box: one that must be filled in when `error` says what to enter,
    otherwise one that may be left empty."""
    if error is None:
        kwargs["required"] = False
    else:
        kwargs["error_messages"] = {"required": error}
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.Textarea
    return forms.CharField(label=label, widget=widget, **kwargs)
