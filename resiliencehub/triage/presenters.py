"""Display-ready rows for the duty queue and the worklist; templates stay thin."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse

from resiliencehub.hub.models import Sector

from .models import AlertStatus, RiskAlert
from .working_hours import is_overdue, waited

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


@dataclass
class AlertRow:
    alert: RiskAlert
    name: str
    restricted: bool
    waited: str
    overdue: bool
    status: str
    url: str


def duty_queue_rows(hub, alerts, now: datetime, restricted_ids) -> list[AlertRow]:
    rows = []
    for alert in alerts:
        end = alert.acknowledged_at or now
        rows.append(
            AlertRow(
                alert=alert,
                name=client_name(alert.client, restricted_ids),
                restricted=alert.client_id in restricted_ids,
                waited=waited(alert.raised_at, end),
                overdue=alert.status == AlertStatus.OPEN
                and is_overdue(alert.raised_at, now, hub.risk_acknowledge_hours),
                status=AlertStatus(alert.status).label,
                url=reverse("triage:alert", kwargs={"slug": hub.slug, "alert_id": alert.pk}),
            )
        )
    return rows


def overdue_count(hub, raised_times, now: datetime) -> int:
    return sum(1 for raised in raised_times if is_overdue(raised, now, hub.risk_acknowledge_hours))


@dataclass
class ScreeningSummary:
    measures: list = field(default_factory=list)  # (instrument id, band or "incomplete", total)
    domains_above_threshold: int | None = None
    flags: list = field(default_factory=list)  # (text, tag colour)
    screened: bool = False


def screening_summary(referral) -> ScreeningSummary:
    """Band per measure, domains above threshold and flags, from prefetched screenings."""
    screenings = list(referral.screenings.all())
    summary = ScreeningSummary(screened=bool(screenings))
    if screenings:
        latest = screenings[0]
        for response in latest.responses.all():
            if response.total is None and not response.band:
                band = "incomplete"
            else:
                band = response.band or "scored"
            summary.measures.append((response.instrument_id, band, response.total))
        summary.domains_above_threshold = latest.domains_above_threshold
    if referral.domains_above_threshold is not None:
        summary.domains_above_threshold = referral.domains_above_threshold
    if referral.has_risk:
        summary.flags.append(("Risk answer", "red"))
    if getattr(referral, "open_alert", False):
        summary.flags.append(("Open risk alert", "red"))
    if referral.returning:
        summary.flags.append(("Returning client", "grey"))
    if referral.critical_care:
        summary.flags.append(("Critical care", "blue"))
    return summary


@dataclass
class WorklistRow:
    referral: object
    name: str
    restricted: bool
    sector: str
    waited_days: int
    summary: ScreeningSummary
    url: str


SECTOR_LABELS = dict(Sector.choices)


def worklist_rows(hub, referrals, today: date, restricted_ids) -> list[WorklistRow]:
    return [
        WorklistRow(
            referral=referral,
            name=client_name(referral.client, restricted_ids),
            restricted=referral.client_id in restricted_ids,
            sector=SECTOR_LABELS.get(referral.sector, referral.sector or "Not given"),
            waited_days=(today - referral.submitted_at.date()).days,
            summary=screening_summary(referral),
            url=reverse("triage:referral", kwargs={"slug": hub.slug, "referral_id": referral.pk}),
        )
        for referral in referrals
    ]


def days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"
