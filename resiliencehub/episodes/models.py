"""Episodes of care: the plan, sessions, measures, onward referrals and discharge.

An episode starts when a referral is accepted and moves only through immutable
`EpisodeStatusChange` rows (who, when, why). Free text is encrypted at rest; coded
fields stay plain so that worklists and reports can filter and count them (ADR 0004).
"""

from django.conf import settings
from django.db import models

from resiliencehub.core.fields import EncryptedTextField
from resiliencehub.core.models import StatusChange
from resiliencehub.hub.models import Pathway
from resiliencehub.records.links import SingleUseLink


class EpisodeStatus(models.TextChoices):
    WAITING_ASSESSMENT = "waiting_assessment", "Waiting for assessment"
    ASSESSED = "assessed", "Assessed"
    WAITING_INTERVENTION = "waiting_intervention", "Waiting for intervention"
    IN_INTERVENTION = "in_intervention", "In intervention"
    STEPPED_UP = "stepped_up", "Stepped up"
    STEPPED_DOWN = "stepped_down", "Stepped down"
    REFERRED_ON = "referred_on", "Referred on"
    DISCHARGED = "discharged", "Discharged"


OPEN_STATUSES = [s for s in EpisodeStatus if s != EpisodeStatus.DISCHARGED]


class DischargeReason(models.TextChoices):
    COMPLETED = "completed", "Completed the planned support"
    CLIENT_ENDED = "client_ended", "The client chose to end support"
    NO_CONTACT = "no_contact", "Did not attend or could not be contacted"
    REFERRED_ON = "referred_on", "Referred on to another service"
    NEEDS_MET_ELSEWHERE = "needs_met_elsewhere", "Needs met elsewhere or not suitable"
    OTHER = "other", "Another reason"


class Episode(models.Model):
    """One period of care for one accepted referral."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="episodes")
    client = models.ForeignKey("records.Client", on_delete=models.PROTECT, related_name="episodes")
    referral = models.OneToOneField(
        "records.Referral", on_delete=models.PROTECT, related_name="episode"
    )
    status = models.CharField(
        max_length=24, choices=EpisodeStatus.choices, default=EpisodeStatus.WAITING_ASSESSMENT
    )
    opened_at = models.DateTimeField()
    case_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_episodes",
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    # The pathway code, not a key to the hub's PathwayOffer row: a hub's configuration
    # is reloaded from its file, and history must not depend on those rows (ADR 0023).
    pathway = models.CharField(
        max_length=32,
        choices=Pathway.choices,
        blank=True,
        default="",
        help_text="The current step.",
    )
    first_assessed_at = models.DateTimeField(null=True, blank=True)
    first_intervention_at = models.DateTimeField(null=True, blank=True)
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=24, choices=DischargeReason.choices, blank=True)
    # NHS Talking Therapies outcome flags, fixed at discharge (None: not applicable or not
    # computable, with `outcome_note` saying why).
    treatment_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    finished_treatment = models.BooleanField(null=True)
    caseness_at_start = models.BooleanField(null=True)
    recovery = models.BooleanField(null=True)
    reliable_improvement = models.BooleanField(null=True)
    reliable_deterioration = models.BooleanField(null=True)
    reliable_recovery = models.BooleanField(null=True)
    outcome_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        indexes = [
            models.Index(fields=["hub", "status", "opened_at"]),
            models.Index(fields=["hub", "case_holder", "status"]),
        ]

    def __str__(self) -> str:
        return f"Episode {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != EpisodeStatus.DISCHARGED


class EpisodeStatusChange(StatusChange):
    """An immutable row per transition: who moved the episode, when, why, to which step."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=EpisodeStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=EpisodeStatus.choices)
    pathway = models.CharField(max_length=32, choices=Pathway.choices, blank=True, default="")


class Allocation(models.Model):
    """An immutable row each time a case is given to a clinician or practitioner."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="allocations")
    case_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField()
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["allocated_at", "id"]


class AppointmentKind(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    TREATMENT = "treatment", "Treatment session"
    REVIEW = "review", "Review"


class AppointmentMode(models.TextChoices):
    VIRTUAL = "virtual", "Virtual (video or phone)"
    FACE_TO_FACE = "face_to_face", "Face to face"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED_BY_CLIENT = "cancelled_by_client", "Cancelled by the client"
    CANCELLED_BY_HUB = "cancelled_by_hub", "Cancelled by the hub"


EVENING_FROM_HOUR = 17


class Appointment(models.Model):
    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="appointments")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="appointments")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=50)
    kind = models.CharField(max_length=16, choices=AppointmentKind.choices)
    mode = models.CharField(max_length=16, choices=AppointmentMode.choices)
    is_evening = models.BooleanField(default=False)
    joining_details = EncryptedTextField(
        blank=True, help_text="How a virtual appointment is joined: the video link or number."
    )
    status = models.CharField(
        max_length=24, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    booked_at = models.DateTimeField()
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["hub", "starts_at"])]


class SessionNote(models.Model):
    """A clinical note, encrypted at rest; never shown to administrators."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="session_notes")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="notes")
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    text = EncryptedTextField()

    class Meta:
        ordering = ["written_at", "id"]


class MeasureStage(models.TextChoices):
    SESSION = "session", "Session measure"
    CLOSING = "closing", "Closing measure"


class SessionMeasure(models.Model):
    """Links a stored measure response (intake) to the episode it was taken in."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="measures")
    response = models.OneToOneField(
        "records.MeasureResponse", on_delete=models.PROTECT, related_name="session_measure"
    )
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    stage = models.CharField(max_length=16, choices=MeasureStage.choices)

    class Meta:
        ordering = ["response__completed_at", "id"]


MEASURE_LINK_DAYS = 7  # how long a measure link works (HAZ-039)


class MeasureInvitation(SingleUseLink):
    """A single-use link for the client to complete session measures themselves.

    Only a hash of the token is stored: the database alone cannot open the link. The
    columns it shares with every single-use link (token, expiry, use, revocation, purpose,
    sending) are `records.links.SingleUseLink`'s (ADRs 0012, 0035); `used_at` is when the
    client sent their answers.
    """

    PURPOSE = "measures"
    token_salt = "resiliencehub.episodes.measure-link"  # noqa: S105 - a salt, not a secret

    purpose = models.CharField(max_length=20, default=PURPOSE, editable=False)
    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="measure_invitations"
    )
    instruments = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    email_requested = models.BooleanField(
        default=False, help_text="The clinician asked for the link to be emailed to the client."
    )

    class Meta:
        ordering = ["created_at", "id"]


class SupervisionNote(models.Model):
    """Clinical supervision on a case: seen only by the case holder and the clinical lead."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="supervision_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    text = EncryptedTextField()

    class Meta:
        ordering = ["written_at", "id"]


class ServiceKind(models.TextChoices):
    TALKING_THERAPIES = "talking_therapies", "NHS Talking Therapies"
    CMHT = "cmht", "Community mental health team"
    BEREAVEMENT = "bereavement", "Bereavement service"
    OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health"
    EMPLOYEE_ASSISTANCE = "employee_assistance", "Employee assistance programme"
    CHARITY = "charity", "Charity or third sector"
    PASTORAL = "pastoral", "Pastoral or community activity"
    OTHER = "other", "Other service"


class DirectoryService(models.Model):
    """A service in the hub's directory that clients may be referred on to."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="directory_services")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=ServiceKind.choices)
    contact = models.CharField(max_length=300, help_text="Phone, email or address for referrals.")
    eligibility_notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class OnwardStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    STARTED = "started", "Support started"


class ShareItem(models.TextChoices):
    """What the client may agree to share in a facilitated referral letter."""

    ASSESSMENT_SUMMARY = "assessment_summary", "Summary of the assessment"
    DIFFICULTIES = "difficulties", "Presenting difficulties"
    FORMULATION = "formulation", "Formulation (factors and strengths)"
    GOALS = "goals", "The client's goals"
    SCORES = "scores", "Questionnaire scores"
    RISK = "risk", "Risk assessment summary"
    CONTACT = "contact", "Contact details"


class OnwardReferral(models.Model):
    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="onward_referrals")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="onward_referrals")
    service = models.ForeignKey(DirectoryService, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=16, choices=OnwardStatus.choices, default=OnwardStatus.SENT
    )
    consent_given = models.BooleanField()
    consent_recorded_at = models.DateTimeField()
    shared_items = models.JSONField(default=list, help_text="ShareItem codes the client agreed to.")
    advocacy_contact = EncryptedTextField(
        blank=True, help_text="Who at the receiving service the hub is liaising with."
    )
    message = EncryptedTextField(blank=True, help_text="A covering note for the letter.")
    sent_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]


class OnwardStatusChange(StatusChange):
    onward_referral = models.ForeignKey(
        OnwardReferral, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=OnwardStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=OnwardStatus.choices)


class GroupProgramme(models.Model):
    """A group intervention, e.g. a bereavement or Long COVID group."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="group_programmes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]


class GroupSession(models.Model):
    programme = models.ForeignKey(GroupProgramme, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    mode = models.CharField(max_length=16, choices=AppointmentMode.choices)
    is_evening = models.BooleanField(default=False)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]


class GroupMember(models.Model):
    programme = models.ForeignKey(GroupProgramme, on_delete=models.PROTECT, related_name="members")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="group_memberships")
    joined_at = models.DateTimeField()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "episode"], name="unique_group_member")
        ]


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED = "cancelled", "Sent apologies"


class GroupAttendance(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="unique_group_attendance")
        ]


# --- Assessments and their formulations (ADR 0034: they belong to the episode) ---


class AssessmentKind(models.TextChoices):
    BRIEF = "brief", "Shorter assessment (first stage)"
    IN_DEPTH = "in_depth", "In-depth assessment"


class AssessmentOutcome(models.TextChoices):
    PLAN = "plan", "A plan was agreed"
    IN_DEPTH_NEEDED = "in_depth_needed", "An in-depth assessment is needed"
    NO_FURTHER_SUPPORT = "no_further_support", "No further support needed from the hub"


class SessionMode(models.TextChoices):
    VIRTUAL = "virtual", "Virtual (video or phone)"
    FACE_TO_FACE = "face_to_face", "Face to face"


class Assessment(models.Model):
    """A clinical assessment in the hub's model (two-stage or in-depth as standard)."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="assessments")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=16, choices=AssessmentKind.choices)
    assessed_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=16, choices=SessionMode.choices)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = EncryptedTextField(help_text="What was assessed and concluded, in brief.")
    outcome = models.CharField(max_length=24, choices=AssessmentOutcome.choices)
    plan_pathway = models.CharField(max_length=32, choices=Pathway.choices, blank=True, default="")
    plan_notes = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        db_table = "triage_assessment"
        ordering = ["assessed_at", "id"]


class Formulation(models.Model):
    """A collaborative psychological formulation: difficulties and strengths named together."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, related_name="formulation"
    )
    presenting_difficulties = EncryptedTextField()
    predisposing = EncryptedTextField(blank=True)
    precipitating = EncryptedTextField(blank=True)
    perpetuating = EncryptedTextField(blank=True)
    protective = EncryptedTextField(blank=True)
    strengths = EncryptedTextField(blank=True)
    goals = EncryptedTextField(blank=True)

    class Meta:
        db_table = "triage_formulation"
