"""Deleting what the public journey no longer needs (data minimisation, ADR 0018).

An anonymous draft that was never submitted and has not been touched for
`STALE_JOURNEY_DAYS` is deleted with its answers, the scores of the questionnaires it
completed, and its links: it is not a record of care, and keeping a distressed person's
half-typed answers forever helps no one. Anything that could matter clinically stays: a
journey whose answers raised a risk alert, any submission, or a journey tied to a client
or referral is never touched. Rate-limit counters are deleted once their window is over.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.models import RateLimitCounter
from resiliencehub.records.models import MeasureResponse

from .models import AccessLink, Journey, JourneyResponse, JourneyStatus

# Longer than any resume link lives (7 days) and the idle lock, so a person who can still
# come back to their answers always finds them.
STALE_JOURNEY_DAYS = 30
COUNTER_DAYS = 2


@dataclass(frozen=True)
class Purged:
    journeys: int
    answers: int
    responses: int
    links: int
    counters: int


def stale_journeys(now):
    return Journey.objects.filter(
        status=JourneyStatus.IN_PROGRESS,
        client__isnull=True,
        invited_for__isnull=True,
        updated_at__lt=now - timedelta(days=STALE_JOURNEY_DAYS),
        submissions__isnull=True,
    ).exclude(
        pk__in=JourneyResponse.objects.filter(response__risk_alerts__isnull=False).values(
            "journey_id"
        )
    )


def purge_stale_data(*, auditor: Auditor, now=None) -> Purged:
    """Delete abandoned anonymous drafts and old rate-limit counters; one audit event."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(stale_journeys(now).values_list("pk", flat=True))
        links, _ = AccessLink.objects.filter(journey_id__in=ids).delete()
        scored = JourneyResponse.objects.filter(journey_id__in=ids)
        response_ids = list(scored.values_list("response_id", flat=True))
        scored.delete()
        responses, _ = MeasureResponse.objects.filter(pk__in=response_ids).delete()
        deleted, by_model = Journey.objects.filter(pk__in=ids).delete()
        counters, _ = RateLimitCounter.objects.filter(
            window_start__lt=now - timedelta(days=COUNTER_DAYS)
        ).delete()
        purged = Purged(
            journeys=by_model.get(Journey._meta.label, 0),
            answers=by_model.get("intake.JourneyAnswer", 0),
            responses=responses,
            links=links,
            counters=counters,
        )
        auditor.record(
            AuditAction.DATA_PURGED,
            object_type="intake.journey",
            detail={
                "journeys": purged.journeys,
                "answers": purged.answers,
                "responses": purged.responses,
                "links": purged.links,
                "rate_limit_counters": purged.counters,
                "older_than_days": STALE_JOURNEY_DAYS,
            },
        )
    return purged
