"""Forms for the duty queue, the worklist and assessments. Rendered with `field(...)`;
validated on the server (templates use `novalidate`)."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.hub.models import Sector
from resiliencehub.nhsuk_forms.fields import (
    PeopleChoiceField,
    WhenField,
    radios,
    textarea,
)
from resiliencehub.nhsuk_forms.formatting import format_date
from resiliencehub.nhsuk_forms.forms import Form

from .models import ContactMethod, ContactOutcome, RiskAction, RiskLevel
from .services import DeclineReason


class ContactAttemptForm(Form):
    attempted_at = WhenField(label="When did you try to contact them?")
    method = radios(
        "How did you try to contact them?",
        ContactMethod.choices,
        error="Select how you tried to contact them",
    )
    outcome = radios("What happened?", ContactOutcome.choices, error="Select what happened")
    note = textarea("Notes", max_length=4000)


class RiskAssessmentForm(Form):
    thoughts = textarea(
        "Thoughts of suicide or self-harm",
        help_text="What the client describes: frequency, intensity, how recent.",
        error="Describe the client's thoughts of suicide or self-harm",
    )
    intent = textarea("Intent", error="Describe any intent to act on the thoughts")
    plan = textarea("Plan", error="Describe any plan, or record that there is none")
    means = textarea(
        "Access to means", error="Describe access to means, or record that there is none"
    )
    protective_factors = textarea("Protective factors", error="Describe the protective factors")
    level = radios("Level of risk", RiskLevel.choices, error="Select the level of risk")
    actions = forms.MultipleChoiceField(
        label="Actions taken",
        choices=RiskAction.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one action taken"},
    )
    actions_note = textarea("Details of the actions", max_length=4000)


class CloseAlertForm(Form):
    note = textarea(
        "Why are you closing this alert?",
        help_text="For example: risk assessed and safety plan agreed; or three attempts "
        "without reply, letter sent with crisis numbers and GP informed.",
        error="Enter why you are closing this alert",
    )


ROTA_AHEAD = timedelta(days=366)
"""How far ahead the duty rota is planned."""


class RotaForm(Form):
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(format="%Y-%m-%d"),
        error_messages={"required": "Enter the day", "invalid": "Enter a real date"},
    )
    clinician = PeopleChoiceField(
        label="Duty clinician", error_messages={"required": "Select the duty clinician"}
    )

    def __init__(self, *args, clinicians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].set_people(clinicians, blank="Choose a clinician")

    def clean_day(self):
        day = self.cleaned_data["day"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError("The day must be today or in the future")
        if day > today + ROTA_AHEAD:
            latest = format_date(today + ROTA_AHEAD)
            raise forms.ValidationError(f"The day must be on or before {latest}")
        return day


class WorklistFilterForm(Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "All new referrals"),
            ("submitted", "New referral"),
            ("awaiting_questionnaires", "Accepted, questionnaires sent"),
        ],
    )
    sector = forms.ChoiceField(
        label="Occupational group", required=False, choices=[("", "All groups"), *Sector.choices]
    )
    waited = forms.ChoiceField(
        label="Waiting",
        required=False,
        choices=[
            ("", "Any time"),
            ("7", "7 days or more"),
            ("14", "14 days or more"),
            ("28", "28 days or more"),
        ],
    )


class AcceptForm(Form):
    allocate_to = PeopleChoiceField(label="Allocate to", required=False)

    def __init__(self, *args, user, roles, case_holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        if Role.CLINICAL_LEAD in roles:
            people = list(case_holders)
        elif set(roles) & {Role.CLINICIAN}:
            people = [user]
        else:
            people = []
        self.fields["allocate_to"].set_people(people, blank="Do not allocate yet", me=user)


class DeclineForm(Form):
    reason = radios(
        "Why is the referral being declined?",
        DeclineReason.CHOICES,
        error="Select why the referral is being declined",
    )
    note = textarea(
        "Details",
        help_text="For example, where the person was referred and whether they were told.",
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == DeclineReason.OTHER and not data.get("note"):
            self.add_error("note", "Enter the reason for declining")
        return data


class MergeForm(Form):
    into = forms.ChoiceField(
        label="Which referral is this a duplicate of?",
        widget=forms.RadioSelect,
        required=False,
    )
    reference = forms.CharField(
        label="Or enter the reference of the existing referral",
        help_text="For example, RH-7KQ2-M9XD",
        required=False,
        max_length=16,
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [
            (r.reference, f"{r.reference}, {r.get_status_display().lower()}") for r in candidates
        ]
        if not candidates:
            del self.fields["into"]

    def clean(self):
        data = super().clean()
        chosen = [v for v in (data.get("into"), data.get("reference")) if v]
        if len(chosen) != 1:
            target = "reference" if "into" not in self.fields else "into"
            self.add_error(target, "Choose the existing referral, or enter its reference")
        else:
            data["target_reference"] = chosen[0].strip().upper()
        return data
