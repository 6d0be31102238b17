"""The audit trail: one append-only table of changes and of reads of clinical records.

Rows are written only by `resiliencehub.audit.services.Auditor`. The database refuses
UPDATE, DELETE and TRUNCATE on the table (triggers installed by migration 0002), and each
row carries an HMAC-SHA256 over its content and the previous row's MAC, with a key held
outside the database, so `manage.py verify_audit` detects an edited, deleted or
reordered row (ADR 0003).
"""

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    # Sign-in and sessions
    LOGIN = "auth.login", "Signed in"
    LOGIN_FAILED = "auth.login_failed", "Sign-in failed"
    LOCKED_OUT = "auth.locked_out", "Locked out after repeated failures"
    OTP_VERIFIED = "auth.otp_verified", "Second factor verified"
    OTP_FAILED = "auth.otp_failed", "Second factor rejected"
    OTP_ENROLLED = "auth.otp_enrolled", "Authenticator app enrolled"
    LOGOUT = "auth.logout", "Signed out"
    SESSION_EXPIRED = "auth.session_expired", "Session ended by time limit"
    # Configuration
    HUB_CONFIG_LOADED = "hub.config_loaded", "Hub configuration loaded from file"
    HUB_CONFIG_CHANGED = "hub.config_changed", "Hub configuration changed"
    MEMBERSHIP_CHANGED = "accounts.membership_changed", "Role membership changed"
    # Clinical records
    RECORD_VIEWED = "record.viewed", "Clinical record viewed"
    RECORD_CREATED = "record.created", "Clinical record created"
    RECORD_CHANGED = "record.changed", "Clinical record changed"
    RECORD_EXPORTED = "record.exported", "Clinical record exported"
    BREAK_GLASS = "record.break_glass", "Restricted record opened by break glass"
    # System
    KEYS_ROTATED = "system.keys_rotated", "Encryption keys rotated"
    DATA_PURGED = "system.data_purged", "Abandoned drafts and expired counters deleted"
    NOTIFICATION_FAILED = "system.notification_failed", "A notification had no one to go to"


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(
        max_length=150, help_text='"user:<id>" for a person, "system:<job>" for a named job.'
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    hub_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_ref = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="The client the event concerns."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    key_id = models.CharField(max_length=16)
    previous_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} by {self.actor_label}"
