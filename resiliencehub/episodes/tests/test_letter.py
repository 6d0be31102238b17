"""The facilitated referral letter shares exactly what the client agreed to, and the
onward referral needs consent and moves through its own statuses."""

import pytest
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes import assessments, services
from resiliencehub.episodes.models import OnwardStatus, ShareItem
from resiliencehub.episodes.tests.factories import (
    auditor_for,
    make_alert,
    make_episode,
    make_screening,
)
from resiliencehub.triage import services as triage

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-035")]

CANARIES = {
    ShareItem.ASSESSMENT_SUMMARY: "canary-summary-101",
    ShareItem.DIFFICULTIES: "canary-difficulties-102",
    ShareItem.FORMULATION: "canary-perpetuating-103",
    ShareItem.GOALS: "canary-goals-104",
    ShareItem.SCORES: "PHQ-9",
    ShareItem.RISK: "Actions: Safety plan agreed",
    ShareItem.CONTACT: "07700 900123",
}


@pytest.fixture
def world(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    who = auditor_for(clinician)
    episode = make_episode(hub_a, clinician)
    make_screening(episode.referral)
    alert = make_alert(hub_a, episode.referral)
    triage.alert_acknowledge(alert, auditor=who)
    triage.risk_assessment_record(
        alert,
        auditor=who,
        thoughts="canary-thoughts-105",
        intent="none",
        plan="none",
        means="none",
        protective_factors="family",
        level="low",
        actions=["safety_plan"],
    )
    # Closed, as it must be before the client can be referred on (HAZ-042).
    triage.alert_close(alert, note="Safety plan agreed.", auditor=who)
    assessments.assessment_record(
        episode,
        kind="in_depth",
        assessed_at=timezone.now(),
        duration_minutes=60,
        mode="virtual",
        summary=CANARIES[ShareItem.ASSESSMENT_SUMMARY],
        outcome="plan",
        plan_pathway="onward_referral",
        formulation={
            "presenting_difficulties": CANARIES[ShareItem.DIFFICULTIES],
            "perpetuating": CANARIES[ShareItem.FORMULATION],
            "goals": CANARIES[ShareItem.GOALS],
        },
        auditor=who,
    )
    service = services.directory_service_save(
        hub_a,
        auditor=who,
        name="CMHT",
        kind="cmht",
        contact="0113 496 0200",
        is_active=True,
        eligibility_notes="",
    )
    return clinician, episode, service


def letter_for(signed_in, clinician, episode, onward) -> str:
    url = reverse(
        "episodes:onward_letter",
        kwargs={"slug": episode.hub.slug, "episode_id": episode.pk, "onward_id": onward.pk},
    )
    response = signed_in(clinician).get(url)
    assert response.status_code == 200
    return response.content.decode().split('id="letter"')[1]


@pytest.mark.parametrize("shared", [[item] for item in ShareItem] + [[]])
def test_the_letter_contains_only_the_sections_agreed(world, signed_in, shared):
    clinician, episode, service = world
    onward = services.onward_referral_send(
        episode,
        service=service,
        consent_given=True,
        shared_items=shared,
        mark_referred_on=False,
        auditor=auditor_for(clinician),
    )
    letter = letter_for(signed_in, clinician, episode, onward)
    for item, canary in CANARIES.items():
        if item in shared:
            assert canary in letter, item
        else:
            assert canary not in letter, item
    assert "canary-thoughts-105" not in letter  # free text of the risk assessment never


def test_no_referral_without_consent(world):
    clinician, episode, service = world
    with pytest.raises(TransitionNotAllowed, match="consent"):
        services.onward_referral_send(
            episode,
            service=service,
            consent_given=False,
            shared_items=[],
            auditor=auditor_for(clinician),
        )


def test_the_form_refuses_without_consent(world, signed_in):
    clinician, episode, service = world
    url = reverse(
        "episodes:onward_new", kwargs={"slug": episode.hub.slug, "episode_id": episode.pk}
    )
    response = signed_in(clinician).post(
        url, {"service": service.pk, "consent": "no", "mark_referred_on": "yes"}
    )
    assert "do not send it without" in response.content.decode()
    assert not episode.onward_referrals.exists()


def test_statuses_move_sent_accepted_started_and_refuse_going_back(world):
    clinician, episode, service = world
    who = auditor_for(clinician)
    onward = services.onward_referral_send(
        episode, service=service, consent_given=True, shared_items=[], auditor=who
    )
    episode.refresh_from_db()
    assert episode.status == "referred_on"
    services.onward_referral_transition(onward, OnwardStatus.ACCEPTED, auditor=who)
    services.onward_referral_transition(onward, OnwardStatus.STARTED, auditor=who)
    with pytest.raises(TransitionNotAllowed, match="'support started' cannot become 'sent'"):
        services.onward_referral_transition(onward, OnwardStatus.SENT, auditor=who)
    assert [c.to_status for c in onward.status_changes.all()] == ["sent", "accepted", "started"]


def test_a_service_from_another_hub_is_refused(world, hub_b):
    clinician, episode, service = world
    theirs = services.directory_service_save(
        hub_b,
        auditor=auditor_for(clinician),
        name="X",
        kind="other",
        contact="x",
        eligibility_notes="",
        is_active=True,
    )
    with pytest.raises(TransitionNotAllowed, match="not in this hub's directory"):
        services.onward_referral_send(
            episode,
            service=theirs,
            consent_given=True,
            shared_items=[],
            auditor=auditor_for(clinician),
        )
