"""Abstract models that more than one app's workflow builds on. Abstract: no tables here."""

from django.conf import settings
from django.db import models

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
