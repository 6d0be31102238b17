"""The episode of care as a state machine with immutable status rows (who, when, why)."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes import services
from resiliencehub.episodes.assessments import assessment_record
from resiliencehub.episodes.models import (
    AppointmentStatus,
    EpisodeStatus,
    EpisodeStatusChange,
)
from resiliencehub.episodes.tests.factories import auditor_for, make_episode

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-034")]
S = EpisodeStatus


@pytest.fixture
def clinician(hub_a, make_staff):
    return make_staff(hub_a, Role.CLINICIAN)


def assessed(hub, clinician, pathway="step_2"):
    episode = make_episode(hub, clinician)
    assessment_record(
        episode,
        kind="in_depth",
        assessed_at=timezone.now(),
        duration_minutes=60,
        mode="virtual",
        summary="s",
        outcome="plan",
        plan_pathway=pathway,
        formulation={"presenting_difficulties": "p"},
        auditor=auditor_for(clinician),
    )
    episode.refresh_from_db()
    return episode


def session(episode, clinician, status="attended", kind="treatment"):
    appointment = services.appointment_book(
        episode,
        clinician=clinician,
        starts_at=timezone.now() - timedelta(days=1),
        duration_minutes=50,
        kind=kind,
        mode="virtual",
        auditor=auditor_for(clinician),
    )
    return services.appointment_outcome_record(appointment, status, auditor=auditor_for(clinician))


def test_the_first_attended_treatment_session_starts_the_intervention(hub_a, clinician):
    episode = assessed(hub_a, clinician)
    session(episode, clinician, "did_not_attend")
    episode.refresh_from_db()
    assert episode.status == S.WAITING_INTERVENTION
    session(episode, clinician)
    episode.refresh_from_db()
    assert episode.status == S.IN_INTERVENTION
    assert episode.first_intervention_at is not None


def test_stepping_up_needs_a_different_pathway_and_records_it(hub_a, clinician):
    episode = assessed(hub_a, clinician)
    session(episode, clinician)
    who = auditor_for(clinician)
    with pytest.raises(TransitionNotAllowed, match="Choose the pathway step"):
        services.episode_transition(episode, S.STEPPED_UP, auditor=who)
    with pytest.raises(TransitionNotAllowed, match="needs a different pathway step"):
        services.episode_transition(episode, S.STEPPED_UP, pathway="step_2", auditor=who)
    services.episode_transition(
        episode, S.STEPPED_UP, pathway="step_3", reason="No change at step 2", auditor=who
    )
    change = EpisodeStatusChange.objects.filter(episode=episode).last()
    assert (change.from_status, change.to_status, change.pathway) == (
        "in_intervention",
        "stepped_up",
        "step_3",
    )
    assert change.changed_by == clinician
    assert change.reason == "No change at step 2"
    episode.refresh_from_db()
    assert episode.pathway == "step_3"


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.WAITING_ASSESSMENT, S.IN_INTERVENTION),
        (S.WAITING_ASSESSMENT, S.STEPPED_UP),
        (S.WAITING_INTERVENTION, S.STEPPED_DOWN),
        (S.WAITING_INTERVENTION, S.ASSESSED),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(hub_a, clinician, start, target):
    episode = (
        make_episode(hub_a, clinician)
        if start == S.WAITING_ASSESSMENT
        else assessed(hub_a, clinician)
    )
    before = EpisodeStatusChange.objects.count()
    with pytest.raises(TransitionNotAllowed) as refusal:
        services.episode_transition(
            episode, target, pathway="step_3", auditor=auditor_for(clinician)
        )
    assert str(refusal.value) == (
        f"An episode that is '{start.label.lower()}' cannot become '{target.label.lower()}'."
    )
    assert EpisodeStatusChange.objects.count() == before


def test_discharge_happens_only_through_the_discharge_service(hub_a, clinician):
    episode = assessed(hub_a, clinician)
    with pytest.raises(TransitionNotAllowed, match="discharge page"):
        services.episode_transition(episode, S.DISCHARGED, auditor=auditor_for(clinician))
    services.episode_discharge(episode, reason="client_ended", auditor=auditor_for(clinician))
    assert episode.status == S.DISCHARGED
    with pytest.raises(TransitionNotAllowed, match="cannot become"):
        services.episode_transition(episode, S.IN_INTERVENTION, auditor=auditor_for(clinician))
    with pytest.raises(TransitionNotAllowed, match="discharged episode"):
        session(episode, clinician)


def test_an_appointment_outcome_is_recorded_once(hub_a, clinician):
    episode = assessed(hub_a, clinician)
    appointment = session(episode, clinician, "cancelled_by_hub")
    assert appointment.status == AppointmentStatus.CANCELLED_BY_HUB
    with pytest.raises(TransitionNotAllowed, match="already recorded as 'cancelled by the hub'"):
        services.appointment_outcome_record(appointment, "attended", auditor=auditor_for(clinician))


def test_evening_appointments_are_flagged(hub_a, clinician):
    episode = assessed(hub_a, clinician)
    local = timezone.localtime().replace(hour=18, minute=0)
    appointment = services.appointment_book(
        episode,
        clinician=clinician,
        starts_at=local,
        duration_minutes=50,
        kind="treatment",
        mode="face_to_face",
        auditor=auditor_for(clinician),
    )
    assert appointment.is_evening


def test_the_status_page_offers_only_the_allowed_next_steps(hub_a, clinician, signed_in):
    episode = assessed(hub_a, clinician)
    session(episode, clinician)
    url = reverse("episodes:status", kwargs={"slug": hub_a.slug, "episode_id": episode.pk})
    client = signed_in(clinician)
    page = client.get(url).content.decode()
    for label in ("Stepped up", "Stepped down", "Referred on"):
        assert label in page
    assert 'value="waiting_assessment"' not in page
    response = client.post(url, {"to_status": "stepped_down", "reason": "Doing well"})
    assert "Select the pathway step the client moves to" in html.unescape(response.content.decode())


def test_a_clinician_without_the_case_cannot_change_it(hub_a, clinician, make_staff, signed_in):
    episode = assessed(hub_a, clinician)
    other = make_staff(hub_a, Role.CLINICIAN)
    url = reverse("episodes:status", kwargs={"slug": hub_a.slug, "episode_id": episode.pk})
    response = signed_in(other).post(url, {"to_status": "referred_on", "reason": "x"})
    assert response.status_code == 404
    episode.refresh_from_db()
    assert episode.status == S.WAITING_INTERVENTION
