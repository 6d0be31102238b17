"""Forms for episodes of care. Rendered with `field(...)`; validated on the server."""

from django import forms

from resiliencehub.instruments import get_instrument
from resiliencehub.triage.forms import WhenField, local_now_value

from .models import (
    AppointmentKind,
    AppointmentMode,
    AppointmentStatus,
    AttendanceStatus,
    DischargeReason,
    EpisodeStatus,
    MeasureStage,
    OnwardStatus,
    ServiceKind,
    ShareItem,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class PeopleChoiceField(forms.ChoiceField):
    """A choice of hub staff, cleaned to the User."""

    def __init__(self, *args, people=(), blank: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_people(people, blank)

    def set_people(self, people, blank=None, me=None):
        self.people = {str(p.pk): p for p in people}
        choices = [("", blank)] if blank else []
        self.choices = choices + [
            (str(p.pk), "Me" if me is not None and p == me else p.display_name) for p in people
        ]

    def clean(self, value):
        value = super().clean(value)
        return self.people.get(value) if value else None


class AllocateForm(forms.Form):
    case_holder = PeopleChoiceField(
        label="Who will hold this case?",
        error_messages={"required": "Select who will hold this case"},
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="What happens next?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happens next"},
    )
    pathway = forms.ChoiceField(label="Pathway step", required=False, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter the reason for the change"},
    )

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


class AppointmentForm(forms.Form):
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
    kind = forms.ChoiceField(
        label="Type of appointment",
        choices=AppointmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of appointment"},
    )
    mode = forms.ChoiceField(
        label="Virtual or face to face?",
        choices=AppointmentMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select virtual or face to face"},
    )
    clinician = PeopleChoiceField(
        label="With", error_messages={"required": "Select who the appointment is with"}
    )


class AppointmentOutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened?",
        choices=[(s.value, s.label) for s in AppointmentStatus if s != AppointmentStatus.BOOKED],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )


class NoteForm(forms.Form):
    appointment = forms.ChoiceField(label="Appointment", required=False)
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args, appointments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.appointments = {str(a.pk): a for a in appointments}
        self.fields["appointment"].choices = [("", "Not linked to an appointment")] + [
            (str(a.pk), a.label) for a in appointments
        ]

    def clean_appointment(self):
        value = self.cleaned_data["appointment"]
        return self.appointments.get(value) if value else None


class SupervisionForm(forms.Form):
    text = forms.CharField(
        label="Supervision note",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter the supervision note"},
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


class MeasureFormBase(forms.Form):
    stage = forms.ChoiceField(
        label="Which kind of measure is this?",
        choices=MeasureStage.choices,
        widget=forms.RadioSelect,
        initial=MeasureStage.SESSION,
        error_messages={"required": "Select session or closing measure"},
    )
    appointment = forms.ChoiceField(label="Appointment", required=False)

    def __init__(self, *args, appointments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.appointments = {str(a.pk): a for a in appointments}
        self.fields["appointment"].choices = [("", "Not linked to an appointment")] + [
            (str(a.pk), a.label) for a in appointments
        ]

    def clean_appointment(self):
        value = self.cleaned_data["appointment"]
        return self.appointments.get(value) if value else None

    def item_names(self):
        return [name for name in self.fields if name.startswith("item_")]


class MeasureLinkForm(forms.Form):
    instruments = forms.MultipleChoiceField(
        label="Which questionnaires?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one questionnaire"},
    )

    def __init__(self, *args, instruments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = [(i, i) for i in instruments]
        self.fields["instruments"].initial = list(instruments)


class DirectoryServiceForm(forms.Form):
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
    eligibility_notes = forms.CharField(
        label="Eligibility notes", widget=forms.Textarea, required=False, max_length=2000
    )
    is_active = forms.ChoiceField(
        label="Is the service taking referrals?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Select yes if the service is taking referrals"},
    )

    def clean_is_active(self):
        return self.cleaned_data["is_active"] == "yes"


class OnwardReferralForm(forms.Form):
    service = forms.ChoiceField(label="Service", error_messages={"required": "Select the service"})
    consent = forms.ChoiceField(
        label="Has the client agreed to this referral?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the client has agreed to this referral"},
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
    message = forms.CharField(
        label="Covering note for the letter",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
    )
    mark_referred_on = forms.ChoiceField(
        label="Does the client's care move to this service?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="yes",
        help_text="Yes marks the episode 'referred on'. "
        "No keeps the hub's support going alongside.",
        error_messages={"required": "Select yes if the client's care moves to this service"},
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = [("", "Choose a service")] + [
            (str(s.pk), f"{s.name} ({s.get_kind_display()})") for s in services
        ]

    def clean_service(self):
        return self.services[self.cleaned_data["service"]]

    def clean_consent(self):
        if self.cleaned_data["consent"] != "yes":
            raise forms.ValidationError(
                "An onward referral needs the client's agreement: do not send it without"
            )
        return True


class OnwardStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new status"},
    )
    reason = forms.CharField(label="Notes", widget=forms.Textarea, required=False, max_length=2000)

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (OnwardStatus(s).value, OnwardStatus(s).label) for s in statuses
        ]


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the client being discharged?",
        choices=DischargeReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the client is being discharged"},
    )
    note = forms.CharField(
        label="Discharge note", widget=forms.Textarea, required=False, max_length=4000
    )


class ContactDetailsForm(forms.Form):
    phone = forms.CharField(label="Phone", required=False, max_length=40)
    email = forms.EmailField(
        label="Email", required=False, error_messages={"invalid": "Enter a real email address"}
    )
    may_text = forms.ChoiceField(
        label="May we text them?", choices=YES_NO, widget=forms.RadioSelect
    )
    may_email = forms.ChoiceField(
        label="May we email them?", choices=YES_NO, widget=forms.RadioSelect
    )
    may_leave_voicemail = forms.ChoiceField(
        label="May we leave a voicemail?", choices=YES_NO, widget=forms.RadioSelect
    )
    contact_notes = forms.CharField(
        label="Contact notes",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="For example, best times to call.",
    )

    def clean(self):
        data = super().clean()
        for name in ("may_text", "may_email", "may_leave_voicemail"):
            if name in data:
                data[name] = data[name] == "yes"
        return data


class ConflictForm(forms.Form):
    staff = PeopleChoiceField(
        label="Member of staff",
        error_messages={"required": "Select the member of staff"},
    )
    reason = forms.CharField(
        label="Why is there a conflict of interest?",
        help_text="For example: works in the same team; is a member of hub staff.",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter why there is a conflict of interest"},
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        help_text="Your reason and everything you open are recorded and reviewed by the "
        "clinical lead.",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter why you need to open this record"},
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Review note",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter your review note"},
    )


class GroupProgrammeForm(forms.Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=200,
        error_messages={"required": "Enter the name of the group"},
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea, required=False, max_length=2000
    )
    facilitator = PeopleChoiceField(label="Facilitator", required=False)


class GroupSessionForm(forms.Form):
    starts_at = WhenField(label="Date and time", future_allowed=True)
    mode = forms.ChoiceField(
        label="Virtual or face to face?",
        choices=AppointmentMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select virtual or face to face"},
    )


class GroupMemberForm(forms.Form):
    episode = forms.ChoiceField(label="Client", error_messages={"required": "Select the client"})

    def __init__(self, *args, episodes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.episodes = {str(e.pk): e for e in episodes}
        self.fields["episode"].choices = [("", "Choose a client")] + [
            (str(e.pk), e.label) for e in episodes
        ]

    def clean_episode(self):
        return self.episodes[self.cleaned_data["episode"]]


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
    return type(forms.Form)("AttendanceForm", (forms.Form,), fields)


__all__ = ["local_now_value"]
