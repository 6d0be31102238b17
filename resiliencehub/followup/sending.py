"""Sending what is due (ADR 0037): `run_due(now)` is what `manage.py send_due_contacts`
and the worker's scheduled task run.

One indexed query (`status`, `next_send_at`) finds the contacts to look at. Each is then
handled in its own transaction with its row locked, and everything is checked again under
that lock, at the moment of sending:

- it is still open and still due (another sender may have handled it: nothing is sent
  twice, and a unique (contact, number) message row makes sure of it);
- it was planned under its schedule's current version (if not, it is re-planned first);
- the person still agrees: follow-up consent, not stopped, not paused, and an email
  address they agreed to be emailed at (otherwise it is undeliverable, with the reason);
- the appointment a message is about is still booked and still ahead;
- its window has not closed (otherwise it expires);
- it is the hub's sending time on a sending day (questionnaires), or not the quiet hours
  of the night (appointment messages, which are tied to the appointment's time);
- the person has had fewer than the hub's cap of questionnaire emails in 30 days.

A contact that cannot be sent yet waits, with `next_send_at` set to when it can.
"""

import smtplib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from resiliencehub.audit.services import Auditor
from resiliencehub.episodes.models import Appointment, AppointmentMode, AppointmentStatus
from resiliencehub.hub import sending
from resiliencehub.hub.presenters import crisis_lines_text
from resiliencehub.intake import handoff as intake_handoff
from resiliencehub.nhsuk_forms.formatting import format_date
from resiliencehub.records.client_email import render
from resiliencehub.records.contacts import contact_move
from resiliencehub.records.models import (
    APPOINTMENT_KINDS,
    OPEN_CONTACT_STATUSES,
    QUESTIONNAIRE_KINDS,
    ContactKind,
    ContactMessage,
    ContactStatus,
    PlannedContact,
)
from resiliencehub.records.selectors import may_email

from .planning import change_one, plan_all

S = ContactStatus
BATCH = 500
QUIET_FROM = time(21, 0)  # appointment messages are not sent from 9pm …
QUIET_UNTIL = time(7, 0)  # … to 7am
CAP_DAYS = 30

TEMPLATES = {
    ContactKind.FOLLOW_UP: "follow_up",
    ContactKind.RESCREEN: "follow_up",
    ContactKind.APPOINTMENT_BOOKED: "appointment_booked",
    ContactKind.APPOINTMENT_REMINDER: "appointment_reminder",
    ContactKind.APPOINTMENT_CANCELLED: "appointment_cancelled",
}


@dataclass
class Run:
    """What one run did, by outcome."""

    now: datetime
    planned: int = 0
    looked_at: int = 0
    outcomes: dict = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    @property
    def sent(self) -> int:
        return self.outcomes.get("sent", 0) + self.outcomes.get("reminded", 0)

    def summary(self) -> str:
        parts = [f"{name}: {count}" for name, count in sorted(self.outcomes.items())]
        return (
            f"As of {self.now.isoformat(timespec='minutes')}: planned {self.planned}, looked at "
            f"{self.looked_at}" + (f" ({', '.join(parts)})" if parts else "")
        )


def due_contacts(now: datetime):
    """The one query for the sender's work: open contacts whose next look is due."""
    return PlannedContact.objects.filter(
        status__in=OPEN_CONTACT_STATUSES, next_send_at__lte=now
    ).order_by("next_send_at", "id")


def run_due(now: datetime | None = None, *, auditor: Auditor | None = None, plan=True) -> Run:
    """Plan what is missing, then handle every contact due by `now` (default: now)."""
    now = now or timezone.now()
    auditor = auditor or Auditor.system("send-due-contacts")
    run = Run(now)
    if plan:
        run.planned = sum(p.planned for p in plan_all(auditor=auditor, now=now).values())
    after = None  # keyset: (next_send_at, id) of the last contact looked at
    while True:
        rows = due_contacts(now)
        if after is not None:
            rows = rows.filter(
                Q(next_send_at__gt=after[0]) | Q(next_send_at=after[0], pk__gt=after[1])
            )
        batch = list(rows.values_list("next_send_at", "pk")[:BATCH])
        if not batch:
            break
        after = batch[-1]
        for _when, contact_id in batch:
            run.looked_at += 1
            run.add(handle(contact_id, now, auditor=auditor))
    return run


def _lock(contact_id: int) -> PlannedContact | None:
    rows = PlannedContact.objects.select_related("client", "hub", "schedule", "screening")
    if connection.vendor == "postgresql":
        # Another sender working on this row: leave it to them.
        rows = rows.select_for_update(of=("self",), skip_locked=True)
    return rows.filter(pk=contact_id).first()


class _Refused(Exception):
    """The mail server refused the address: the sending is rolled back."""


def handle(contact_id: int, now: datetime, *, auditor: Auditor) -> str:
    """Look at one due contact, under its lock: send it, or say why not (the outcome)."""
    try:
        return _handle(contact_id, now, auditor=auditor)
    except _Refused:
        _undeliverable(contact_id, now, auditor)
        return "undeliverable"


def _handle(contact_id: int, now: datetime, *, auditor: Auditor) -> str:
    with transaction.atomic():
        contact = _lock(contact_id)
        if contact is None:
            return "busy"
        if not contact.is_open or contact.next_send_at is None or contact.next_send_at > now:
            return "already handled"
        schedule = contact.schedule
        stale = schedule is not None and contact.schedule_version != schedule.version
        if stale and contact.status in (S.PLANNED, S.DUE):
            # Never sent under an old rule: brought to the schedule's version first.
            change_one(schedule, contact, auditor=auditor, now=now)
            contact.refresh_from_db()
            if not contact.is_open or contact.next_send_at > now:
                return "re-planned"
        ended = _ended(contact, now)
        if ended is not None:
            status, reason = ended
            contact_move(contact, status, auditor=auditor, at=now, reason=reason, next_send_at=None)
            return str(status)
        wait = _wait_until(contact, now)
        if wait is not None:
            fields = {"next_send_at": wait}
            if contact.status == S.PLANNED:
                why = _why_wait(contact, now)
                contact_move(contact, S.DUE, auditor=auditor, at=now, reason=why, **fields)
            else:
                PlannedContact.objects.filter(pk=contact.pk).update(**fields)
            return "waiting"
        return _send(contact, now, auditor=auditor)


def _appointment(contact: PlannedContact) -> Appointment | None:
    if contact.appointment_id is None:
        return None
    return Appointment.objects.select_related("clinician").filter(pk=contact.appointment_id).first()


def _ended(contact: PlannedContact, now: datetime) -> tuple[str, str] | None:
    """Why the contact ends now instead of being sent, or None."""
    client = contact.client
    questionnaire = contact.kind in QUESTIONNAIRE_KINDS
    if client.contact_stopped_at is not None:
        return S.OPTED_OUT, "The person asked not to be contacted."
    if questionnaire:
        if client.follow_up_stopped_at is not None:
            return S.OPTED_OUT, "The person stopped follow-up."
        if not client.follow_up_consent:
            return S.CANCELLED, "The person no longer agrees to follow-up."
        if contact.schedule is not None and not contact.schedule.is_active:
            return S.CANCELLED, "The schedule is no longer used."
    if now >= contact.expires_at:
        if contact.status in (S.SENT, S.REMINDED):
            return S.EXPIRED, "The window closed without an answer."
        return S.EXPIRED, "The window closed before it could be sent."
    if _all_sent(contact):
        return None  # every reminder is sent: it waits for its answer or its expiry
    if contact.kind in APPOINTMENT_KINDS:
        appointment = _appointment(contact)
        if appointment is None:
            return S.CANCELLED, "The appointment no longer exists."
        if contact.kind != ContactKind.APPOINTMENT_CANCELLED and (
            appointment.status != AppointmentStatus.BOOKED
        ):
            return S.CANCELLED, "The appointment is no longer booked."
    if not may_email(client):
        return S.UNDELIVERABLE, "The person has not agreed to email, or gave no address."
    return None


def _all_sent(contact: PlannedContact) -> bool:
    """Sent, with every reminder sent too (a one-off message has none)."""
    return contact.status in (S.SENT, S.REMINDED) and (
        contact.messages_sent > contact.reminders_planned
    )


def _cap_frees_at(contact: PlannedContact, now: datetime) -> datetime | None:
    """When the person may next be sent a questionnaire email under the hub's cap (None:
    now)."""
    cap = contact.hub.contact_cap_per_30_days
    recent = list(
        ContactMessage.objects.filter(
            client_id=contact.client_id,
            counts_to_cap=True,
            sent_at__gt=now - timedelta(days=CAP_DAYS),
        )
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)[:cap]
    )
    if len(recent) < cap:
        return None
    return recent[-1] + timedelta(days=CAP_DAYS)


def _wait_until(contact: PlannedContact, now: datetime) -> datetime | None:
    """When the contact can be sent, if not now; None: now."""
    if _all_sent(contact):
        return contact.expires_at  # look again when it expires
    if contact.kind in QUESTIONNAIRE_KINDS:
        waits = []
        paused = contact.client.contact_paused_until
        if paused is not None and paused > sending.local_date(now):
            waits.append(sending.day_start(paused))
        frees = _cap_frees_at(contact, now)
        if frees is not None:
            waits.append(frees)
        moment = max(waits) if waits else now
        moment = sending.next_sending_time(contact.hub, moment)
        return None if moment <= now else min(moment, contact.expires_at)
    local = timezone.localtime(now).time()
    if local >= QUIET_FROM or local < QUIET_UNTIL:
        day = sending.local_date(now) + timedelta(days=1 if local >= QUIET_FROM else 0)
        return min(timezone.make_aware(datetime.combine(day, QUIET_UNTIL)), contact.expires_at)
    return None


def _why_wait(contact: PlannedContact, now: datetime) -> str:
    paused = contact.client.contact_paused_until
    if contact.kind in QUESTIONNAIRE_KINDS and paused and paused > sending.local_date(now):
        return f"Paused by the person until {format_date(paused)}."
    if contact.kind in QUESTIONNAIRE_KINDS and _cap_frees_at(contact, now) is not None:
        return "The person has had the most emails the hub sends in 30 days."
    return "Waiting for the hub's sending hours."


def _context(contact: PlannedContact, number: int) -> dict:
    hub = contact.hub
    context = {
        "hub": hub,
        "name": contact.client.preferred_name or contact.client.full_name,
        "preferences": intake_handoff.preferences_url(contact.client, hub),
        "crisis_lines": crisis_lines_text(hub),
        "reminder": number > 0,
    }
    if contact.kind in QUESTIONNAIRE_KINDS:
        link = intake_handoff.follow_up_link_create(contact)
        context["link"] = intake_handoff.link_url(link)
        last_day = timezone.localtime(contact.expires_at - timedelta(seconds=1))
        context["until"] = format_date(last_day)
        context["rescreen"] = contact.kind == ContactKind.RESCREEN
    else:
        appointment = _appointment(contact)
        context["when"] = format_date(timezone.localtime(appointment.starts_at), with_time=True)
        context["minutes"] = appointment.duration_minutes
        context["virtual"] = appointment.mode == AppointmentMode.VIRTUAL
        context["joining"] = appointment.joining_details
        context["with_name"] = appointment.clinician.display_name
    return context


def _send(contact: PlannedContact, now: datetime, *, auditor: Auditor) -> str:
    number = contact.messages_sent
    questionnaire = contact.kind in QUESTIONNAIRE_KINDS
    subject, body = render(TEMPLATES[contact.kind], _context(contact, number))
    ContactMessage.objects.create(
        hub_id=contact.hub_id,
        contact=contact,
        client_id=contact.client_id,
        number=number,
        counts_to_cap=questionnaire,
        sent_at=now,
    )
    more = questionnaire and number < contact.reminders_planned
    next_look = now + timedelta(days=contact.reminder_days) if more else None
    if questionnaire and (next_look is None or next_look >= contact.expires_at):
        next_look = contact.expires_at  # then it expires, if not answered
    fields = {"messages_sent": number + 1, "last_sent_at": now, "next_send_at": next_look}
    if contact.status == S.PLANNED:
        contact_move(contact, S.DUE, auditor=auditor, at=now, reason="Its time has come.")
    if number == 0:
        target, outcome = S.SENT, "sent"
        reason = "Invitation emailed." if questionnaire else "Emailed."
    else:
        target, outcome = S.REMINDED, "reminded"
        reason = f"Reminder {number} of {contact.reminders_planned} emailed."
    contact_move(contact, target, auditor=auditor, at=now, reason=reason, **fields)
    try:
        send_mail(subject, body, None, [contact.client.email])
    except smtplib.SMTPRecipientsRefused as refused:
        raise _Refused from refused  # rolls back the message row and the move
    return outcome


def _undeliverable(contact_id: int, now: datetime, auditor: Auditor) -> None:
    with transaction.atomic():
        contact = PlannedContact.objects.select_for_update().get(pk=contact_id)
        if contact.is_open:
            contact_move(
                contact,
                S.UNDELIVERABLE,
                auditor=auditor,
                at=now,
                reason="The mail server refused the address.",
                next_send_at=None,
            )
