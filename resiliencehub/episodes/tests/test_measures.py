"""Session measures entered by the clinician or by the client from a single-use link;
risk answers reach the duty queue either way."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services
from resiliencehub.episodes.models import MeasureInvitation, SessionMeasure
from resiliencehub.episodes.tests.factories import auditor_for, make_episode
from resiliencehub.records.models import AlertStatus, MeasureResponse, ResponseSource, RiskAlert

pytestmark = pytest.mark.django_db

ITEM9 = {f"item_{n}": "1" for n in range(1, 10)}  # total 9, item 9 "several days"


@pytest.fixture
def case(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    return make_episode(hub_a, clinician, name="Mo Measured"), clinician


@pytest.mark.hazard("HAZ-037")
def test_a_clinician_entered_risk_answer_puts_an_alert_on_the_duty_queue(case, signed_in):
    episode, clinician = case
    url = reverse(
        "episodes:measure_new",
        kwargs={"slug": episode.hub.slug, "episode_id": episode.pk, "instrument": "PHQ-9"},
    )
    response = signed_in(clinician).post(url, {"stage": "session", **ITEM9}, follow=True)
    assert "an alert is on the duty queue" in response.content.decode()
    response = MeasureResponse.objects.get()
    assert response.source == ResponseSource.CLINICIAN
    assert response.entered_by == clinician
    assert SessionMeasure.objects.get().episode == episode
    alert = RiskAlert.objects.get()
    assert (alert.client, alert.referral, alert.status) == (
        episode.client,
        episode.referral,
        AlertStatus.OPEN,
    )


def test_a_measure_the_hub_does_not_use_for_sessions_is_not_found(case, signed_in):
    episode, clinician = case
    url = reverse(
        "episodes:measure_new",
        kwargs={"slug": episode.hub.slug, "episode_id": episode.pk, "instrument": "AUDIT"},
    )
    assert signed_in(clinician).get(url).status_code == 404


@pytest.mark.hazard("HAZ-039")
def test_the_client_completes_measures_once_from_their_link(case, client):
    episode, clinician = case
    invitation, token = services.measure_invitation_create(
        episode, ["PHQ-9", "GAD-7"], auditor=auditor_for(clinician)
    )
    assert token not in invitation.token_hash
    url = reverse("intake:client_measures", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    assert "Mo Measured" not in page.content.decode()  # the page names no one
    empty = client.post(url, {})
    assert "Select an answer for question 1" in empty.content.decode()
    answers = {f"PHQ9-item_{n}": "0" for n in range(1, 10)} | {
        f"GAD7-item_{n}": "1" for n in range(1, 8)
    }
    done = client.post(url, answers)
    assert "Answers sent" in done.content.decode()
    stored = MeasureResponse.objects.order_by("instrument_id")
    assert [(r.instrument_id, r.total, r.source) for r in stored] == [
        ("GAD-7", 7, "client"),
        ("PHQ-9", 0, "client"),
    ]
    assert all(r.session_measure.episode == episode for r in stored)
    again = client.post(url, answers)
    assert again.status_code == 404
    assert MeasureResponse.objects.count() == 2


@pytest.mark.hazard("HAZ-037")
def test_a_risk_answer_from_the_link_raises_an_alert(case, client):
    episode, clinician = case
    _, token = services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician)
    )
    url = reverse("intake:client_measures", kwargs={"token": token})
    client.post(url, {f"PHQ9-item_{n}": "1" for n in range(1, 10)})
    assert RiskAlert.objects.filter(client=episode.client).count() == 1


@pytest.mark.hazard("HAZ-039")
def test_links_expire_after_seven_days_and_end_at_discharge(case, client):
    episode, clinician = case
    _, token = services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician)
    )
    url = reverse("intake:client_measures", kwargs={"token": token})
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert client.get(url).status_code == 404
    assert client.get(url).status_code == 200
    services.episode_discharge(episode, reason="other", auditor=auditor_for(clinician))
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("intake:client_measures", kwargs={"token": "x" * 32})).status_code == 404
    )
    assert MeasureInvitation.objects.get().used_at is None
