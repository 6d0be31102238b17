"""Assessments of an episode of care, with their formulations: recorded by the clinician
who assessed, and moving the episode on (a plan: waiting for intervention on its pathway;
in-depth needed: waiting for the in-depth assessment; no further support: assessed)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub.models import AssessmentModel
from resiliencehub.records.models import Referral

from .models import (
    Assessment,
    AssessmentKind,
    AssessmentOutcome,
    Episode,
    EpisodeStatus,
    Formulation,
)
from .services import episode_transition, pathway_code


def assessment_record(
    episode,
    *,
    kind: str,
    assessed_at: datetime,
    duration_minutes: int,
    mode: str,
    summary: str,
    outcome: str,
    plan_pathway=None,
    plan_notes: str = "",
    formulation: dict | None = None,
    auditor: Auditor,
) -> Assessment:
    """Record an assessment (with its formulation) and move the episode on:
    a plan → waiting for intervention on the chosen pathway; in-depth needed → waiting
    for (in-depth) assessment; no further support → assessed, ready to discharge."""
    if outcome == AssessmentOutcome.IN_DEPTH_NEEDED and (
        kind != AssessmentKind.BRIEF or episode.hub.assessment_model != AssessmentModel.TWO_STAGE
    ):
        raise TransitionNotAllowed(
            "Only a shorter (first-stage) assessment in a two-stage hub can end in "
            "'in-depth assessment needed'."
        )
    plan_pathway = pathway_code(episode.hub, plan_pathway)
    if outcome == AssessmentOutcome.PLAN and not plan_pathway:
        raise TransitionNotAllowed("Choose the pathway the plan starts with.")
    with transaction.atomic():
        locked = Episode.objects.select_for_update().get(pk=episode.pk, hub_id=episode.hub_id)
        if locked.status != EpisodeStatus.WAITING_ASSESSMENT:
            raise TransitionNotAllowed(
                f"An episode that is '{EpisodeStatus(locked.status).label.lower()}' is not "
                "waiting for an assessment."
            )
        now = timezone.now()
        assessment = Assessment.objects.create(
            hub_id=locked.hub_id,
            episode=locked,
            kind=kind,
            assessed_at=assessed_at,
            duration_minutes=duration_minutes,
            mode=mode,
            assessed_by=auditor.actor,
            summary=summary,
            outcome=outcome,
            plan_pathway=plan_pathway if outcome == AssessmentOutcome.PLAN else "",
            plan_notes=plan_notes,
            recorded_at=now,
        )
        if formulation and any(formulation.values()):
            Formulation.objects.create(assessment=assessment, **formulation)
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=assessment,
            hub=locked.hub_id,
            subject_ref=client_subject(locked.client_id),
            detail={"kind": kind, "outcome": outcome},
        )
        if locked.first_assessed_at is None:
            locked.first_assessed_at = assessed_at
            locked.save(update_fields=["first_assessed_at"])
        # The public journey quotes the hub's median wait from the referral's first assessment.
        Referral.objects.filter(
            pk=locked.referral_id, hub_id=locked.hub_id, first_assessed_at__isnull=True
        ).update(first_assessed_at=assessed_at)
        episode_transition(
            locked,
            EpisodeStatus.ASSESSED,
            auditor=auditor,
            reason=AssessmentKind(kind).label,
        )
        if outcome == AssessmentOutcome.PLAN:
            episode_transition(
                locked,
                EpisodeStatus.WAITING_INTERVENTION,
                auditor=auditor,
                pathway=plan_pathway,
                reason="Plan agreed at assessment",
            )
        elif outcome == AssessmentOutcome.IN_DEPTH_NEEDED:
            episode_transition(
                locked,
                EpisodeStatus.WAITING_ASSESSMENT,
                auditor=auditor,
                reason="In-depth assessment needed",
            )
        episode.refresh_from_db()
    return assessment
