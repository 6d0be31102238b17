"""Abstract models that more than one app's workflow builds on. Abstract: no tables here."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .fields import EncryptedTextField


class StatusChange(models.Model):
    """An immutable row per transition of a workflow: when, who (`changed_by` is empty for
    a named system job or the public journey; `actor_label` names the actor either way) and
    why. A subclass adds the record it belongs to and its own from/to status choices."""

    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    reason = EncryptedTextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]

    @classmethod
    def record(cls, auditor, *, at=None, reason: str = "", **fields):
        """The row for one transition made by `auditor` (its user, or its named job)."""
        return cls.objects.create(
            changed_at=at or timezone.now(),
            changed_by=auditor.actor,
            actor_label=auditor.actor_label,
            reason=reason,
            **fields,
        )


class RateLimitCounter(models.Model):
    """Requests in one fixed window for one keyed-hash of an address or email (ADR 0015).

    Kept in the database so every app worker shares the count.
    """

    scope = models.CharField(max_length=40)
    key_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "intake_ratelimitcounter"
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key_hash", "window_start"], name="unique_rate_window"
            )
        ]
