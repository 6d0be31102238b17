"""Forms for episodes of care. Rendered with `field(...)`; validated on the server."""

from django import forms

from resiliencehub.hub.models import AssessmentModel
from resiliencehub.instruments import get_instrument
from resiliencehub.nhsuk_forms.fields import (
    PeopleChoiceField,
    RecordChoiceField,
    WhenField,
    local_now_value,
    radios,
    textarea,
)
from resiliencehub.nhsuk_forms.forms import Form

from .models import (
    AppointmentKind,
    AppointmentMode,
    AppointmentStatus,
    AssessmentKind,
    AssessmentOutcome,
    AttendanceStatus,
    DischargeReason,
    EpisodeStatus,
    MeasureStage,
    OnwardStatus,
    ServiceKind,
    SessionMode,
    ShareItem,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class AllocateForm(Form):
    case_holder = PeopleChoiceField(
        label="Who will hold this case?",
        error_messages={"required": "Select who will hold this case"},
    )


class StatusForm(Form):
    to_status = radios("What happens next?", error="Select what happens next")
    pathway = forms.ChoiceField(label="Pathway step", required=False, widget=forms.RadioSelect)
    reason = textarea("Reason", max_length=2000, error="Enter the reason for the change")

    def __init__(self, *args, statuses, pathways, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, s.label) for s in statuses]
        self.fields["pathway"].choices = [(p.pathway, p.get_pathway_display()) for p in pathways]

    def clean(self):
        data = super().clean()
        stepping = data.get("to_status") in (EpisodeStatus.STEPPED_UP, EpisodeStatus.STEPPED_DOWN)
        if stepping and not data.get("pathway"):
            self.add_error("pathway", "Select the pathway step the client moves to")
        return data


class AppointmentForm(Form):
    starts_at = WhenField(label="Date and time", future_allowed=True)
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=10,
        max_value=240,
        initial=50,
        widget=forms.NumberInput,
        error_messages={
            "required": "Enter the length of the appointment",
            "invalid": "Enter the length in whole minutes, for example 50",
            "min_value": "An appointment is at least 10 minutes",
            "max_value": "An appointment is at most 240 minutes",
        },
    )
    kind = radios(
        "Type of appointment", AppointmentKind.choices, error="Select the type of appointment"
    )
    mode = radios(
        "Virtual or face to face?", AppointmentMode.choices, error="Select virtual or face to face"
    )
    joining_details = textarea(
        "How to join (virtual appointments)",
        rows=2,
        max_length=500,
        help_text="The video link or the number we will call. It goes in the client's "
        "confirmation and reminders.",
    )
    clinician = PeopleChoiceField(
        label="With", error_messages={"required": "Select who the appointment is with"}
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("mode") == AppointmentMode.VIRTUAL
            and not (cleaned.get("joining_details") or "").strip()
        ):
            self.add_error(
                "joining_details",
                "Enter how the client joins: the video link or the number we will call",
            )
        return cleaned


class AppointmentOutcomeForm(Form):
    status = radios(
        "What happened?",
        [(s.value, s.label) for s in AppointmentStatus if s != AppointmentStatus.BOOKED],
        error="Select what happened",
    )


def appointment_link() -> RecordChoiceField:
    return RecordChoiceField(label="Appointment", required=False)


class AppointmentLinkMixin:
    """For a form with an `appointment_link()` field: offers the episode's appointments,
    already labelled by the view."""

    def __init__(self, *args, appointments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].set_records(
            appointments, lambda a: a.label, blank="Not linked to an appointment"
        )


class NoteForm(AppointmentLinkMixin, Form):
    appointment = appointment_link()
    text = textarea("Note", rows=10, max_length=20000, error="Enter the note")


class SupervisionForm(Form):
    text = textarea(
        "Supervision note", rows=8, max_length=20000, error="Enter the supervision note"
    )


def measure_form_class(instrument_id: str):
    """A form with one radio question per item of the instrument, in printed order."""
    definition = get_instrument(instrument_id)
    fields = {}
    for item in definition.items:
        fields[f"item_{item.number}"] = forms.ChoiceField(
            label=f"{item.display_label}. {item.text}",
            choices=[(str(option.value), option.label) for option in item.options],
            widget=forms.RadioSelect,
            required=not item.optional,
            error_messages={"required": f"Select an answer for question {item.display_label}"},
        )

    def answers(self) -> dict:
        return {
            int(name.removeprefix("item_")): int(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("item_") and value not in ("", None)
        }

    return type(MeasureFormBase)(
        f"{instrument_id}Form",
        (MeasureFormBase,),
        {**fields, "answers": answers, "definition": definition},
    )


class MeasureFormBase(AppointmentLinkMixin, Form):
    stage = radios(
        "Which kind of measure is this?",
        MeasureStage.choices,
        initial=MeasureStage.SESSION,
        error="Select session or closing measure",
    )
    appointment = appointment_link()

    def item_names(self):
        return [name for name in self.fields if name.startswith("item_")]


class MeasureLinkForm(Form):
    instruments = forms.MultipleChoiceField(
        label="Which questionnaires?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one questionnaire"},
    )

    delivery = forms.ChoiceField(
        label="How should the client get the link?",
        widget=forms.RadioSelect,
        choices=[
            ("email", "Email it to the client now"),
            ("show", "Show it to me, to give to the client"),
        ],
        error_messages={"required": "Select how the client should get the link"},
    )

    def __init__(self, *args, instruments=(), may_email=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = [(i, i) for i in instruments]
        self.fields["instruments"].initial = list(instruments)
        if may_email:
            self.fields["delivery"].initial = "email"
        else:
            # The client's safe-contact preferences rule email out: nothing to choose.
            del self.fields["delivery"]

    @property
    def send_email(self) -> bool:
        return self.cleaned_data.get("delivery") == "email"


class DirectoryServiceForm(Form):
    name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={"required": "Enter the name of the service"},
    )
    kind = forms.ChoiceField(
        label="Type of service",
        choices=[("", "Choose a type"), *ServiceKind.choices],
        error_messages={"required": "Select the type of service"},
    )
    contact = forms.CharField(
        label="How to refer",
        help_text="Phone, email or address for referrals.",
        max_length=300,
        error_messages={"required": "Enter how to refer to the service"},
    )
    eligibility_notes = textarea("Eligibility notes", max_length=2000)
    is_active = radios(
        "Is the service taking referrals?",
        YES_NO,
        initial="yes",
        error="Select yes if the service is taking referrals",
    )

    def clean_is_active(self):
        return self.cleaned_data["is_active"] == "yes"


class OnwardReferralForm(Form):
    service = RecordChoiceField(label="Service", error_messages={"required": "Select the service"})
    consent = radios(
        "Has the client agreed to this referral?",
        YES_NO,
        error="Select yes if the client has agreed to this referral",
    )
    shared_items = forms.MultipleChoiceField(
        label="What has the client agreed to share in the letter?",
        choices=ShareItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    advocacy_contact = forms.CharField(
        label="Advocacy contact",
        help_text="The person at the service the hub is liaising with, and how to reach them.",
        required=False,
        max_length=500,
    )
    message = textarea("Covering note for the letter", max_length=4000)
    mark_referred_on = radios(
        "Does the client's care move to this service?",
        YES_NO,
        initial="yes",
        help_text="Yes marks the episode 'referred on'. "
        "No keeps the hub's support going alongside.",
        error="Select yes if the client's care moves to this service",
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].set_records(
            services, lambda s: f"{s.name} ({s.get_kind_display()})", blank="Choose a service"
        )

    def clean_consent(self):
        if self.cleaned_data["consent"] != "yes":
            raise forms.ValidationError(
                "An onward referral needs the client's agreement: do not send it without"
            )
        return True


class OnwardStatusForm(Form):
    to_status = radios("New status", error="Select the new status")
    reason = textarea("Notes", max_length=2000)

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (OnwardStatus(s).value, OnwardStatus(s).label) for s in statuses
        ]


class DischargeForm(Form):
    reason = radios(
        "Why is the client being discharged?",
        DischargeReason.choices,
        error="Select why the client is being discharged",
    )
    note = textarea("Discharge note", max_length=4000)
    confirm_completed = forms.ChoiceField(
        label="Did the client complete the planned support?",
        help_text=(
            "They attended fewer than 2 treatment sessions, so they will be recorded as "
            "not having finished treatment."
        ),
        choices=[
            ("yes", "Yes, they completed the planned support"),
            ("no", "No, I will choose another reason"),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select yes if the client completed the planned support"},
    )

    def __init__(self, *args, finished_treatment: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.finished_treatment = finished_treatment
        self.asks_to_confirm = False

    def clean(self):
        data = super().clean()
        contradicts = (
            data.get("reason") == DischargeReason.COMPLETED and not self.finished_treatment
        )
        if not contradicts:
            return data
        # "Completed the planned support" with fewer than 2 attended treatment sessions
        # (finished treatment: No) is asked about once before it is recorded.
        self.asks_to_confirm = True
        answer = data.get("confirm_completed")
        if answer == "no":
            self.add_error("reason", "Select another reason the client is being discharged")
        elif not answer and self.data.get("confirm_asked"):
            self.add_error(
                "confirm_completed", "Select yes if the client completed the planned support"
            )
        return data

    @property
    def confirmed(self) -> bool:
        """Valid, and any contradiction with the attended sessions has been confirmed."""
        return not self.asks_to_confirm or self.cleaned_data.get("confirm_completed") == "yes"

    def discharge_fields(self) -> dict:
        return {"reason": self.cleaned_data["reason"], "note": self.cleaned_data["note"]}


class ContactDetailsForm(Form):
    phone = forms.CharField(label="Phone", required=False, max_length=40)
    email = forms.EmailField(
        label="Email", required=False, error_messages={"invalid": "Enter a real email address"}
    )
    may_text = forms.ChoiceField(
        label="May we text them?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the client may be sent text messages"},
    )
    may_email = forms.ChoiceField(
        label="May we email them?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the client may be emailed"},
    )
    may_leave_voicemail = forms.ChoiceField(
        label="May we leave a voicemail?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if a voicemail may be left for the client"},
    )
    contact_notes = textarea(
        "Contact notes", max_length=2000, help_text="For example, best times to call."
    )

    def clean(self):
        data = super().clean()
        for name in ("may_text", "may_email", "may_leave_voicemail"):
            if name in data:
                data[name] = data[name] == "yes"
        return data


class ConflictForm(Form):
    staff = PeopleChoiceField(
        label="Member of staff",
        error_messages={"required": "Select the member of staff"},
    )
    reason = textarea(
        "Why is there a conflict of interest?",
        help_text="For example: works in the same team; is a member of hub staff.",
        max_length=1000,
        error="Enter why there is a conflict of interest",
    )


class BreakGlassForm(Form):
    reason = textarea(
        "Why do you need to open this record?",
        help_text="Your reason and everything you open are recorded and reviewed by the "
        "clinical lead.",
        max_length=1000,
        error="Enter why you need to open this record",
    )


class ReviewForm(Form):
    note = textarea("Review note", max_length=1000, error="Enter your review note")


class GroupProgrammeForm(Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=200,
        error_messages={"required": "Enter the name of the group"},
    )
    description = textarea("Description", max_length=2000)
    facilitator = PeopleChoiceField(label="Facilitator", required=False)


class GroupSessionForm(Form):
    starts_at = WhenField(label="Date and time", future_allowed=True)
    mode = radios(
        "Virtual or face to face?", AppointmentMode.choices, error="Select virtual or face to face"
    )


class GroupMemberForm(Form):
    episode = RecordChoiceField(label="Client", error_messages={"required": "Select the client"})

    def __init__(self, *args, episodes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["episode"].set_records(episodes, lambda e: e.label, blank="Choose a client")


def attendance_form_class(members):
    fields = {
        f"member_{member.pk}": forms.ChoiceField(
            label=member.label,
            choices=AttendanceStatus.choices,
            widget=forms.RadioSelect,
            required=False,
        )
        for member in members
    }
    return type(Form)("AttendanceForm", (Form,), fields)


__all__ = ["local_now_value"]


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
