"""How the shared record names a client and shows what is open about them, the same way
on every staff page: the name staff see (masked when restricted, "Not known" when
anonymous), how the duty clinician can reach the person behind an alert, and the banner
rows of a client's open alerts."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from .models import AlertStatus, RiskAlert

RESTRICTED_NAME = "Restricted record (conflict of interest)"
ANONYMOUS_NAME = "Not known (screened without giving a name)"


def client_name(client, restricted_ids=frozenset()) -> str:
    """The name staff see: preferred name in brackets, or masked when restricted."""
    if client is None:
        return ANONYMOUS_NAME
    if client.pk in restricted_ids:
        return RESTRICTED_NAME
    if client.preferred_name and client.preferred_name != client.full_name:
        return f"{client.full_name} ({client.preferred_name})"
    return client.full_name


def _allowed(client) -> str:
    ways = [
        label
        for allowed, label in (
            (client.may_leave_voicemail, "voicemail allowed"),
            (client.may_text, "texts allowed"),
        )
        if allowed
    ]
    return f" ({', '.join(ways)})" if ways else ""


def how_to_reach(alert: RiskAlert) -> list[tuple[str, str]]:
    """(label, value) rows saying how the duty clinician can reach the person behind an
    alert: the client's contact details and safe-contact preferences, and the number
    left on the crisis page. Empty only for someone who gave no name and no number."""
    rows = []
    client = alert.client
    if client is not None:
        rows.append(("Phone", (client.phone or "Not given") + _allowed(client)))
        email = client.email or "Not given"
        rows.append(("Email", email + (" (email allowed)" if client.may_email else "")))
        if client.contact_notes:
            rows.append(("Contact notes", client.contact_notes))
    phone = client.phone if client is not None else ""
    if alert.callback_phone and alert.callback_phone != phone:
        rows.append(("Call-back number", alert.callback_phone))
    return rows


@dataclass(frozen=True)
class OpenAlert:
    """One alert not yet closed, as the banner on every page about its client shows it."""

    raised_at: datetime
    status: str
    url: str | None = None
    """The alert's page, for someone who may open it."""
    reason: str = ""
    """What raised it: clinical content, so only for someone who may open the alert."""


def open_alert_rows(hub, alerts, *, may_open: bool) -> list[OpenAlert]:
    return [
        OpenAlert(
            raised_at=alert.raised_at,
            status=AlertStatus(alert.status).label,
            url=reverse("triage:alert", kwargs={"slug": hub.slug, "alert_id": alert.pk})
            if may_open
            else None,
            reason=alert.reason if may_open else "",
        )
        for alert in alerts
    ]
