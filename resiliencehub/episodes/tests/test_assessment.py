"""Assessment in the hub's model: two-stage (shorter assessment by any grade, then
in-depth if needed) or in-depth as standard, with a formulation and a plan chosen from
the hub's pathways; the first assessment sets the waits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes.assessments import assessment_record
from resiliencehub.episodes.models import Assessment, EpisodeStatus, Formulation
from resiliencehub.episodes.tests.factories import auditor_for, make_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_c(db):
    return load_demo_hub("site-c")


def record(episode, who, **overrides):
    fields = {
        "kind": "in_depth",
        "assessed_at": timezone.now(),
        "duration_minutes": 90,
        "mode": "virtual",
        "summary": "Summary",
        "outcome": "plan",
        "plan_pathway": "step_3",
        "formulation": {"presenting_difficulties": "Low mood", "goals": "Sleep"},
    }
    return assessment_record(episode, auditor=auditor_for(who), **(fields | overrides))


def url(name, episode):
    return reverse(f"episodes:{name}", kwargs={"slug": episode.hub.slug, "episode_id": episode.pk})


def test_a_plan_moves_the_episode_to_waiting_for_intervention_on_that_pathway(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    episode = make_episode(hub_a, clinician)
    assessment = record(episode, clinician)
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.WAITING_INTERVENTION
    assert episode.pathway == "step_3"
    assert [c.to_status for c in episode.status_changes.all()] == [
        "waiting_assessment",
        "assessed",
        "waiting_intervention",
    ]
    assert Formulation.objects.get(assessment=assessment).goals == "Sleep"


def test_the_first_assessment_sets_the_referral_and_episode_waits_once(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    hub_c_episode = make_episode(hub_a, clinician)
    first = timezone.now() - timedelta(days=3)
    record(hub_c_episode, clinician, assessed_at=first)
    hub_c_episode.referral.refresh_from_db()
    hub_c_episode.refresh_from_db()
    assert hub_c_episode.referral.first_assessed_at == first
    assert hub_c_episode.first_assessed_at == first


def test_two_stage_a_practitioner_does_the_shorter_assessment_then_in_depth_follows(
    hub_c, make_staff, signed_in
):
    practitioner = make_staff(hub_c, Role.PRACTITIONER)
    episode = make_episode(hub_c, practitioner)
    client = signed_in(practitioner)
    page = client.get(url("assessment_new", episode)).content.decode()
    assert "Shorter assessment (first stage)" in page
    assert "In-depth assessment" not in page.split("Type of assessment")[1].split("</fieldset>")[0]
    response = client.post(
        url("assessment_new", episode),
        {
            "kind": "brief",
            "assessed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "mode": "virtual",
            "summary": "Needs formulation-led work",
            "outcome": "in_depth_needed",
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.WAITING_ASSESSMENT
    assert episode.first_assessed_at is not None
    # The in-depth assessment is then done by a qualified clinician.
    lead = make_staff(hub_c, Role.CLINICAL_LEAD)
    record(episode, lead)
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.WAITING_INTERVENTION
    assert list(Assessment.objects.filter(episode=episode).values_list("kind", flat=True)) == [
        "brief",
        "in_depth",
    ]


def test_in_depth_hubs_do_not_offer_a_shorter_assessment(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    episode = make_episode(hub_a, clinician)
    with pytest.raises(TransitionNotAllowed, match="two-stage hub"):
        record(episode, clinician, kind="brief", outcome="in_depth_needed")


def test_a_practitioner_in_an_in_depth_hub_is_told_who_assesses(hub_a, make_staff, signed_in):
    practitioner = make_staff(hub_a, Role.PRACTITIONER)
    episode = make_episode(hub_a, practitioner)
    response = signed_in(practitioner).get(url("assessment_new", episode), follow=True)
    assert "done by a qualified clinician" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_in_depth_assessment_needs_a_formulation(hub_a, make_staff, signed_in):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    episode = make_episode(hub_a, clinician)
    response = signed_in(clinician).post(
        url("assessment_new", episode),
        {
            "kind": "in_depth",
            "assessed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "90",
            "mode": "virtual",
            "summary": "x",
            "outcome": "plan",
        },
    )
    body = response.content.decode()
    assert "enter the presenting difficulties" in body
    assert "Select the pathway the plan starts with" in body
    assert not Assessment.objects.exists()


def test_a_pathway_the_hub_does_not_offer_is_refused(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    episode = make_episode(hub_a, clinician)
    with pytest.raises(TransitionNotAllowed, match="not offered by this hub"):
        record(episode, clinician, plan_pathway="step_4")  # Site A has no Step 4


def test_an_episode_is_assessed_only_while_waiting(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    episode = make_episode(hub_a, clinician)
    record(episode, clinician)
    with pytest.raises(TransitionNotAllowed, match="not waiting for an assessment"):
        record(episode, clinician)


@pytest.mark.hazard("HAZ-036")
def test_formulation_text_is_encrypted_at_rest(hub_a, make_staff):
    from django.db import connection

    clinician = make_staff(hub_a, Role.CLINICIAN)
    record(
        make_episode(hub_a, clinician),
        clinician,
        formulation={"presenting_difficulties": "canary-formulation-991", "goals": "g"},
        summary="canary-summary-992",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT presenting_difficulties FROM triage_formulation")
        stored = cursor.fetchone()[0]
        cursor.execute("SELECT summary FROM triage_assessment")
        summary = cursor.fetchone()[0]
    assert "canary-formulation-991" not in stored
    assert "canary-summary-992" not in summary
