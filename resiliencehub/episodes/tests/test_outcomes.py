"""NHS Talking Therapies outcome flags at discharge, from the questionnaire library."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import outcomes, services
from resiliencehub.episodes.models import MeasureStage
from resiliencehub.episodes.tests.factories import (
    auditor_for,
    gad7_total,
    make_episode,
    make_screening,
    phq9_total,
)

pytestmark = pytest.mark.hazard("HAZ-008")
START = datetime(2026, 1, 1, 9, tzinfo=UTC)


@dataclass
class R:
    """A stand-in for a stored response: what the pairing rules read."""

    instrument_id: str
    total: int | None
    day: int
    pk: int = 0

    @property
    def completed_at(self):
        return START + timedelta(days=self.day)


def test_finished_treatment_needs_two_attended_sessions():
    assert not outcomes.outcome_from([], [], 1).finished_treatment
    assert outcomes.outcome_from([], [], 2).finished_treatment


@pytest.mark.hazard("HAZ-038")
def test_the_first_score_may_be_the_screening_and_the_last_must_be_from_the_episode():
    baseline = [R("PHQ-9", 15, 0), R("GAD-7", 12, 0)]
    during = [R("PHQ-9", 8, 20), R("GAD-7", 5, 20)]
    result = outcomes.outcome_from(baseline, during, 4)
    assert result.pairs["PHQ-9"] == (baseline[0], during[0])
    flags = result.flags
    assert flags.caseness_at_start
    assert flags.recovery
    assert flags.reliable_improvement
    assert not flags.reliable_deterioration
    assert flags.reliable_recovery
    assert result.note == "From PHQ-9 15 to 8 (-7) and GAD-7 12 to 5 (-7)."


@pytest.mark.hazard("HAZ-038")
def test_screening_scores_alone_give_no_outcome():
    baseline = [R("PHQ-9", 15, 0), R("GAD-7", 12, 0), R("PHQ-9", 5, 3), R("GAD-7", 3, 3)]
    result = outcomes.outcome_from(baseline, [], 3)
    assert result.flags is None
    assert result.note == (
        "Not computed: no PHQ-9 score after the first one (15 on 1 January 2026); "
        "no GAD-7 score after the first one (12 on 1 January 2026)."
    )


@pytest.mark.hazard("HAZ-038")
def test_a_single_administration_is_not_paired_with_itself():
    only = [R("PHQ-9", 15, 5), R("GAD-7", 12, 5)]
    result = outcomes.outcome_from([], only, 3)
    assert result.flags is None


@pytest.mark.hazard("HAZ-038")
def test_a_missing_gad7_is_named():
    result = outcomes.outcome_from([R("PHQ-9", 15, 0)], [R("PHQ-9", 4, 9)], 3)
    assert result.flags is None
    assert result.note == "Not computed: no GAD-7 score."


def test_incomplete_administrations_are_skipped():
    baseline = [R("PHQ-9", None, 0), R("PHQ-9", 16, 1), R("GAD-7", 9, 1)]
    during = [R("PHQ-9", 17, 10), R("GAD-7", 9, 10), R("PHQ-9", None, 11)]
    result = outcomes.outcome_from(baseline, during, 2)
    assert result.pairs["PHQ-9"][0].total == 16
    assert result.pairs["PHQ-9"][1].total == 17


def test_deterioration_and_no_caseness():
    result = outcomes.outcome_from(
        [R("PHQ-9", 4, 0), R("GAD-7", 3, 0)], [R("PHQ-9", 11, 9), R("GAD-7", 3, 9)], 3
    )
    assert not result.flags.caseness_at_start
    assert result.flags.recovery is None
    assert result.flags.reliable_recovery is None
    assert result.flags.reliable_deterioration
    assert not result.flags.reliable_improvement


def test_too_few_sessions_are_noted_but_flags_still_computed():
    result = outcomes.outcome_from(
        [R("PHQ-9", 15, 0), R("GAD-7", 12, 0)], [R("PHQ-9", 8, 9), R("GAD-7", 5, 9)], 1
    )
    assert result.flags is not None
    assert "Did not finish treatment" in result.note


@pytest.mark.django_db
def test_discharge_fixes_the_flags_on_the_episode(hub_a, make_staff):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    who = auditor_for(clinician)
    episode = make_episode(hub_a, clinician)
    make_screening(episode.referral, {"PHQ-9": phq9_total(18), "GAD-7": gad7_total(14)})
    services.episode_transition(episode, "referred_on", auditor=who)
    services.episode_transition(episode, "in_intervention", pathway="step_3", auditor=who)
    for days in (20, 10):
        appointment = services.appointment_book(
            episode,
            clinician=clinician,
            starts_at=timezone.now() - timedelta(days=days),
            duration_minutes=50,
            kind="treatment",
            mode="virtual",
            auditor=who,
        )
        services.appointment_outcome_record(appointment, "attended", auditor=who)
    for instrument, answers in (("PHQ-9", phq9_total(6)), ("GAD-7", gad7_total(5))):
        services.session_measure_record(
            episode, instrument, answers, stage=MeasureStage.CLOSING, auditor=who
        )
    services.episode_discharge(episode, reason="completed", auditor=who)
    assert episode.treatment_sessions == 2
    assert episode.finished_treatment
    assert episode.caseness_at_start
    assert episode.recovery
    assert episode.reliable_improvement
    assert episode.reliable_recovery
    assert episode.reliable_deterioration is False
    assert episode.discharge_reason == "completed"
