"""Shared reads for the public journey."""

from dataclasses import dataclass
from statistics import median

from django.utils import timezone

from resiliencehub.hub.models import Hub
from resiliencehub.records.models import MeasureResponse

from .pages import PROFILE_SETS

MEDIAN_WAIT_MINIMUM = 10
"""Referrals with a first assessment needed before the hub's own median is quoted."""
MEDIAN_WAIT_RECENT = 100
"""How many of the most recently assessed referrals the median is taken over."""


@dataclass(frozen=True)
class Wait:
    days: int
    measured: bool
    referrals: int = 0


def median_wait(hub: Hub) -> Wait:
    """Days from referral to first assessment: the hub's median over its most recent
    assessed referrals when there are enough, otherwise its configured estimate."""
    rows = list(
        hub.referrals.filter(first_assessed_at__isnull=False, first_assessed_at__lte=timezone.now())
        .order_by("-first_assessed_at")
        .values_list("submitted_at", "first_assessed_at")[:MEDIAN_WAIT_RECENT]
    )
    if len(rows) < MEDIAN_WAIT_MINIMUM:
        return Wait(hub.typical_wait_days, measured=False)
    days = [max(0, (assessed - submitted).total_seconds() / 86400) for submitted, assessed in rows]
    return Wait(round(median(days)), measured=True, referrals=len(rows))


def questionnaires_answered(referral) -> bool:
    """Whether the referral carries any of the hub's questionnaires. The profile questions
    (about the person and their work) asked with a referral-first referral do not count."""

    return (
        MeasureResponse.objects.filter(screening__referral=referral)
        .exclude(instrument_id__in=PROFILE_SETS)
        .exists()
    )
