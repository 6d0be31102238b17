"""The duty risk queue: alerts raised by risk answers, and their immutable history."""

from django.conf import settings
from django.db import models

from resiliencehub.core.fields import EncryptedTextField


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
