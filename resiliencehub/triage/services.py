"""Writes to the duty queue, the worklist and assessments: each in a transaction, audited,
with an immutable status row."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub.models import AssessmentModel, DutyShift, ScreeningMode
from resiliencehub.intake.services import referral_transition
from resiliencehub.records.models import (
    AlertStatus,
    Referral,
    ReferralStatus,
    RiskAlert,
    RiskAlertEvent,
)

from .models import (
    Assessment,
    AssessmentKind,
    AssessmentOutcome,
    ContactAttempt,
    Formulation,
    RiskAssessment,
)

__all__ = ["TransitionNotAllowed"]


def _subject(client_id) -> str:
    return f"client:{client_id}" if client_id else ""


# --- the duty workflow: acknowledge → contact attempts → risk assessment → closed -------

ALERT_TRANSITIONS = {
    AlertStatus.OPEN: {AlertStatus.ACKNOWLEDGED},
    AlertStatus.ACKNOWLEDGED: {AlertStatus.CONTACTING, AlertStatus.ASSESSED},
    AlertStatus.CONTACTING: {AlertStatus.CONTACTING, AlertStatus.ASSESSED, AlertStatus.CLOSED},
    AlertStatus.ASSESSED: {AlertStatus.CLOSED},
    AlertStatus.CLOSED: set(),
}
_WHY_NOT = {
    AlertStatus.OPEN: "Acknowledge the alert first.",
    AlertStatus.ACKNOWLEDGED: "Record a contact attempt or a risk assessment first.",
    AlertStatus.ASSESSED: "The risk assessment is already recorded.",
    AlertStatus.CLOSED: "The alert is closed.",
}


def _alert_move(alert: RiskAlert, to_status: AlertStatus, *, auditor: Auditor, note: str = ""):
    """Lock the alert, check the transition, write the event row; returns the locked alert."""
    locked = RiskAlert.objects.select_for_update().get(pk=alert.pk, hub_id=alert.hub_id)
    current = AlertStatus(locked.status)
    # Someone who left no name and no number cannot be contacted: once acknowledged, the
    # alert is closed with a note of what was done instead (HAZ-041).
    uncontactable_close = (
        current == AlertStatus.ACKNOWLEDGED
        and to_status == AlertStatus.CLOSED
        and not locked.can_be_contacted
    )
    if to_status not in ALERT_TRANSITIONS[current] and not uncontactable_close:
        raise TransitionNotAllowed(
            f"An alert that is '{current.label.lower()}' cannot become "
            f"'{AlertStatus(to_status).label.lower()}'. {_WHY_NOT.get(current, '')}".strip()
        )
    now = timezone.now()
    RiskAlertEvent.objects.create(
        alert=locked,
        status=to_status,
        occurred_at=now,
        actor=auditor.actor,
        actor_label=auditor.actor_label,
        note=note,
    )
    locked.status = to_status
    return locked, now


def alert_acknowledge(alert: RiskAlert, *, auditor: Auditor) -> RiskAlert:
    with transaction.atomic():
        locked, now = _alert_move(alert, AlertStatus.ACKNOWLEDGED, auditor=auditor)
        locked.acknowledged_at = now
        locked.acknowledged_by = auditor.actor
        locked.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=_subject(locked.client_id),
            detail={"status": [AlertStatus.OPEN.value, AlertStatus.ACKNOWLEDGED.value]},
        )
    return locked


def contact_attempt_record(
    alert: RiskAlert,
    *,
    attempted_at: datetime,
    method: str,
    outcome: str,
    note: str = "",
    auditor: Auditor,
) -> ContactAttempt:
    """Record one attempt to reach the client. After the risk assessment, further
    attempts are still recorded (follow-up calls) without changing the status."""
    with transaction.atomic():
        current = RiskAlert.objects.select_for_update().get(pk=alert.pk, hub_id=alert.hub_id)
        if current.status == AlertStatus.ASSESSED:
            locked = current
        else:
            locked, _ = _alert_move(
                current, AlertStatus.CONTACTING, auditor=auditor, note="Contact attempt recorded."
            )
            locked.save(update_fields=["status"])
        attempt = ContactAttempt.objects.create(
            alert=locked,
            attempted_at=attempted_at,
            method=method,
            outcome=outcome,
            note=note,
            recorded_by=auditor.actor,
            recorded_at=timezone.now(),
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=attempt,
            hub=locked.hub_id,
            subject_ref=_subject(locked.client_id),
            detail={"method": method, "outcome": outcome},
        )
    return attempt


def risk_assessment_record(alert: RiskAlert, *, auditor: Auditor, **fields) -> RiskAssessment:
    """The structured risk assessment: thoughts, intent, plan, means, protective factors,
    level and actions."""
    with transaction.atomic():
        locked, now = _alert_move(alert, AlertStatus.ASSESSED, auditor=auditor)
        locked.save(update_fields=["status"])
        assessment = RiskAssessment.objects.create(
            hub_id=locked.hub_id,
            alert=locked,
            client_id=locked.client_id,
            assessed_at=now,
            assessed_by=auditor.actor,
            **fields,
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=assessment,
            hub=locked.hub_id,
            subject_ref=_subject(locked.client_id),
            detail={"level": assessment.level, "actions": list(assessment.actions)},
        )
    return assessment


def alert_close(alert: RiskAlert, *, note: str, auditor: Auditor) -> RiskAlert:
    """Close an alert once assessed, or after contact attempts that did not reach the
    client (the note says what was done instead)."""
    with transaction.atomic():
        locked, now = _alert_move(alert, AlertStatus.CLOSED, auditor=auditor, note=note)
        locked.closed_at = now
        locked.save(update_fields=["status", "closed_at"])
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=_subject(locked.client_id),
            detail={"status": "closed"},
        )
    return locked


# --- the duty rota -----------------------------------------------------------------------


def duty_shift_add(hub, *, day, clinician, auditor: Auditor) -> DutyShift:
    with transaction.atomic():
        shift, _ = DutyShift.objects.get_or_create(hub=hub, day=day, clinician=clinician)
        auditor.record(
            AuditAction.HUB_CONFIG_CHANGED,
            obj=shift,
            hub=hub,
            detail={"duty_shift": "added", "day": day.isoformat(), "clinician": clinician.pk},
        )
    return shift


def duty_shift_remove(shift: DutyShift, *, auditor: Auditor) -> None:
    with transaction.atomic():
        auditor.record(
            AuditAction.HUB_CONFIG_CHANGED,
            obj=shift,
            hub=shift.hub_id,
            detail={
                "duty_shift": "removed",
                "day": shift.day.isoformat(),
                "clinician": shift.clinician_id,
            },
        )
        DutyShift.objects.filter(pk=shift.pk, hub_id=shift.hub_id).delete()


# --- the worklist: accept, decline, merge ------------------------------------------------


class DeclineReason:
    OUT_OF_SCOPE = "out_of_scope"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    OTHER = "other"
    CHOICES = [
        (OUT_OF_SCOPE, "Out of scope for this hub"),
        (REFERRED_ELSEWHERE, "Referred elsewhere"),
        (OTHER, "Another reason"),
    ]


def needs_questionnaires_first(referral: Referral) -> bool:
    """A referral-first hub sends its questionnaires once it accepts a referral. The
    questions about the person and their work, asked with the referral itself, are not
    the questionnaires."""
    from resiliencehub.intake.selectors import questionnaires_answered

    return (
        referral.hub.screening_mode == ScreeningMode.REFERRAL_FIRST
        and referral.status == ReferralStatus.SUBMITTED
        and not questionnaires_answered(referral)
    )


@dataclass(frozen=True)
class Accepted:
    episode: object
    questionnaires_sent: bool
    note: str = ""
    phone_link: object = None
    """The questionnaires link to give a client who may not be emailed, on a phone call."""


def referral_accept(referral: Referral, *, auditor: Auditor, allocate_to=None) -> Accepted:
    """Accept a new referral and open its episode of care (waiting for assessment).

    On a referral-first hub a referral with no questionnaires yet becomes "accepted,
    questionnaires sent": a client who agreed to email is emailed the link by the intake
    service; anyone else must be phoned, and the link is returned for staff to give then.
    """
    from resiliencehub.episodes.services import episode_allocate, episode_open
    from resiliencehub.intake.services import questionnaire_invitation_send

    invitation = None
    with transaction.atomic():
        if needs_questionnaires_first(referral):
            invitation = questionnaire_invitation_send(referral, auditor=auditor)
        else:
            referral_transition(
                referral, ReferralStatus.ACCEPTED, auditor=auditor, reason="Accepted"
            )
        episode = episode_open(referral, auditor=auditor)
        if allocate_to is not None and episode.case_holder_id != allocate_to.pk:
            episode_allocate(episode, allocate_to, auditor=auditor)
    if invitation is None:
        return Accepted(episode, False)
    if invitation.emailed:
        return Accepted(episode, True)
    return Accepted(episode, False, phone_link=invitation.link)


def referral_decline(referral: Referral, *, reason: str, note: str, auditor: Auditor):
    label = dict(DeclineReason.CHOICES)[reason]
    text = f"{label}. {note}".strip() if note else label
    return referral_transition(referral, ReferralStatus.DECLINED, auditor=auditor, reason=text)


def referral_merge(duplicate: Referral, *, into: Referral, auditor: Auditor, note: str = ""):
    """Merge a duplicate referral into the existing record: the duplicate is kept, linked
    and closed, so nothing the client told us is lost (ADR 0022)."""
    if into.pk == duplicate.pk:
        raise TransitionNotAllowed("A referral cannot be merged into itself.")
    if into.hub_id != duplicate.hub_id:
        raise TransitionNotAllowed("That referral is not in this hub.")
    if into.status == ReferralStatus.MERGED:
        raise TransitionNotAllowed(
            f"{into.reference} was itself merged; merge into {into.merged_into} instead."
        )
    with transaction.atomic():
        change = referral_transition(
            duplicate,
            ReferralStatus.MERGED,
            auditor=auditor,
            reason=f"Duplicate of {into.reference}. {note}".strip(),
        )
        Referral.objects.filter(pk=duplicate.pk, hub_id=duplicate.hub_id).update(merged_into=into)
        duplicate.merged_into = into
    return change


# --- assessment -------------------------------------------------------------------------


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
    from resiliencehub.episodes.models import Episode, EpisodeStatus
    from resiliencehub.episodes.services import episode_transition

    if outcome == AssessmentOutcome.IN_DEPTH_NEEDED and (
        kind != AssessmentKind.BRIEF or episode.hub.assessment_model != AssessmentModel.TWO_STAGE
    ):
        raise TransitionNotAllowed(
            "Only a shorter (first-stage) assessment in a two-stage hub can end in "
            "'in-depth assessment needed'."
        )
    from resiliencehub.episodes.services import pathway_code

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
            subject_ref=_subject(locked.client_id),
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
