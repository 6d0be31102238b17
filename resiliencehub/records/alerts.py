"""Risk alerts on the shared record: raising one (from any journey: a self-assessment, a
referral, a returning client, a measure a clinician enters or a client sends), finding a
client's open ones, and refusing a change of care while one is open (HAZ-004, HAZ-042).
Working an alert (acknowledge, contact, assess, close) is the duty clinician's, in
`triage`."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.workflow import TransitionNotAllowed

from .models import AlertStatus, RiskAlert, RiskAlertEvent
from .tasks import notify_duty_of_alert


def open_alerts_about(hub, client) -> list:
    """Every alert about `client` not yet closed, oldest first: raised with their name,
    or on one of their referrals (an alert raised before they gave their name)."""
    if client is None:
        return []
    return list(
        RiskAlert.objects.filter(hub=hub)
        .filter(Q(client=client) | Q(referral__client=client))
        .exclude(status=AlertStatus.CLOSED)
        .order_by("raised_at", "id")
    )


class OpenRiskAlerts(TransitionNotAllowed):
    """Refused: the client has risk alerts that the duty clinician has not closed."""

    def __init__(self, refused: str, alerts: list[RiskAlert]):
        self.alerts = alerts
        if len(alerts) == 1:
            why = "a risk alert about them is not closed. The duty clinician must close it first."
        else:
            why = (
                f"{len(alerts)} risk alerts about them are not closed. The duty clinician "
                "must close them first."
            )
        super().__init__(f"{refused} while {why}")


def refuse_while_alerts_open(client, refused: str) -> None:
    """Raise OpenRiskAlerts, saying `refused` ("The client cannot be discharged"), if
    `client` has an alert not yet closed (HAZ-042): no one is discharged, referred on or
    declined over a risk the duty clinician has not assessed. Call it inside the
    transaction that makes the change, after locking the changed row."""
    alerts = open_alerts_about(client.hub_id, client) if client is not None else []
    if alerts:
        raise OpenRiskAlerts(refused, alerts)


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
