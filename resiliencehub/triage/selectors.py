"""Shared reads for the duty queue and the triage worklist, always reached through a hub.

Lists fetch in a fixed number of queries whatever their length (quality.md P2): related
rows are joined or prefetched, never loaded row by row.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404

from resiliencehub.hub.models import DutyShift
from resiliencehub.records.models import (
    AlertStatus,
    MeasureResponse,
    Referral,
    ReferralStatus,
    RiskAlert,
    Screening,
)

from .models import RiskAssessment

NEW_REFERRAL_STATUSES = [ReferralStatus.SUBMITTED, ReferralStatus.AWAITING_QUESTIONNAIRES]
_QUEUE_ORDER = Case(
    When(status=AlertStatus.OPEN, then=Value(0)),
    When(status=AlertStatus.ACKNOWLEDGED, then=Value(1)),
    When(status=AlertStatus.CONTACTING, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def duty_queue(hub):
    """Every alert not yet closed: unacknowledged first, then longest waiting."""
    return (
        RiskAlert.objects.filter(hub=hub)
        .exclude(status=AlertStatus.CLOSED)
        .select_related("client", "referral", "acknowledged_by")
        .annotate(queue_order=_QUEUE_ORDER)
        .order_by("queue_order", "raised_at", "id")
    )


def open_alerts_raised_at(hub) -> list:
    """(raised_at) of every unacknowledged alert: the overdue count is over all of them."""
    return list(
        RiskAlert.objects.filter(hub=hub, status=AlertStatus.OPEN).values_list(
            "raised_at", flat=True
        )
    )


def alert_for(hub, alert_id: int) -> RiskAlert:
    return get_object_or_404(
        RiskAlert.objects.filter(hub=hub).select_related(
            "client", "referral", "response", "screening", "acknowledged_by"
        ),
        pk=alert_id,
    )


def alert_history(alert):
    return {
        "events": list(alert.status_changes.all()),
        "attempts": list(alert.contact_attempts.select_related("recorded_by")),
        "assessment": RiskAssessment.objects.filter(alert=alert)
        .select_related("assessed_by")
        .first(),
    }


def earlier_risk_assessments(hub, alert) -> list:
    """The client's previous risk assessments, newest first (risk history for the duty)."""
    if alert.client_id is None:
        return []
    return list(
        RiskAssessment.objects.filter(hub=hub, client_id=alert.client_id)
        .exclude(alert=alert)
        .select_related("assessed_by")
        .order_by("-assessed_at")[:5]
    )


def rota(hub, start: date, days: int = 14):
    return (
        DutyShift.objects.filter(hub=hub, day__gte=start, day__lt=start + timedelta(days=days))
        .select_related("clinician")
        .order_by("day", "clinician__full_name")
    )


def duty_shift_for(hub, shift_id: int) -> DutyShift:
    return get_object_or_404(DutyShift.objects.filter(hub=hub), pk=shift_id)


@dataclass(frozen=True)
class WorklistFilter:
    status: str = ""
    sector: str = ""
    waited_days: int | None = None


def worklist(hub, filters: WorklistFilter, today: date):
    """New referrals, by risk (a risk answer or an open alert first), then longest wait."""
    statuses = [filters.status] if filters.status else NEW_REFERRAL_STATUSES
    open_alert = RiskAlert.objects.filter(referral=OuterRef("pk")).exclude(
        status=AlertStatus.CLOSED
    )
    referrals = (
        Referral.objects.filter(hub=hub, status__in=statuses)
        .select_related("client")
        .annotate(open_alert=Exists(open_alert))
        .annotate(
            risk_order=Case(
                When(Q(has_risk=True) | Q(open_alert=True), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .prefetch_related(
            Prefetch(
                "screenings",
                queryset=Screening.objects.order_by("-submitted_at").prefetch_related(
                    Prefetch(
                        "responses",
                        queryset=MeasureResponse.objects.order_by("instrument_id"),
                    )
                ),
            )
        )
    )
    if filters.sector:
        referrals = referrals.filter(sector=filters.sector)
    if filters.waited_days:
        referrals = referrals.filter(
            submitted_at__date__lte=today - timedelta(days=filters.waited_days)
        )
    return referrals.order_by("risk_order", "submitted_at", "id")


def referral_for(hub, referral_id: int) -> Referral:
    return get_object_or_404(
        Referral.objects.filter(hub=hub).select_related("client", "merged_into"),
        pk=referral_id,
    )


def referral_detail(hub, referral) -> dict:
    screenings = list(
        Screening.objects.filter(hub=hub, referral=referral)
        .prefetch_related(
            Prefetch("responses", queryset=MeasureResponse.objects.order_by("instrument_id"))
        )
        .order_by("-submitted_at")
    )
    return {
        "screenings": screenings,
        "status_changes": list(referral.status_changes.select_related("changed_by")),
        "alerts": list(RiskAlert.objects.filter(hub=hub, referral=referral).order_by("-raised_at")),
        "merged": list(referral.merged_referrals.all()),
    }


def possible_duplicates(hub, referral):
    """Other live referrals from the same client record or the same email address."""
    clients = Q(client=referral.client_id)
    if referral.client.email_lookup:
        clients |= Q(client__email_lookup=referral.client.email_lookup)
    return (
        Referral.objects.filter(hub=hub)
        .filter(clients)
        .exclude(pk=referral.pk)
        .exclude(status__in=[ReferralStatus.MERGED, ReferralStatus.DECLINED])
        .order_by("submitted_at")
    )


def referral_by_reference(hub, reference: str) -> Referral | None:
    return Referral.objects.filter(hub=hub, reference=reference.strip().upper()).first()


def latest_risk_assessment(hub_id, client_id) -> RiskAssessment | None:
    return (
        RiskAssessment.objects.filter(hub_id=hub_id, client_id=client_id)
        .order_by("-assessed_at")
        .first()
    )
