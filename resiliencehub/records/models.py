"""The shared clinical record, below every journey app (ADR 0034).

The client, their referrals (with the immutable status rows), the screenings and measure
responses they complete, and the risk alerts their answers raise. The public journey
(`intake`), the duty and triage work (`triage`) and the episodes of care (`episodes`) all
read and write these; none of them owns them. Tables keep the names they had when these
models lived in `intake` and `triage`, so moving them moved no data.

Everything identifying or free-text is encrypted at rest; coded answers that reports must
aggregate (sector, age band, band of a measure) are stored plainly, with no free text among
them (ADR 0004).
"""

import secrets

from django.conf import settings
from django.db import models

from resiliencehub.core.fields import EncryptedJSONField, EncryptedTextField
from resiliencehub.core.models import StatusChange

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference() -> str:
    """A short reference a client can read out on the phone, e.g. RH-7KQ2-M9XD."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"RH-{chars[:4]}-{chars[4:]}"


def new_pseudonym() -> str:
    return "P" + secrets.token_hex(8).upper()


class Client(models.Model):
    """A keyworker known to one hub. A client may be referred more than once."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="clients")
    full_name = EncryptedTextField()
    preferred_name = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    email_lookup = models.CharField(max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField(blank=True)
    may_email = models.BooleanField(default=False)
    may_text = models.BooleanField(default=False)
    may_leave_voicemail = models.BooleanField(default=False)
    contact_notes = EncryptedTextField(blank=True)
    employer = EncryptedTextField(blank=True)
    research_consent = models.BooleanField(default=False)
    # Follow-up (ADR 0037): agreed on the privacy page; the person can pause it, stop it
    # or stop every contact from any message the hub sends, without signing in.
    follow_up_consent = models.BooleanField(default=False)
    contact_paused_until = models.DateField(null=True, blank=True)
    follow_up_stopped_at = models.DateTimeField(null=True, blank=True)
    contact_stopped_at = models.DateTimeField(null=True, blank=True)
    measures_on_return = models.BooleanField(
        default=False,
        help_text="A clinician asked for the questionnaires again if the client returns.",
    )
    pseudonym = models.CharField(max_length=20, unique=True, default=new_pseudonym)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "intake_client"
        indexes = [models.Index(fields=["hub", "email_lookup"])]

    def __str__(self) -> str:
        return f"Client {self.pk}"


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", "New referral"
    AWAITING_QUESTIONNAIRES = "awaiting_questionnaires", "Accepted, questionnaires sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    MERGED = "merged", "Merged into another referral"
    WITHDRAWN = "withdrawn", "Withdrawn by the client"


class Referral(models.Model):
    """One request for help. Its status moves only through `ReferralStatusChange` rows."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="referrals")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    reference = models.CharField(max_length=16, unique=True, default=new_reference)
    status = models.CharField(
        max_length=32, choices=ReferralStatus.choices, default=ReferralStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField()
    returning = models.BooleanField(default=False)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="later_referrals"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_referrals"
    )
    campaign_code = models.CharField(max_length=40, blank=True, db_index=True)
    # Coded answers reports aggregate (no free text): sector, staff group, age band…
    sector = models.CharField(max_length=32, blank=True, db_index=True)
    staff_group = models.CharField(max_length=64, blank=True)
    age_band = models.CharField(max_length=16, blank=True)
    critical_care = models.BooleanField(null=True)
    has_risk = models.BooleanField(default=False, db_index=True)
    domains_above_threshold = models.PositiveSmallIntegerField(null=True)
    # Set by the clinical workflow when the first assessment is recorded; the public
    # journey quotes the hub's median wait from these.
    first_assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "intake_referral"
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["hub", "status", "submitted_at"])]

    def __str__(self) -> str:
        return self.reference


class ReferralStatusChange(StatusChange):
    """An immutable row per transition: who moved the referral, when, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=32, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=ReferralStatus.choices)

    class Meta:
        db_table = "intake_referralstatuschange"


class ScreeningKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    REFERRAL = "referral", "Screening with a referral"
    PRE_ASSESSMENT = "pre_assessment", "Questionnaires before assessment"
    RETURNING = "returning", "Returning client"
    FOLLOW_UP = "follow_up", "Follow-up questionnaires"


class Screening(models.Model):
    """One completed set of screening questionnaires submitted through the public journey."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="screenings")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="screenings"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="screenings"
    )
    kind = models.CharField(max_length=20, choices=ScreeningKind.choices)
    submitted_at = models.DateTimeField()
    profile = models.JSONField(
        default=dict, blank=True, help_text="Coded demographic and occupational answers."
    )
    free_text = EncryptedJSONField(null=True, blank=True)
    has_risk = models.BooleanField(default=False)
    domains_above_threshold = models.PositiveSmallIntegerField(default=0)
    campaign_code = models.CharField(max_length=40, blank=True)
    feedback_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the feedback email was sent (it is sent once)."
    )

    class Meta:
        db_table = "intake_screening"
        ordering = ["-submitted_at"]


class ResponseSource(models.TextChoices):
    CLIENT = "client", "Completed by the client"
    CLINICIAN = "clinician", "Entered by a clinician"


class MeasureResponse(models.Model):
    """One administration of one instrument: raw answers plus the scores computed then.

    Answers are kept exactly as given, with the instrument id and version, and the
    scores are a snapshot: a later change to scoring code never rewrites what a
    clinician saw (hazard HAZ-009).
    """

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="measure_responses")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="measure_responses"
    )
    screening = models.ForeignKey(
        Screening, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    instrument_id = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    answers = EncryptedJSONField()
    total = models.SmallIntegerField(null=True)
    total_exact = models.CharField(max_length=32, blank=True)
    band = models.CharField(max_length=40, blank=True)
    complete = models.BooleanField()
    prorated = models.BooleanField(default=False)
    caseness = models.BooleanField(null=True)
    risk = models.BooleanField(default=False)
    risk_items = models.JSONField(default=list)
    scores = models.JSONField(default=dict, help_text="The full scoring result when stored.")
    completed_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=16, choices=ResponseSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "intake_measureresponse"
        ordering = ["completed_at", "id"]
        indexes = [
            models.Index(fields=["hub", "instrument_id", "completed_at"]),
            models.Index(fields=["client", "instrument_id", "completed_at"]),
        ]


# --- Risk alerts (raised by a risk answer; worked by the duty clinician) ---


class AlertStatus(models.TextChoices):
    OPEN = "open", "Waiting for the duty clinician"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CONTACTING = "contacting", "Contacting the client"
    ASSESSED = "assessed", "Risk assessed"
    CLOSED = "closed", "Closed"


class RiskAlert(models.Model):
    """A self-report of suicidal thoughts or self-harm that the duty clinician must see.

    Written in the same transaction as the answers that raised it (hazard HAZ-004), so a
    stored risk answer can never exist without its alert.
    """

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="risk_alerts")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="risk_alerts"
    )
    referral = models.ForeignKey(
        Referral,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_alerts",
    )
    screening = models.ForeignKey(
        Screening,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_alerts",
    )
    response = models.ForeignKey(
        MeasureResponse,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_alerts",
    )
    reason = EncryptedTextField(help_text="Which answers raised the alert, in words.")
    callback_phone = EncryptedTextField(
        blank=True, help_text="A number left by someone screening anonymously."
    )
    raised_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "triage_riskalert"
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["hub", "status", "raised_at"])]

    @property
    def can_be_contacted(self) -> bool:
        """False only for someone who answered without a name and left no number."""
        return self.client_id is not None or bool(self.callback_phone)


class RiskAlertStatusChange(StatusChange):
    """An immutable row per step of an alert's handling: raised (no `from_status`),
    acknowledged, a contact attempt, assessed, closed. Who, when, and why (the note)."""

    alert = models.ForeignKey(RiskAlert, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=AlertStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=AlertStatus.choices)

    class Meta(StatusChange.Meta):
        # The table keeps the name it had in triage (ADR 0035).
        db_table = "triage_riskalertevent"


# --- Record access: conflicts of interest and break glass (ADR 0020) ---


class ConflictOfInterest(models.Model):
    """A client who works with, or is, a member of hub staff: that person may not open the
    record except by break glass."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="conflicts_of_interest"
    )
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "episodes_conflictofinterest"
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["staff", "ended_at"])]


BREAK_GLASS_MINUTES = 60


class BreakGlass(models.Model):
    """A conflicted person opening a restricted record, with their reason, for review."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = EncryptedTextField(blank=True)

    class Meta:
        db_table = "episodes_breakglass"
        ordering = ["-opened_at", "id"]


# --- Planned contacts: follow-up, re-screening and appointment messages (ADR 0037) ---


class ContactKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "Follow-up questionnaires"
    RESCREEN = "rescreen", "Re-screening questionnaires"
    APPOINTMENT_BOOKED = "appointment_booked", "Appointment confirmation"
    APPOINTMENT_REMINDER = "appointment_reminder", "Appointment reminder"
    APPOINTMENT_CANCELLED = "appointment_cancelled", "Appointment cancellation"


QUESTIONNAIRE_KINDS = frozenset({ContactKind.FOLLOW_UP, ContactKind.RESCREEN})
APPOINTMENT_KINDS = frozenset(
    {
        ContactKind.APPOINTMENT_BOOKED,
        ContactKind.APPOINTMENT_REMINDER,
        ContactKind.APPOINTMENT_CANCELLED,
    }
)


class ContactStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DUE = "due", "Due: waiting for sending hours"
    SENT = "sent", "Sent"
    REMINDED = "reminded", "Reminded"
    COMPLETED = "completed", "Completed"
    EXPIRED = "expired", "Expired without an answer"
    CANCELLED = "cancelled", "Cancelled"
    OPTED_OUT = "opted_out", "Stopped by the person"
    UNDELIVERABLE = "undeliverable", "Could not be sent"


OPEN_CONTACT_STATUSES = (
    ContactStatus.PLANNED,
    ContactStatus.DUE,
    ContactStatus.SENT,
    ContactStatus.REMINDED,
)


class PlannedContact(models.Model):
    """One message or questionnaire the hub plans to send a client, through its states:
    planned → due → sent → reminded → completed / expired / cancelled / opted out /
    undeliverable. Every move is a `PlannedContactStatusChange` row with its reason and
    an audit event (`records.contacts`).

    `send_after` is when it may first be sent, `expires_at` when it stops being worth
    sending (a wave's window closes, an appointment starts); `next_send_at` is when the
    sender should next look at it (the first message, then each reminder). The sender
    finds its work in one indexed query on (`status`, `next_send_at`) whatever the size of
    the table.
    """

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="planned_contacts")
    kind = models.CharField(max_length=24, choices=ContactKind.choices)
    status = models.CharField(
        max_length=16, choices=ContactStatus.choices, default=ContactStatus.PLANNED
    )
    schedule = models.ForeignKey(
        "hub.ContactSchedule", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    schedule_version = models.PositiveIntegerField(null=True, blank=True)
    wave = models.CharField(max_length=60, blank=True)
    screening = models.ForeignKey(
        Screening,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="planned_contacts",
        help_text="The screening a follow-up wave counts its days from.",
    )
    # The appointment a message is about: `episodes.Appointment`'s id. A plain column,
    # not a foreign key: the shared record sits below the episodes app.
    appointment_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    instruments = models.JSONField(default=list, blank=True)
    send_after = models.DateTimeField()
    expires_at = models.DateTimeField()
    next_send_at = models.DateTimeField(null=True, blank=True)
    messages_sent = models.PositiveSmallIntegerField(default=0)
    reminders_planned = models.PositiveSmallIntegerField(default=0)
    reminder_days = models.PositiveSmallIntegerField(default=7)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    result_screening = models.OneToOneField(
        Screening,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_contact",
        help_text="The follow-up answers that completed it.",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["send_after", "id"]
        indexes = [
            models.Index(fields=["status", "next_send_at"], name="contact_due"),
            models.Index(fields=["client", "last_sent_at"], name="contact_client_sent"),
            models.Index(fields=["hub", "schedule", "wave"], name="contact_schedule_wave"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "wave", "screening"],
                condition=models.Q(schedule__isnull=False),
                name="one_contact_per_wave_and_screening",
            ),
            models.UniqueConstraint(
                fields=["appointment_id", "kind", "send_after"],
                condition=models.Q(appointment_id__isnull=False),
                name="one_message_per_appointment_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CONTACT_STATUSES


class ContactMessage(models.Model):
    """One email sent for a planned contact: the invitation (number 0) or a reminder.
    Unique per contact and number, so no message can be sent twice; the per-person cap
    counts these."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(PlannedContact, on_delete=models.PROTECT, related_name="messages")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contact_messages")
    number = models.PositiveSmallIntegerField()
    counts_to_cap = models.BooleanField(default=True)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["client", "sent_at"], name="message_client_sent")]
        constraints = [
            models.UniqueConstraint(fields=["contact", "number"], name="one_message_per_number")
        ]


class PlannedContactStatusChange(StatusChange):
    """An immutable row per move of a planned contact, with its reason."""

    contact = models.ForeignKey(
        PlannedContact, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=ContactStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ContactStatus.choices)
