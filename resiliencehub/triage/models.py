"""The duty risk queue: alerts raised by risk answers, and their immutable history."""

from django.conf import settings
from django.db import models

from resiliencehub.core.fields import EncryptedTextField
from resiliencehub.hub.models import Pathway


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
        "intake.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="risk_alerts"
    )
    referral = models.ForeignKey(
        "intake.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_alerts",
    )
    screening = models.ForeignKey(
        "intake.Screening",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_alerts",
    )
    response = models.ForeignKey(
        "intake.MeasureResponse",
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
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["hub", "status", "raised_at"])]

    @property
    def can_be_contacted(self) -> bool:
        """False only for someone who answered without a name and left no number."""
        return self.client_id is not None or bool(self.callback_phone)


class RiskAlertEvent(models.Model):
    """An immutable step in handling an alert: status change, contact attempt, note."""

    alert = models.ForeignKey(RiskAlert, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(max_length=16, choices=AlertStatus.choices)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


class ContactOutcome(models.TextChoices):
    SPOKE = "spoke", "Spoke to the client"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left a message"
    MESSAGE_SENT = "message_sent", "Message sent"
    WRONG_DETAILS = "wrong_details", "Contact details were wrong"


class ContactAttempt(models.Model):
    """One try at reaching the client about an alert: when, how, and what happened."""

    alert = models.ForeignKey(RiskAlert, on_delete=models.PROTECT, related_name="contact_attempts")
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=16, choices=ContactOutcome.choices)
    note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["attempted_at", "id"]


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    IMMEDIATE = "immediate", "Immediate danger"


class RiskAction(models.TextChoices):
    SAFETY_PLAN = "safety_plan", "Safety plan agreed"
    GP = "gp", "GP contacted or asked to see the client"
    CRISIS_TEAM = "crisis_team", "Referred to the crisis team"
    EMERGENCY_DEPARTMENT = "emergency_department", "Advised to attend the emergency department"
    EMERGENCY_SERVICES = "emergency_services", "Emergency services called (999)"
    HUB_FOLLOW_UP = "hub_follow_up", "Follow-up by the hub arranged"
    CRISIS_LINES = "crisis_lines", "Crisis lines given"


class RiskAssessment(models.Model):
    """The duty clinician's structured risk assessment. Free text is encrypted; the level
    and actions are coded so that the queue and reports can read them (ADR 0004)."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="risk_assessments")
    alert = models.OneToOneField(
        RiskAlert, on_delete=models.PROTECT, related_name="risk_assessment"
    )
    client = models.ForeignKey(
        "intake.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_assessments",
    )
    assessed_at = models.DateTimeField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    thoughts = EncryptedTextField()
    intent = EncryptedTextField()
    plan = EncryptedTextField()
    means = EncryptedTextField()
    protective_factors = EncryptedTextField()
    level = models.CharField(max_length=16, choices=RiskLevel.choices)
    actions = models.JSONField(default=list, help_text="RiskAction codes.")
    actions_note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["assessed_at", "id"]

    def action_labels(self) -> list[str]:
        labels = dict(RiskAction.choices)
        return [labels.get(code, code) for code in self.actions]


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
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="assessments"
    )
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
