"""Writes to the shared clinical record that are not a journey's: conflicts of interest and
break glass (ADR 0020). Each is one transaction with its audit event."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub.access import roles_in

from .models import BREAK_GLASS_MINUTES, BreakGlass, ConflictOfInterest


def conflict_record(client, *, staff, reason: str, auditor: Auditor) -> ConflictOfInterest:
    if not roles_in(staff, client.hub):
        raise TransitionNotAllowed("Conflicts are recorded for members of this hub's staff.")
    with transaction.atomic():
        conflict = ConflictOfInterest.objects.create(
            hub_id=client.hub_id,
            client=client,
            staff=staff,
            reason=reason,
            recorded_by=auditor.actor,
            recorded_at=timezone.now(),
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=conflict,
            hub=client.hub_id,
            subject_ref=client_subject(client),
            detail={"staff": staff.pk},
        )
    return conflict


def conflict_end(conflict: ConflictOfInterest, *, auditor: Auditor) -> None:
    with transaction.atomic():
        updated = ConflictOfInterest.objects.filter(
            pk=conflict.pk, hub_id=conflict.hub_id, ended_at__isnull=True
        ).update(ended_at=timezone.now())
        if not updated:
            raise TransitionNotAllowed("That conflict of interest has already ended.")
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=conflict,
            hub=conflict.hub_id,
            subject_ref=client_subject(conflict.client_id),
            detail={"conflict": "ended"},
        )


def break_glass_open(client, *, user, reason: str, auditor: Auditor) -> BreakGlass:
    """Open a restricted record for a limited time, with a reason the lead reviews."""
    if not reason.strip():
        raise TransitionNotAllowed("Give the reason you need to open this record.")
    with transaction.atomic():
        now = timezone.now()
        glass = BreakGlass.objects.create(
            hub_id=client.hub_id,
            client=client,
            user=user,
            reason=reason,
            opened_at=now,
            expires_at=now + timedelta(minutes=BREAK_GLASS_MINUTES),
        )
        auditor.record(
            AuditAction.BREAK_GLASS,
            obj=glass,
            hub=client.hub_id,
            subject_ref=client_subject(client),
            detail={"minutes": BREAK_GLASS_MINUTES},
        )
    return glass


def break_glass_review(glass: BreakGlass, *, note: str, auditor: Auditor) -> None:
    with transaction.atomic():
        updated = BreakGlass.objects.filter(
            pk=glass.pk, hub_id=glass.hub_id, reviewed_at__isnull=True
        ).update(reviewed_by=auditor.actor, reviewed_at=timezone.now(), review_note=note)
        if not updated:
            raise TransitionNotAllowed("That break-glass access has already been reviewed.")
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=glass,
            hub=glass.hub_id,
            subject_ref=client_subject(glass.client_id),
            detail={"break_glass": "reviewed"},
        )


def client_measures_on_return_set(client, wanted: bool, *, auditor: Auditor) -> None:
    """A clinician asks (or stops asking) for the questionnaires again if the client
    returns within the hub's period (`intake.journeys._answered_recently`)."""
    with transaction.atomic():
        updated = (
            type(client)
            .objects.filter(pk=client.pk, hub_id=client.hub_id)
            .update(measures_on_return=wanted)
        )
        if not updated:
            raise TransitionNotAllowed("No such client.")
        client.measures_on_return = wanted
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=client,
            hub=client.hub_id,
            subject_ref=client_subject(client),
            detail={"measures_on_return": wanted},
        )
