"""Risk alerts on the shared record: raising one (from any journey: a self-assessment, a
referral, a returning client, a measure a clinician enters or a client sends), finding a
client's open ones, and refusing a change of care while one is open (HAZ-004, HAZ-042).
Working an alert (acknowledge, contact, assess, close) is the duty clinician's, in
`triage`."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.workflow import TransitionNotAllowed, Workflow

from .models import AlertStatus, RiskAlert, RiskAlertStatusChange
from .tasks import notify_duty_of_alert

ALERT_TRANSITIONS = {
    AlertStatus.OPEN: {AlertStatus.ACKNOWLEDGED},
    AlertStatus.ACKNOWLEDGED: {AlertStatus.CONTACTING, AlertStatus.ASSESSED},
    AlertStatus.CONTACTING: {AlertStatus.CONTACTING, AlertStatus.ASSESSED, AlertStatus.CLOSED},
    AlertStatus.ASSESSED: {AlertStatus.CLOSED},
    AlertStatus.CLOSED: set(),
}
_WHY_NOT = {
    AlertStatus.OPEN: "Acknowledge the alert first.",
    AlertStatus.ACKNOWLEDGED: "Record a contact attempt or a risk assessment first.",
    AlertStatus.ASSESSED: "The risk assessment is already recorded.",
    AlertStatus.CLOSED: "The alert is closed.",
}


def _alert_updates(step) -> dict:
    if step.target == AlertStatus.ACKNOWLEDGED:
        return {"acknowledged_at": step.at, "acknowledged_by": step.auditor.actor}
    if step.target == AlertStatus.CLOSED:
        return {"closed_at": step.at}
    return {}


RISK_ALERT = Workflow(
    "alert",
    model=RiskAlert,
    states=AlertStatus,
    moves=ALERT_TRANSITIONS,
    # Someone who left no name and no number cannot be contacted: once acknowledged, the
    # alert is closed with a note of what was done instead (HAZ-041).
    allowed_when={
        (AlertStatus.ACKNOWLEDGED, AlertStatus.CLOSED): lambda alert: not alert.can_be_contacted
    },
    opened="alert.raised",
    events={
        AlertStatus.ACKNOWLEDGED: "alert.acknowledged",
        AlertStatus.CONTACTING: "alert.contact_attempted",
        AlertStatus.ASSESSED: "alert.risk_assessed",
        AlertStatus.CLOSED: "alert.closed",
    },
    refusal=lambda current, target: (
        f"An alert that is '{current.label.lower()}' cannot become "
        f"'{target.label.lower()}'. {_WHY_NOT.get(current, '')}".strip()
    ),
    status_rows=RiskAlertStatusChange,
    row_link="alert",
    updates=_alert_updates,
    subject=lambda alert: client_subject(alert.client_id),
)
"""The duty workflow: raised → acknowledged → contact attempts → risk assessment → closed.
`risk_alert_raise` opens an alert; the duty clinician's moves are `triage.services`'
(a contact attempt or the risk assessment is recorded by the move it makes, and the audit
row is about the attempt or the assessment)."""


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
    backend), so the alert and its notification are committed together or not at all,
    and, inside a caller's transaction, together with the answer that raised it (no
    savepoint).
    """
    with transaction.atomic(savepoint=False):
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
        RISK_ALERT.open(alert, auditor=auditor, at=now, reason="Raised by a risk answer.")
        notify_duty_of_alert.enqueue(alert.pk)
    return alert
