"""Writes to the duty risk queue: each in a transaction, audited, with a status row."""

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor

from .models import AlertStatus, RiskAlert, RiskAlertEvent


def risk_alert_raise(
    hub,
    *,
    reason: str,
    auditor: Auditor,
    client=None,
    referral=None,
    screening=None,
    response=None,
    callback_phone: str = "",
) -> RiskAlert:
    """Put a risk alert on the hub's duty queue and tell the duty clinician.

    The notification task row is written in this same transaction (django-tasks database
    backend), so the alert and its notification are committed together or not at all.
    """
    from .tasks import notify_duty_of_alert

    with transaction.atomic():
        now = timezone.now()
        alert = RiskAlert.objects.create(
            hub=hub,
            client=client,
            referral=referral,
            screening=screening,
            response=response,
            reason=reason,
            callback_phone=callback_phone,
            raised_at=now,
        )
        RiskAlertEvent.objects.create(
            alert=alert,
            status=AlertStatus.OPEN,
            occurred_at=now,
            actor=auditor.actor,
            actor_label=auditor.actor_label,
            note="Raised by a risk answer.",
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=alert,
            hub=hub,
            subject_ref=f"client:{client.pk}" if client else "",
        )
        notify_duty_of_alert.enqueue(alert.pk)
    return alert
