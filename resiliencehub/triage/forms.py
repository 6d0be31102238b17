"""Forms for the duty queue, the worklist and assessments. Rendered with `field(...)`;
validated on the server (templates use `novalidate`)."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.hub.models import AssessmentModel, Sector
from resiliencehub.nhsuk_forms.fields import (
    PeopleChoiceField,
    WhenField,
    local_now_value,
    radios,
    textarea,
)
from resiliencehub.nhsuk_forms.formatting import format_date
from resiliencehub.nhsuk_forms.forms import Form

from .models import (
    AssessmentKind,
    AssessmentOutcome,
    ContactMethod,
    ContactOutcome,
    RiskAction,
    RiskLevel,
    SessionMode,
)
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


class AssessmentForm(Form):
    kind = radios("Type of assessment", error="Select the type of assessment")
    assessed_at = WhenField(label="When was the assessment?")
    duration_minutes = forms.IntegerField(
        label="How long did it take, in minutes?",
        min_value=5,
        max_value=240,
        widget=forms.NumberInput,
        error_messages={
            "required": "Enter how long the assessment took",
            "invalid": "Enter the length in whole minutes, for example 45",
            "min_value": "An assessment takes at least 5 minutes",
            "max_value": "An assessment takes at most 240 minutes",
        },
    )
    mode = radios(
        "How was it held?", SessionMode.choices, error="Select how the assessment was held"
    )
    summary = textarea(
        "Assessment summary",
        help_text="Shared in an onward referral letter only if the client agrees.",
        error="Enter a summary of the assessment",
        max_length=10000,
    )
    presenting_difficulties = textarea("Presenting difficulties")
    predisposing = textarea("Predisposing factors")
    precipitating = textarea("Precipitating factors")
    perpetuating = textarea("Perpetuating factors")
    protective = textarea("Protective factors")
    strengths = textarea("Strengths")
    goals = textarea("The client's goals")
    outcome = radios("Outcome of the assessment", error="Select the outcome of the assessment")
    plan_pathway = forms.ChoiceField(
        label="Pathway the plan starts with", widget=forms.RadioSelect, required=False
    )
    plan_notes = textarea("The plan")

    FORMULATION_FIELDS = (
        "presenting_difficulties",
        "predisposing",
        "precipitating",
        "perpetuating",
        "protective",
        "strengths",
        "goals",
    )

    def __init__(self, *args, hub, kinds, pathways, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub = hub
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
        outcomes = [AssessmentOutcome.PLAN, AssessmentOutcome.NO_FURTHER_SUPPORT]
        if hub.assessment_model == AssessmentModel.TWO_STAGE and AssessmentKind.BRIEF in kinds:
            outcomes.insert(1, AssessmentOutcome.IN_DEPTH_NEEDED)
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]
        self.fields["plan_pathway"].choices = [
            (p.pathway, p.get_pathway_display()) for p in pathways
        ]
        self.fields["assessed_at"].initial = local_now_value()

    def clean(self):
        data = super().clean()
        if data.get("outcome") == AssessmentOutcome.PLAN and not data.get("plan_pathway"):
            self.add_error("plan_pathway", "Select the pathway the plan starts with")
        if data.get("kind") == AssessmentKind.IN_DEPTH and not data.get("presenting_difficulties"):
            self.add_error(
                "presenting_difficulties",
                "An in-depth assessment needs a formulation: enter the presenting difficulties",
            )
        if (
            data.get("outcome") == AssessmentOutcome.IN_DEPTH_NEEDED
            and data.get("kind") != AssessmentKind.BRIEF
        ):
            self.add_error("outcome", "Only a shorter assessment can end in 'in-depth needed'")
        return data

    def formulation(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.FORMULATION_FIELDS}

    def chosen_pathway(self):
        return self.cleaned_data.get("plan_pathway") or ""
