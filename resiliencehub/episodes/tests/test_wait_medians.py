"""The waiting list's median waits, computed in the database (quality.md P2), agree with
`statistics.median` over the same episodes, in odd and even counts, and leave out
episodes assessed more than a year ago."""

from datetime import timedelta
from statistics import median

import pytest
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import selectors
from resiliencehub.episodes.models import Episode
from resiliencehub.episodes.tests.factories import make_episode
from resiliencehub.records.models import Referral

pytestmark = pytest.mark.django_db


def _seen(hub, referred_days_ago, assessed_after, started_after=None):
    """An episode referred `referred_days_ago`, assessed and started after those waits."""
    now = timezone.now()
    episode = make_episode(hub)
    referred = now - timedelta(days=referred_days_ago)
    assessed = referred + timedelta(days=assessed_after)
    Referral.objects.filter(pk=episode.referral_id).update(submitted_at=referred)
    Episode.objects.filter(pk=episode.pk).update(
        first_assessed_at=assessed,
        first_intervention_at=(
            assessed + timedelta(days=started_after) if started_after is not None else None
        ),
    )


def test_medians_match_statistics_for_odd_and_even_counts(hub_a):
    waits = [(100, 3.5, 10), (90, 12.25, None), (80, 7, 21.5), (70, 30, 2)]
    for referred, assessed, started in waits:
        _seen(hub_a, referred, assessed, started)
    (to_assessment, n), (to_intervention, m) = selectors.waits_seen(hub_a, timezone.now())
    assert n == 4 and to_assessment == pytest.approx(median([3.5, 12.25, 7, 30]))  # 9.625
    assert m == 3 and to_intervention == pytest.approx(median([10, 21.5, 2]))  # 10


def test_episodes_assessed_over_a_year_ago_are_left_out(hub_a):
    _seen(hub_a, 30, 5)
    _seen(hub_a, 500, 60)  # assessed 440 days ago
    (to_assessment, n), (to_intervention, m) = selectors.waits_seen(hub_a, timezone.now())
    assert (to_assessment, n) == (pytest.approx(5), 1)
    assert (to_intervention, m) == (None, 0)


def test_the_waiting_list_shows_the_medians(hub_a, make_staff, signed_in):
    for referred, assessed in [(60, 4), (50, 9), (40, 20)]:
        _seen(hub_a, referred, assessed)
    lead = make_staff(hub_a, Role.CLINICAL_LEAD)
    page = signed_in(lead).get(reverse("episodes:waiting_list", kwargs={"slug": hub_a.slug}))
    text = page.content.decode()
    assert "9.0 days (3 clients)" in text
    assert "No interventions started yet" in text
