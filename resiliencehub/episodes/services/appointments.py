"""Appointments: booking one and recording its outcome (the first attended treatment
session starts the intervention)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.records.contacts import (
    appointment_contacts_cancel,
    appointment_contacts_end,
    appointment_contacts_plan,
)

from ..models import EVENING_FROM_HOUR, Appointment, AppointmentKind, AppointmentStatus, Episode
from ._common import CASE_HOLDER_ROLES, _subject
from .episode import S, episode_transition


def appointment_book(
    episode: Episode,
    *,
    clinician,
    starts_at: datetime,
    duration_minutes: int,
    kind: str,
    mode: str,
    auditor: Auditor,
    joining_details: str = "",
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
            joining_details=(joining_details or "").strip(),
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
        # Its confirmation and reminders, sent by the follow-up engine (ADR 0037).
        appointment_contacts_plan(appointment, episode.client, auditor=auditor)
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
        if status in (AppointmentStatus.CANCELLED_BY_HUB, AppointmentStatus.CANCELLED_BY_CLIENT):
            appointment_contacts_cancel(locked, episode.client, auditor=auditor, notify=True)
        else:
            appointment_contacts_end(locked, auditor=auditor)
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
