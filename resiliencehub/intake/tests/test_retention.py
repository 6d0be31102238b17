"""Abandoned anonymous drafts are deleted after 30 days; nothing that matters clinically
ever is (data minimisation; HAZ-040)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.audit.services import Auditor
from resiliencehub.core.models import RateLimitCounter
from resiliencehub.intake import links
from resiliencehub.intake.models import AccessLink, Journey, JourneyAnswer, LinkPurpose
from resiliencehub.intake.retention import purge_stale_data
from resiliencehub.records.models import MeasureResponse, Referral, RiskAlert

from .helpers import answer_until, eligible, journey_of

pytestmark = pytest.mark.django_db

JOB = Auditor.system("purge_stale_data")


def _days(n):
    return timezone.now() + timedelta(days=n)


def _draft(client, hub, **kwargs):
    """A self-assessment left after PHQ-9 (scored), with a resume link emailed."""
    eligible(client, hub)
    answer_until(client, hub, stop_at="gad-7", **kwargs)
    journey = journey_of(client, hub)
    links.link_create(LinkPurpose.RESUME, hub, journey=journey, email="zeb@example.org")
    return journey


def test_a_draft_abandoned_for_30_days_is_deleted_with_its_answers_scores_and_links(client, hub_a):
    journey = _draft(client, hub_a)
    assert JourneyAnswer.objects.filter(journey=journey).count() > 5
    assert MeasureResponse.objects.count() >= 1
    purged = purge_stale_data(auditor=JOB, now=_days(31))
    assert purged.journeys == 1 and purged.links == 1 and purged.responses >= 1
    assert not Journey.objects.exists()
    assert not JourneyAnswer.objects.exists()
    assert not MeasureResponse.objects.exists()
    assert not AccessLink.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.DATA_PURGED)
    assert event.actor_label == "system:purge_stale_data"
    assert event.detail["journeys"] == 1
    # The person's cookie now opens nothing: they are sent to the start, not shown an error.
    response = client.get("/h/site-a/questions/")
    assert response["Location"] == "/h/site-a/start/?lost=1"


@pytest.mark.hazard("HAZ-040")
def test_a_draft_touched_in_the_last_30_days_is_kept(client, hub_a):
    journey = _draft(client, hub_a)
    purged = purge_stale_data(auditor=JOB, now=_days(29))
    assert purged.journeys == 0
    assert Journey.objects.get() == journey
    assert AccessLink.objects.count() == 1


@pytest.mark.hazard("HAZ-040")
def test_a_draft_whose_answers_raised_a_risk_alert_is_never_deleted(client, hub_a):
    journey = _draft(client, hub_a, risky=True)
    assert RiskAlert.objects.count() == 1
    purged = purge_stale_data(auditor=JOB, now=_days(400))
    assert purged.journeys == 0
    assert Journey.objects.get() == journey
    assert RiskAlert.objects.get().response is not None


def test_a_submitted_referral_is_never_deleted(client, hub_c):
    eligible(client, hub_c)
    answer_until(client, hub_c)
    client.post("/h/site-c/check-your-answers/")
    assert Referral.objects.count() == 1
    assert purge_stale_data(auditor=JOB, now=_days(400)).journeys == 0
    assert Journey.objects.count() == 1


def test_rate_limit_counters_go_once_their_window_is_long_over(client, hub_a):
    eligible(client, hub_a)
    assert RateLimitCounter.objects.exists()
    assert purge_stale_data(auditor=JOB, now=_days(1)).counters == 0
    assert purge_stale_data(auditor=JOB, now=_days(3)).counters >= 1
    assert not RateLimitCounter.objects.exists()


def test_the_command_reports_what_it_deleted(capsys):
    call_command("purge_stale_data")
    assert "Deleted 0 abandoned journeys" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action=AuditAction.DATA_PURGED).count() == 1
