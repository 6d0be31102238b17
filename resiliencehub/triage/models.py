"""The duty work on an alert: contact attempts and risk assessments; and assessments.

The alerts themselves, with their immutable history, are in `resiliencehub.records`.
"""

from django.conf import settings
from django.db import models

from resiliencehub.core.fields import EncryptedTextField
from resiliencehub.records.models import RiskAlert


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
        "records.Client",
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
