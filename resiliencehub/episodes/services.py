"""Writes to episodes of care: each in a transaction, audited, with immutable status rows.

Views and forms call these; none of them saves a clinical model directly.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.crypto import email_lookup
from resiliencehub.core.workflow import Guard, TransitionNotAllowed, Workflow
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.intake.services import measure_response_record
from resiliencehub.records.alerts import refuse_while_alerts_open
from resiliencehub.records.links import link_find, link_issue, link_token, link_use
from resiliencehub.records.models import (
    ResponseSource,
)
from resiliencehub.records.selectors import may_email

from . import outcomes
from .models import (
    EVENING_FROM_HOUR,
    MEASURE_LINK_DAYS,
    Allocation,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    DirectoryService,
    Episode,
    EpisodeStatus,
    EpisodeStatusChange,
    GroupAttendance,
    GroupMember,
    GroupProgramme,
    GroupSession,
    MeasureInvitation,
    MeasureStage,
    OnwardReferral,
    OnwardStatus,
    OnwardStatusChange,
    SessionMeasure,
    SessionNote,
    SupervisionNote,
)
from .tasks import send_measure_link_email

__all__ = ["TransitionNotAllowed"]

S = EpisodeStatus
EPISODE_TRANSITIONS = {
    S.WAITING_ASSESSMENT: {S.ASSESSED, S.REFERRED_ON, S.DISCHARGED},
    S.ASSESSED: {S.WAITING_ASSESSMENT, S.WAITING_INTERVENTION, S.REFERRED_ON, S.DISCHARGED},
    S.WAITING_INTERVENTION: {S.IN_INTERVENTION, S.REFERRED_ON, S.DISCHARGED},
    S.IN_INTERVENTION: {S.STEPPED_UP, S.STEPPED_DOWN, S.REFERRED_ON, S.DISCHARGED},
    S.STEPPED_UP: {S.WAITING_INTERVENTION, S.IN_INTERVENTION, S.REFERRED_ON, S.DISCHARGED},
    S.STEPPED_DOWN: {S.WAITING_INTERVENTION, S.IN_INTERVENTION, S.REFERRED_ON, S.DISCHARGED},
    S.REFERRED_ON: {S.WAITING_INTERVENTION, S.IN_INTERVENTION, S.DISCHARGED},
    S.DISCHARGED: set(),
}
NEEDS_PATHWAY = {S.WAITING_INTERVENTION, S.IN_INTERVENTION, S.STEPPED_UP, S.STEPPED_DOWN}
ENDS_CARE = {S.REFERRED_ON: "referred on", S.DISCHARGED: "discharged"}
"""Steps that end the hub's care, refused while a risk alert about the client is open."""
CASE_HOLDER_ROLES = (Role.CLINICIAN, Role.PRACTITIONER, Role.CLINICAL_LEAD)


def _subject(episode) -> str:
    return f"client:{episode.client_id}"


def _lock(episode) -> Episode:
    return Episode.objects.select_for_update().get(pk=episode.pk, hub_id=episode.hub_id)


def pathway_code(hub, pathway) -> str:
    """The pathway code from a code or a PathwayOffer, checked against the hub's offer."""
    if pathway in (None, ""):
        return ""
    code = getattr(pathway, "pathway", pathway)
    if (
        getattr(pathway, "hub_id", hub.pk) != hub.pk
        or not hub.pathways.filter(pathway=code).exists()
    ):
        raise TransitionNotAllowed("That pathway is not offered by this hub.")
    return code


def allowed_next_statuses(episode) -> list[EpisodeStatus]:
    """Where the episode may go from here by a plain status change (discharge has its own
    page, and assessment is recorded on the assessment page)."""
    return [
        status
        for status in EpisodeStatus
        if status in EPISODE_TRANSITIONS[EpisodeStatus(episode.status)]
        and status not in (S.DISCHARGED, S.ASSESSED)
    ]


def _discharged_from_the_discharge_page(step) -> None:
    if not step.options.get("discharging"):
        raise TransitionNotAllowed("Discharge from the discharge page, with its outcomes.")


def _no_open_risk_alert(step) -> None:
    refuse_while_alerts_open(step.record.client, f"The client cannot be {ENDS_CARE[step.target]}")


def _pathway_offered(step) -> None:
    """Every move may name the pathway step; it must be one the hub offers."""
    step.options["pathway"] = pathway_code(step.record.hub, step.options.get("pathway"))


def _a_different_pathway_step(step) -> None:
    if not step.options["pathway"]:
        raise TransitionNotAllowed("Choose the pathway step the client moves to.")
    if step.options["pathway"] == step.record.pathway:
        raise TransitionNotAllowed("Stepping up or down needs a different pathway step.")


def _a_pathway_for_the_plan(step) -> None:
    if not step.options["pathway"] and not step.record.pathway:
        raise TransitionNotAllowed("Choose the pathway for this step of the plan.")


def _episode_row_fields(step) -> dict:
    """The status row names the pathway step the episode is on after the move."""
    pathway = step.options["pathway"]
    return {"pathway": pathway or (step.record.pathway if step.target in NEEDS_PATHWAY else "")}


def _episode_updates(step) -> dict:
    fields = {}
    if step.options["pathway"]:
        fields["pathway"] = step.options["pathway"]
    if step.target == S.IN_INTERVENTION and step.record.first_intervention_at is None:
        fields["first_intervention_at"] = step.at
    return fields


EPISODE = Workflow(
    "episode",
    model=Episode,
    states=EpisodeStatus,
    moves=EPISODE_TRANSITIONS,
    opened="episode.opened",
    events={
        S.WAITING_ASSESSMENT: "episode.waiting_assessment",
        S.ASSESSED: "episode.assessed",
        S.WAITING_INTERVENTION: "episode.waiting_intervention",
        S.IN_INTERVENTION: "episode.in_intervention",
        S.STEPPED_UP: "episode.stepped_up",
        S.STEPPED_DOWN: "episode.stepped_down",
        S.REFERRED_ON: "episode.referred_on",
        S.DISCHARGED: "episode.discharged",
    },
    refusal=lambda current, target: (
        f"An episode that is '{current.label.lower()}' cannot become '{target.label.lower()}'."
    ),
    guards=(
        Guard(_discharged_from_the_discharge_page, to={S.DISCHARGED}),
        Guard(_no_open_risk_alert, to=ENDS_CARE),
        Guard(_pathway_offered),
        Guard(_a_different_pathway_step, to={S.STEPPED_UP, S.STEPPED_DOWN}),
        Guard(_a_pathway_for_the_plan, to=NEEDS_PATHWAY),
    ),
    status_rows=EpisodeStatusChange,
    row_link="episode",
    row_fields=_episode_row_fields,
    updates=_episode_updates,
    subject=_subject,
)
"""The episode of care: moves are refused while a risk alert is open if they end the care,
and need a pathway step the hub offers once the plan is under way (ADR 0023)."""


def episode_open(referral, *, auditor: Auditor) -> Episode:
    """The episode of care for an accepted referral (one per referral)."""
    with transaction.atomic():
        existing = Episode.objects.filter(referral=referral).first()
        if existing is not None:
            return existing
        now = timezone.now()
        episode = Episode.objects.create(
            hub_id=referral.hub_id,
            client_id=referral.client_id,
            referral=referral,
            status=S.WAITING_ASSESSMENT,
            opened_at=now,
        )
        EpisodeStatusChange.record(
            auditor,
            at=now,
            episode=episode,
            from_status="",
            to_status=S.WAITING_ASSESSMENT,
            reason="Referral accepted",
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=episode,
            hub=episode.hub_id,
            subject_ref=_subject(episode),
            detail={"event": EPISODE.opened},
        )
    return episode


def episode_transition(
    episode: Episode,
    to_status: EpisodeStatus,
    *,
    auditor: Auditor,
    reason: str = "",
    pathway=None,
    _discharging: bool = False,
) -> EpisodeStatusChange:
    """Move an episode to `to_status` with an immutable row (who, when, why, which step)."""
    step = EPISODE.move(
        episode,
        to_status,
        auditor=auditor,
        reason=reason,
        pathway=pathway,
        discharging=_discharging,
    )
    return step.change


def episode_allocate(episode: Episode, case_holder, *, auditor: Auditor) -> Allocation:
    if hub_selectors.hub_member(episode.hub, case_holder.pk, CASE_HOLDER_ROLES) is None:
        raise TransitionNotAllowed("Cases can only be allocated to a clinician or practitioner.")
    with transaction.atomic():
        locked = _lock(episode)
        if not locked.is_open:
            raise TransitionNotAllowed("A discharged episode cannot be allocated.")
        now = timezone.now()
        allocation = Allocation.objects.create(
            episode=locked,
            case_holder=case_holder,
            allocated_at=now,
            allocated_by=auditor.actor,
            actor_label=auditor.actor_label,
        )
        Episode.objects.filter(pk=locked.pk, hub_id=locked.hub_id).update(
            case_holder=case_holder, allocated_at=now
        )
        episode.case_holder, episode.allocated_at = case_holder, now
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=_subject(locked),
            detail={"case_holder": case_holder.pk},
        )
    return allocation


def client_contact_update(client, *, auditor: Auditor, **fields) -> None:
    """Contact details and preferences (administrators manage these)."""
    from resiliencehub.records.models import Client

    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk, hub_id=client.hub_id)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name, value in fields.items():
            setattr(locked, name, value)
            setattr(client, name, value)
        if "email" in changed:
            locked.email_lookup = email_lookup(fields["email"]) if fields["email"] else ""
            changed.append("email_lookup")
        if changed:
            locked.save(update_fields=changed)
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=f"client:{locked.pk}",
            detail={"changed": sorted(changed)},
        )


# --- appointments, notes, measures --------------------------------------------------------


def appointment_book(
    episode: Episode,
    *,
    clinician,
    starts_at: datetime,
    duration_minutes: int,
    kind: str,
    mode: str,
    auditor: Auditor,
) -> Appointment:
    if not episode.is_open:
        raise TransitionNotAllowed("Appointments cannot be booked in a discharged episode.")
    if hub_selectors.hub_member(episode.hub, clinician.pk, CASE_HOLDER_ROLES) is None:
        raise TransitionNotAllowed("Appointments are with a clinician or practitioner of the hub.")
    with transaction.atomic():
        appointment = Appointment.objects.create(
            hub_id=episode.hub_id,
            episode=episode,
            clinician=clinician,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            kind=kind,
            mode=mode,
            is_evening=timezone.localtime(starts_at).hour >= EVENING_FROM_HOUR,
            booked_at=timezone.now(),
            booked_by=auditor.actor,
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=appointment,
            hub=episode.hub_id,
            subject_ref=_subject(episode),
            detail={"kind": kind, "mode": mode},
        )
    return appointment


def appointment_outcome_record(appointment: Appointment, status: str, *, auditor: Auditor):
    """Attended, did not attend, or cancelled (by the client or the hub). The first
    attended treatment session starts the intervention."""
    status = AppointmentStatus(status)
    if status == AppointmentStatus.BOOKED:
        raise TransitionNotAllowed("Choose what happened to the appointment.")
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(
            pk=appointment.pk, hub_id=appointment.hub_id
        )
        if locked.status != AppointmentStatus.BOOKED:
            raise TransitionNotAllowed(
                "This appointment's outcome is already recorded as "
                f"'{AppointmentStatus(locked.status).label.lower()}'."
            )
        locked.status = status
        locked.outcome_recorded_at = timezone.now()
        locked.save(update_fields=["status", "outcome_recorded_at"])
        appointment.status = status
        episode = locked.episode
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=_subject(episode),
            detail={"status": status.value},
        )
        if status == AppointmentStatus.ATTENDED and locked.kind == AppointmentKind.TREATMENT:
            if episode.status in (S.WAITING_INTERVENTION, S.STEPPED_UP, S.STEPPED_DOWN):
                episode_transition(
                    episode,
                    S.IN_INTERVENTION,
                    auditor=auditor,
                    reason="Treatment session attended",
                )
            if episode.first_intervention_at is None:
                Episode.objects.filter(pk=episode.pk, hub_id=episode.hub_id).update(
                    first_intervention_at=locked.starts_at
                )
    return locked


def session_note_add(episode: Episode, *, text: str, auditor: Auditor, appointment=None):
    with transaction.atomic():
        note = SessionNote.objects.create(
            hub_id=episode.hub_id,
            episode=episode,
            appointment=appointment,
            author=auditor.actor,
            written_at=timezone.now(),
            text=text,
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=note,
            hub=episode.hub_id,
            subject_ref=_subject(episode),
        )
    return note


def supervision_note_add(episode: Episode, *, text: str, auditor: Auditor) -> SupervisionNote:
    with transaction.atomic():
        note = SupervisionNote.objects.create(
            hub_id=episode.hub_id,
            episode=episode,
            author=auditor.actor,
            written_at=timezone.now(),
            text=text,
        )
        auditor.record(
            AuditAction.RECORD_CREATED, obj=note, hub=episode.hub_id, subject_ref=_subject(episode)
        )
    return note


def session_measure_record(
    episode: Episode,
    instrument: str,
    answers: dict,
    *,
    stage: str = MeasureStage.SESSION,
    appointment=None,
    source: str = ResponseSource.CLINICIAN,
    auditor: Auditor,
    completed_at=None,
):
    """Score and store a session measure through the intake service (which raises a duty
    alert in the same transaction on a risk answer) and link it to the episode."""
    if not episode.is_open:
        raise TransitionNotAllowed("Measures cannot be added to a discharged episode.")
    with transaction.atomic():
        # Locked so that a risk answer and a discharge cannot cross (HAZ-042): either the
        # alert is raised first and the discharge is refused, or the episode is closed.
        if not _lock(episode).is_open:
            raise TransitionNotAllowed("Measures cannot be added to a discharged episode.")
        recorded = measure_response_record(
            episode.hub,
            instrument,
            answers,
            auditor=auditor,
            source=source,
            client=episode.client,
            referral=episode.referral,
            completed_at=completed_at,
        )
        SessionMeasure.objects.create(
            hub_id=episode.hub_id,
            episode=episode,
            response=recorded.response,
            appointment=appointment,
            stage=stage,
        )
    return recorded


def measure_invitation_token(invitation: MeasureInvitation) -> str:
    """The link's token, rebuilt from the row and the server's secret key."""
    return link_token(invitation)


def client_can_be_emailed(episode: Episode) -> bool:
    """The client agreed to email and gave an address (safe-contact preferences)."""
    return may_email(episode.client)


def measure_invitation_create(
    episode: Episode, instruments: list[str], *, auditor: Auditor, send_email: bool = False
) -> tuple[MeasureInvitation, str]:
    """A single-use link for the client to complete measures; returns (row, token).

    With `send_email`, the link is emailed to the client by the task worker; the task is
    queued in this transaction, so a link is never created without its email, or emailed
    for a link that was rolled back.
    """
    if not episode.is_open:
        raise TransitionNotAllowed("Measures cannot be sent in a discharged episode.")
    if send_email and not client_can_be_emailed(episode):
        raise TransitionNotAllowed(
            "The client has not agreed to be emailed, or we have no email address for them."
        )
    with transaction.atomic():
        invitation, token = link_issue(
            MeasureInvitation,
            MeasureInvitation.PURPOSE,
            timedelta(days=MEASURE_LINK_DAYS),
            hub_id=episode.hub_id,
            episode=episode,
            email_requested=send_email,
            instruments=list(instruments),
            created_by=auditor.actor,
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=invitation,
            hub=episode.hub_id,
            subject_ref=_subject(episode),
            detail={"instruments": list(instruments), "emailed": send_email},
        )
        if send_email:
            send_measure_link_email.enqueue(invitation.pk)
    return invitation, token


def measure_invitation_open(token: str) -> MeasureInvitation | None:
    """The live invitation for a token, or None (unknown, used, expired, or its episode
    closed)."""
    invitation = link_find(
        MeasureInvitation.objects.select_related("hub", "episode"),
        MeasureInvitation.PURPOSE,
        token,
    )
    if invitation is None or not invitation.episode.is_open:
        return None
    return invitation


def measure_invitation_complete(
    invitation: MeasureInvitation, answers_by_instrument: dict, *, auditor: Auditor
) -> list:
    with transaction.atomic():
        if not link_use(invitation):
            raise TransitionNotAllowed("These questionnaires have already been sent.")
        return [
            session_measure_record(
                invitation.episode,
                instrument,
                answers_by_instrument[instrument],
                source=ResponseSource.CLIENT,
                auditor=auditor,
            )
            for instrument in invitation.instruments
        ]


# --- onward referral ----------------------------------------------------------------------

ONWARD_TRANSITIONS = {
    OnwardStatus.SENT: {OnwardStatus.ACCEPTED, OnwardStatus.DECLINED},
    OnwardStatus.ACCEPTED: {OnwardStatus.STARTED, OnwardStatus.DECLINED},
    OnwardStatus.DECLINED: set(),
    OnwardStatus.STARTED: set(),
}
ONWARD_REFERRAL = Workflow(
    "onward_referral",
    model=OnwardReferral,
    states=OnwardStatus,
    moves=ONWARD_TRANSITIONS,
    opened="onward_referral.sent",
    events={
        OnwardStatus.ACCEPTED: "onward_referral.accepted",
        OnwardStatus.DECLINED: "onward_referral.declined",
        OnwardStatus.STARTED: "onward_referral.started",
    },
    refusal=lambda current, target: (
        f"An onward referral that is '{current.label.lower()}' cannot become "
        f"'{target.label.lower()}'."
    ),
    status_rows=OnwardStatusChange,
    row_link="onward_referral",
    subject=lambda onward: f"client:{onward.episode.client_id}",
)


def onward_referral_send(
    episode: Episode,
    *,
    service: DirectoryService,
    consent_given: bool,
    shared_items: list[str],
    advocacy_contact: str = "",
    message: str = "",
    mark_referred_on: bool = True,
    auditor: Auditor,
) -> OnwardReferral:
    """Refer the client on, with their consent, sharing only what they agreed to."""
    if not consent_given:
        raise TransitionNotAllowed("An onward referral needs the client's consent.")
    if service.hub_id != episode.hub_id:
        raise TransitionNotAllowed("That service is not in this hub's directory.")
    if not episode.is_open:
        raise TransitionNotAllowed("A discharged episode cannot be referred on.")
    with transaction.atomic():
        locked = _lock(episode)
        refuse_while_alerts_open(locked.client, "The client cannot be referred on")
        now = timezone.now()
        onward = OnwardReferral.objects.create(
            hub_id=episode.hub_id,
            episode=episode,
            service=service,
            status=OnwardStatus.SENT,
            consent_given=True,
            consent_recorded_at=now,
            shared_items=list(shared_items),
            advocacy_contact=advocacy_contact,
            message=message,
            sent_at=now,
            created_by=auditor.actor,
        )
        OnwardStatusChange.record(
            auditor,
            at=now,
            onward_referral=onward,
            from_status="",
            to_status=OnwardStatus.SENT,
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=onward,
            hub=episode.hub_id,
            subject_ref=_subject(episode),
            detail={
                "service": service.pk,
                "shared": list(shared_items),
                "event": ONWARD_REFERRAL.opened,
            },
        )
        if mark_referred_on and S.REFERRED_ON in EPISODE_TRANSITIONS[S(episode.status)]:
            episode_transition(
                episode, S.REFERRED_ON, auditor=auditor, reason=f"Referred to {service.name}"
            )
    return onward


def onward_referral_transition(
    onward: OnwardReferral, to_status: str, *, auditor: Auditor, reason: str = ""
) -> OnwardStatusChange:
    return ONWARD_REFERRAL.move(onward, to_status, auditor=auditor, reason=reason).change


def directory_service_save(
    hub, *, auditor: Auditor, service: DirectoryService | None = None, **fields
) -> DirectoryService:
    with transaction.atomic():
        if service is None:
            service = DirectoryService.objects.create(hub=hub, **fields)
            action = AuditAction.RECORD_CREATED
        else:
            DirectoryService.objects.filter(pk=service.pk, hub=hub).update(**fields)
            for name, value in fields.items():
                setattr(service, name, value)
            action = AuditAction.RECORD_CHANGED
        auditor.record(action, obj=service, hub=hub, detail={"directory": service.name})
    return service


# --- discharge ----------------------------------------------------------------------------


def episode_discharge(
    episode: Episode, *, reason: str, note: str = "", auditor: Auditor
) -> Episode:
    """Discharge with a reason, fixing the NHS Talking Therapies outcome flags."""
    with transaction.atomic():
        locked = _lock(episode)
        outcome = outcomes.episode_outcome(locked)
        episode_transition(locked, S.DISCHARGED, auditor=auditor, reason=note, _discharging=True)
        now = timezone.now()
        flags = outcome.flags
        Episode.objects.filter(pk=locked.pk, hub_id=locked.hub_id).update(
            discharged_at=now,
            discharge_reason=reason,
            treatment_sessions=outcome.treatment_sessions,
            finished_treatment=outcome.finished_treatment,
            caseness_at_start=flags.caseness_at_start if flags else None,
            recovery=flags.recovery if flags else None,
            reliable_improvement=flags.reliable_improvement if flags else None,
            reliable_deterioration=flags.reliable_deterioration if flags else None,
            reliable_recovery=flags.reliable_recovery if flags else None,
            outcome_note=outcome.note,
        )
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=_subject(locked),
            detail={"discharged": reason, "finished_treatment": outcome.finished_treatment},
        )
    episode.refresh_from_db()
    return episode


# --- groups -------------------------------------------------------------------------------


def group_programme_create(
    hub, *, name: str, description: str, facilitator, auditor: Auditor
) -> GroupProgramme:
    with transaction.atomic():
        programme = GroupProgramme.objects.create(
            hub=hub,
            name=name,
            description=description,
            facilitator=facilitator,
            created_at=timezone.now(),
        )
        auditor.record(AuditAction.RECORD_CREATED, obj=programme, hub=hub)
    return programme


def group_session_add(
    programme: GroupProgramme, *, starts_at: datetime, mode: str, auditor: Auditor
) -> GroupSession:
    with transaction.atomic():
        session = GroupSession.objects.create(
            programme=programme,
            starts_at=starts_at,
            mode=mode,
            is_evening=timezone.localtime(starts_at).hour >= EVENING_FROM_HOUR,
        )
        auditor.record(AuditAction.RECORD_CREATED, obj=session, hub=programme.hub_id)
    return session


def group_member_add(programme: GroupProgramme, episode: Episode, *, auditor: Auditor):
    if episode.hub_id != programme.hub_id:
        raise TransitionNotAllowed("That client is not in this hub.")
    if not episode.is_open:
        raise TransitionNotAllowed("A discharged client cannot join a group.")
    with transaction.atomic():
        member, created = GroupMember.objects.get_or_create(
            programme=programme, episode=episode, defaults={"joined_at": timezone.now()}
        )
        if not created:
            raise TransitionNotAllowed("That client is already in this group.")
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=member,
            hub=programme.hub_id,
            subject_ref=_subject(episode),
        )
    return member


def group_attendance_record(
    session: GroupSession, statuses: dict[int, str], *, auditor: Auditor
) -> int:
    """Attendance for each member (member id → status); returns rows written."""
    members = {m.pk: m for m in session.programme.members.select_related("episode")}
    with transaction.atomic():
        written = 0
        now = timezone.now()
        for member_id, status in statuses.items():
            member = members.get(member_id)
            if member is None or not status:
                continue
            GroupAttendance.objects.update_or_create(
                session=session,
                member=member,
                defaults={"status": status, "recorded_by": auditor.actor, "recorded_at": now},
            )
            auditor.record(
                AuditAction.RECORD_CHANGED,
                object_type="episodes.groupattendance",
                object_id=f"{session.pk}:{member.pk}",
                hub=session.programme.hub_id,
                subject_ref=_subject(member.episode),
                detail={"status": status},
            )
            written += 1
        GroupSession.objects.filter(pk=session.pk).update(attendance_recorded_at=now)
    return written
