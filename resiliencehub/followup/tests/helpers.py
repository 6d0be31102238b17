"""People screened at a known moment, for the follow-up engine's tests."""

from datetime import datetime

import time_machine
from django.utils import timezone

from resiliencehub.episodes.tests.factories import make_client, make_referral, make_screening
from resiliencehub.records.models import ReferralStatus

SCREENED = timezone.make_aware(datetime(2027, 1, 11, 10, 0))  # a Monday morning


def screened(hub, *, at=SCREENED, consent=True, email="person@example.org", **client):
    """A client who screened (with a referral) at `at` and agreed to follow-up or not."""
    with time_machine.travel(at, tick=False):
        person = make_client(hub, email=email, follow_up_consent=consent, **client)
        referral = make_referral(hub, person, status=ReferralStatus.ACCEPTED)
        make_screening(referral)
    return person


def moment(*args) -> datetime:
    return timezone.make_aware(datetime(*args))
