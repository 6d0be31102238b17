"""Planned contacts on the shared record (ADR 0037): their workflow, and the moves that
other apps make — the public journey completes one when the person sends their follow-up
answers, a person stops or pauses contact from a message, an appointment's messages are
planned when it is booked and cancelled when it is.

Planning follow-up waves and sending what is due are the `followup` app's; they move
contacts through the same workflow.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.workflow import Workflow
from resiliencehub.hub import sending

from .models import (
    APPOINTMENT_KINDS,
    OPEN_CONTACT_STATUSES,
    QUESTIONNAIRE_KINDS,
    Client,
    ContactKind,
    ContactStatus,
    PlannedContact,
    PlannedContactStatusChange,
)

S = ContactStatus
_ENDS = {S.CANCELLED, S.OPTED_OUT, S.UNDELIVERABLE, S.EXPIRED}

CONTACT = Workflow(
    "contact",
    model=PlannedContact,
    states=ContactStatus,
    moves={
        # planned → planned and due → planned: re-planned under a schedule's new version.
        S.PLANNED: {S.PLANNED, S.DUE, *_ENDS},
        S.DUE: {S.PLANNED, S.SENT, *_ENDS},
        S.SENT: {S.REMINDED, S.COMPLETED, *_ENDS},
        S.REMINDED: {S.REMINDED, S.COMPLETED, *_ENDS},
        S.COMPLETED: set(),
        S.EXPIRED: {S.COMPLETED},  # answers sent on a link opened before the window closed
        S.CANCELLED: set(),
        # The person starts follow-up again: a wave never sent whose window is open.
        S.OPTED_OUT: {S.PLANNED},
        S.UNDELIVERABLE: set(),
    },
    opened="contact.planned",
    events={
        S.PLANNED: "contact.replanned",
        S.DUE: "contact.due",
        S.SENT: "contact.sent",
        S.REMINDED: "contact.reminded",
        S.COMPLETED: "contact.completed",
        S.EXPIRED: "contact.expired",
        S.CANCELLED: "contact.cancelled",
        S.OPTED_OUT: "contact.opted_out",
        S.UNDELIVERABLE: "contact.undeliverable",
    },
    refusal=lambda current, target: (
        f"A contact that is '{current.label.lower()}' cannot become '{target.label.lower()}'."
    ),
    status_rows=PlannedContactStatusChange,
    row_link="contact",
    updates=lambda step: step.options.get("fields") or {},
    subject=lambda contact: client_subject(contact.client_id),
    lock_on=("pk",),
)
"""planned → due → sent → reminded → completed, or it ends: expired, cancelled, opted out
or undeliverable. Every move is a status row with its reason and one audit event."""


def contact_plan(
    client: Client,
    kind: str,
    *,
    send_after: datetime,
    expires_at: datetime,
    auditor: Auditor,
    reason: str,
    **fields,
) -> PlannedContact:
    """A new planned contact (in the caller's transaction), with its first status row."""
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        contact = PlannedContact.objects.create(
            hub_id=client.hub_id,
            client=client,
            kind=kind,
            send_after=send_after,
            expires_at=expires_at,
            next_send_at=send_after,
            created_at=now,
            **fields,
        )
        CONTACT.open(contact, auditor=auditor, reason=reason, detail={"kind": str(kind)})
    return contact


def contact_move(contact: PlannedContact, to, *, auditor: Auditor, reason: str, at=None, **fields):
    """Move one contact (locked, checked, a status row and an audit event), saving
    `fields` with its new status."""
    return CONTACT.move(contact, to, auditor=auditor, reason=reason, at=at, fields=fields)


def _end_open(contacts, to, *, auditor: Auditor, reason: str) -> int:
    """End every contact in `contacts` still open, one move each; returns how many."""
    ended = 0
    for contact in contacts.filter(status__in=OPEN_CONTACT_STATUSES).order_by("pk"):
        contact_move(contact, to, auditor=auditor, reason=reason, next_send_at=None)
        ended += 1
    return ended


def contact_complete(contact: PlannedContact, screening, *, auditor: Auditor) -> None:
    """The person sent the answers this contact asked for: it is completed at once, so no
    reminder can follow (in the caller's transaction)."""
    locked = PlannedContact.objects.select_for_update().get(pk=contact.pk)
    if locked.status == S.COMPLETED:
        return
    contact_move(
        locked,
        S.COMPLETED,
        auditor=auditor,
        reason="The person sent their answers.",
        next_send_at=None,
        completed_at=timezone.now(),
        result_screening=screening,
    )


class Stop:
    """What a person can stop from a message."""

    FOLLOW_UP = "follow_up"
    ALL = "all"


def contact_stop(client: Client, scope: str, *, auditor: Auditor) -> int:
    """The person stops follow-up (questionnaires) or every contact: recorded on the
    client and every open planned contact of that scope ends as opted out, at once."""
    now = timezone.now()
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        fields = ["follow_up_stopped_at"]
        locked.follow_up_stopped_at = locked.follow_up_stopped_at or now
        if scope == Stop.ALL:
            locked.contact_stopped_at = locked.contact_stopped_at or now
            fields.append("contact_stopped_at")
        locked.save(update_fields=fields)
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=client_subject(locked),
            detail={"contact_stopped": scope},
        )
        contacts = PlannedContact.objects.filter(client=locked)
        if scope != Stop.ALL:
            contacts = contacts.filter(kind__in=QUESTIONNAIRE_KINDS)
        words = "every contact" if scope == Stop.ALL else "follow-up questionnaires"
        return _end_open(
            contacts, S.OPTED_OUT, auditor=auditor, reason=f"The person stopped {words}."
        )


def contact_pause(client: Client, until: date, *, auditor: Auditor) -> None:
    """The person pauses follow-up until a date: nothing of it is sent before then (a
    wave whose window closes meanwhile expires unsent)."""
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        locked.contact_paused_until = until
        locked.save(update_fields=["contact_paused_until"])
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=client_subject(locked),
            detail={"contact_paused_until": until.isoformat()},
        )


def contact_resume(client: Client, *, auditor: Auditor) -> None:
    """Undo a pause or a stop of follow-up (a person who changes their mind): waves that
    were stopped before anything was sent, and whose window is still open, are planned
    again; the planner plans later waves as usual. Anything already sent, answered or
    expired stays as it was."""
    now = timezone.now()
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        locked.contact_paused_until = None
        locked.follow_up_stopped_at = None
        locked.contact_stopped_at = None
        locked.save(
            update_fields=["contact_paused_until", "follow_up_stopped_at", "contact_stopped_at"]
        )
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            subject_ref=client_subject(locked),
            detail={"contact_resumed": True},
        )
        stopped = PlannedContact.objects.filter(
            client=locked,
            kind__in=QUESTIONNAIRE_KINDS,
            status=S.OPTED_OUT,
            messages_sent=0,
            expires_at__gt=now,
        )
        for contact in stopped.order_by("pk"):
            contact_move(
                contact,
                S.PLANNED,
                auditor=auditor,
                reason="The person started follow-up again.",
                next_send_at=max(contact.send_after, now),
            )


# --- Appointment messages -------------------------------------------------------------

REMINDER_WORKING_DAYS = 2
REMINDER_HOURS = 2


def appointment_contacts_plan(appointment, client: Client, *, auditor: Auditor) -> list:
    """A booking confirmation now, and reminders 2 working days and 2 hours before the
    appointment (those still in the future), in the caller's transaction."""
    now = timezone.now()
    starts = appointment.starts_at
    planned = [
        contact_plan(
            client,
            ContactKind.APPOINTMENT_BOOKED,
            send_after=now,
            expires_at=starts,
            appointment_id=appointment.pk,
            auditor=auditor,
            reason="Appointment booked.",
        )
    ]
    moments = {
        sending.working_days_before(starts, REMINDER_WORKING_DAYS),
        starts - timedelta(hours=REMINDER_HOURS),
    }
    for moment in sorted(moments):
        if moment > now:
            planned.append(
                contact_plan(
                    client,
                    ContactKind.APPOINTMENT_REMINDER,
                    send_after=moment,
                    expires_at=starts,
                    appointment_id=appointment.pk,
                    auditor=auditor,
                    reason="Appointment reminder.",
                )
            )
    return planned


def appointment_contacts_cancel(appointment, client: Client, *, auditor: Auditor, notify: bool):
    """The appointment will not happen: its unsent messages are cancelled and, when
    `notify`, a cancellation notice is planned now (whoever cancelled it, the person has
    it in writing)."""
    contacts = PlannedContact.objects.filter(
        appointment_id=appointment.pk, kind__in=APPOINTMENT_KINDS
    ).filter(status__in=(S.PLANNED, S.DUE))
    _end_open(contacts, S.CANCELLED, auditor=auditor, reason="The appointment was cancelled.")
    if notify and appointment.starts_at > timezone.now():
        contact_plan(
            client,
            ContactKind.APPOINTMENT_CANCELLED,
            send_after=timezone.now(),
            expires_at=appointment.starts_at,
            appointment_id=appointment.pk,
            auditor=auditor,
            reason="Appointment cancelled.",
        )


def appointment_contacts_end(appointment, *, auditor: Auditor) -> None:
    """The appointment has an outcome (attended, did not attend): reminders not yet sent
    are no longer needed."""
    contacts = PlannedContact.objects.filter(
        appointment_id=appointment.pk, kind=ContactKind.APPOINTMENT_REMINDER
    ).filter(status__in=(S.PLANNED, S.DUE))
    _end_open(contacts, S.CANCELLED, auditor=auditor, reason="The appointment has taken place.")


def contact_history(client: Client):
    """A client's planned contacts with their status rows, newest first (their record)."""
    return (
        PlannedContact.objects.filter(client=client)
        .select_related("schedule")
        .prefetch_related("status_changes")
        .order_by("-send_after", "-id")
    )
