"""Writes to the duty queue, the worklist and assessments: each in a transaction, audited,
with an immutable status row."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes.handoff import episode_allocate, episode_open
from resiliencehub.hub.models import DutyShift, ScreeningMode
from resiliencehub.intake.handoff import questionnaire_invitation_send, questionnaires_answered
from resiliencehub.records.alerts import RISK_ALERT
from resiliencehub.records.models import AlertStatus, Referral, ReferralStatus, RiskAlert
from resiliencehub.records.referrals import referral_transition

from .models import ContactAttempt, RiskAssessment


def alert_acknowledge(alert: RiskAlert, *, auditor: Auditor) -> RiskAlert:
    return RISK_ALERT.move(alert, AlertStatus.ACKNOWLEDGED, auditor=auditor).record


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
    detail = {"method": method, "outcome": outcome}

    def attempt_on(locked) -> ContactAttempt:
        return ContactAttempt.objects.create(
            alert=locked,
            attempted_at=attempted_at,
            method=method,
            outcome=outcome,
            note=note,
            recorded_by=auditor.actor,
            recorded_at=timezone.now(),
        )

    def then(step) -> ContactAttempt:
        attempt = attempt_on(step.record)
        step.audit_as(AuditAction.RECORD_CREATED, obj=attempt, detail=detail)
        return attempt

    with transaction.atomic():
        current = RiskAlert.objects.select_for_update().get(pk=alert.pk, hub_id=alert.hub_id)
        if current.status != AlertStatus.ASSESSED:
            return RISK_ALERT.move(
                current,
                AlertStatus.CONTACTING,
                auditor=auditor,
                reason="Contact attempt recorded.",
                then=then,
            ).result
        # A follow-up call after the assessment: the same event, with no move.
        attempt = attempt_on(current)
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=attempt,
            hub=current.hub_id,
            subject_ref=client_subject(current.client_id),
            detail={**detail, "event": RISK_ALERT.events[AlertStatus.CONTACTING]},
        )
    return attempt


def risk_assessment_record(alert: RiskAlert, *, auditor: Auditor, **fields) -> RiskAssessment:
    """The structured risk assessment: thoughts, intent, plan, means, protective factors,
    level and actions."""

    def then(step) -> RiskAssessment:
        assessment = RiskAssessment.objects.create(
            hub_id=step.record.hub_id,
            alert=step.record,
            client_id=step.record.client_id,
            assessed_at=step.at,
            assessed_by=auditor.actor,
            **fields,
        )
        detail = {"level": assessment.level, "actions": list(assessment.actions)}
        step.audit_as(AuditAction.RECORD_CREATED, obj=assessment, detail=detail)
        return assessment

    return RISK_ALERT.move(alert, AlertStatus.ASSESSED, auditor=auditor, then=then).result


def alert_close(alert: RiskAlert, *, note: str, auditor: Auditor) -> RiskAlert:
    """Close an alert once assessed, or after contact attempts that did not reach the
    client (the note says what was done instead)."""
    step = RISK_ALERT.move(
        alert,
        AlertStatus.CLOSED,
        auditor=auditor,
        reason=note,
        then=lambda step: step.audit_as(detail={"status": "closed"}),
    )
    return step.record


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
