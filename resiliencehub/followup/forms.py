"""The follow-up schedule's change form: waves as lines a service manager can read."""

import re

from django import forms

from resiliencehub.hub.models import ContactSchedule
from resiliencehub.instruments import get_instrument
from resiliencehub.nhsuk_forms.fields import radios, textarea
from resiliencehub.nhsuk_forms.forms import Form

WAVE_LINE = re.compile(
    r"^\s*(?P<name>[^:]{1,60}):\s*day\s+(?P<day>\d{1,3})\s*,\s*window\s+day\s+"
    r"(?P<opens>\d{1,3})\s+to\s+(?P<closes>\d{1,3})\s*$",
    re.IGNORECASE,
)
WAVE_EXAMPLE = "3 months: day 90, window day 80 to 130"


def waves_text(waves: list[dict]) -> str:
    return "\n".join(
        f"{w['name']}: day {w['day']}, window day {w['opens']} to {w['closes']}" for w in waves
    )


def _instrument_label(instrument_id: str) -> str:
    definition = get_instrument(instrument_id)
    if definition.id in definition.title:
        return definition.title
    return f"{definition.title} ({definition.id})"


class ScheduleForm(Form):
    waves = textarea(
        "Waves",
        rows=4,
        max_length=1000,
        error="Enter at least one wave",
        help_text=f"One wave a line, like “{WAVE_EXAMPLE}”: the day after screening it is "
        "sent, and the first and last day it may be sent or answered.",
    )
    instruments = forms.MultipleChoiceField(
        label="Questions asked",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one set of questions"},
    )
    reminders = forms.IntegerField(
        label="Reminders",
        min_value=0,
        max_value=5,
        widget=forms.NumberInput,
        help_text="How many reminders follow the invitation if there is no answer (0 to 5).",
    )
    reminder_days = forms.IntegerField(
        label="Days between emails",
        min_value=1,
        max_value=60,
        widget=forms.NumberInput,
    )
    active = radios(
        "Is the schedule in use?",
        [("yes", "Yes"), ("no", "No: cancel everything it has planned and not sent")],
        error="Select whether the schedule is in use",
    )

    def __init__(self, *args, schedule: ContactSchedule, choices: list[str], **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "waves": waves_text(schedule.waves),
                "instruments": list(schedule.instruments),
                "reminders": schedule.reminders,
                "reminder_days": schedule.reminder_days,
                "active": "yes" if schedule.is_active else "no",
            },
        )
        super().__init__(*args, **kwargs)
        ids = list(dict.fromkeys([*schedule.instruments, *choices]))
        self.fields["instruments"].choices = [(i, _instrument_label(i)) for i in ids]

    def clean_waves(self) -> list[dict]:
        waves, names = [], set()
        for number, line in enumerate(self.cleaned_data["waves"].splitlines(), 1):
            if not line.strip():
                continue
            match = WAVE_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    f"Write line {number} like “{WAVE_EXAMPLE}”", code="format"
                )
            name = match["name"].strip()
            day, opens, closes = (int(match[k]) for k in ("day", "opens", "closes"))
            if not opens <= day <= closes:
                raise forms.ValidationError(
                    f"Line {number}: the window (day {opens} to {closes}) must include day {day}"
                )
            if not 1 <= day <= 730 or closes > 760:
                raise forms.ValidationError(f"Line {number}: a wave is within 2 years of screening")
            if name in names:
                raise forms.ValidationError(f"Line {number}: two waves are called “{name}”")
            names.add(name)
            waves.append({"name": name, "day": day, "opens": opens, "closes": closes})
        if not waves:
            raise forms.ValidationError("Enter at least one wave")
        return waves

    def planning_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "waves": data["waves"],
            "instruments": list(data["instruments"]),
            "reminders": data["reminders"],
            "reminder_days": data["reminder_days"],
            "is_active": data["active"] == "yes",
        }
