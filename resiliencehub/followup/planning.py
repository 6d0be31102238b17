"""Planning follow-up and re-screening contacts from a hub's schedules (ADR 0037).

For each active schedule, everyone whose latest screening it includes gets one planned
contact per wave still open: sent on the wave's day after that screening, worth sending
until its window closes. Planning is a reconciliation, safe to run at any time and as
often as wanted (the sender runs it before sending): it plans what is missing, and the
database's unique (schedule, wave, screening) makes a second planner's rows fail rather
than duplicate. A person screened again starts the schedule again from the new screening
(the older screening's open contacts are cancelled).

Editing a schedule raises its version; `schedule_change_preview` counts what a change
would do to the open contacts and `schedule_apply` does it, so nothing stays queued under
an old rule.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.hub import sending
from resiliencehub.hub.models import ContactSchedule, ScheduleKind, ScheduleOutcome
from resiliencehub.records.contacts import CONTACT, contact_move
from resiliencehub.records.models import (
    ContactKind,
    ContactStatus,
    PlannedContact,
    PlannedContactStatusChange,
    ReferralStatus,
    Screening,
    ScreeningKind,
)

S = ContactStatus
BATCH = 2000
NOT_YET_SENT = (S.PLANNED, S.DUE)


def wave_moments(schedule: ContactSchedule, wave: dict, screened_at: datetime):
    """(send_after, expires_at) of a wave for a screening: the start of the hub's sending
    hours on the wave's day, and the end of its window's last day (UK dates)."""
    day = sending.local_date(screened_at)
    send_on = day + timedelta(days=wave["day"])
    send_after = sending.next_sending_time(schedule.hub, sending.day_start(send_on))
    expires_at = sending.day_start(day + timedelta(days=wave["closes"] + 1))
    return send_after, expires_at


def _included(schedule: ContactSchedule):
    """Screenings of the included kinds (never a follow-up's own answers) of people who
    agreed to follow-up and have not stopped it."""
    rows = Screening.objects.filter(
        hub_id=schedule.hub_id,
        client__isnull=False,
        client__follow_up_consent=True,
        client__follow_up_stopped_at__isnull=True,
        client__contact_stopped_at__isnull=True,
    ).exclude(kind=ScreeningKind.FOLLOW_UP)
    if schedule.screening_kinds:
        rows = rows.filter(kind__in=schedule.screening_kinds)
    if schedule.cohort:
        rows = rows.filter(campaign_code=schedule.cohort)
    if schedule.outcome == ScheduleOutcome.TAKEN_ON:
        rows = rows.filter(referral__status=ReferralStatus.ACCEPTED)
    elif schedule.outcome == ScheduleOutcome.NOT_TAKEN_ON:
        rows = rows.filter(
            Q(referral__isnull=True)
            | Q(referral__status__in=(ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN))
        )
    return rows


def eligible_screenings(schedule: ContactSchedule):
    """The screenings this schedule counts from: each included person's latest one."""
    rows = _included(schedule)
    # The latest per person: no later included screening of the same client.
    later = rows.filter(client_id=OuterRef("client_id")).filter(
        Q(submitted_at__gt=OuterRef("submitted_at"))
        | Q(submitted_at=OuterRef("submitted_at"), pk__gt=OuterRef("pk"))
    )
    return rows.filter(~Exists(later))


@dataclass
class Planned:
    planned: int = 0
    superseded: int = 0
    by_wave: dict = field(default_factory=dict)


def _kind(schedule: ContactSchedule) -> str:
    return ContactKind.RESCREEN if schedule.kind == ScheduleKind.RESCREEN else ContactKind.FOLLOW_UP


def plan_schedule(schedule: ContactSchedule, *, auditor: Auditor, now=None) -> Planned:
    """Plan every missing contact of one active schedule; returns the counts."""
    now = now or timezone.now()
    done = Planned()
    if not schedule.is_active:
        return done
    # A version loaded from the hub file is applied now, not when each contact's old
    # time comes (a wave brought forward would be sent late, or lost if its new window
    # closed before the old day).
    schedule_apply(schedule, auditor=auditor, now=now)
    done.superseded = _supersede(schedule, auditor=auditor, now=now)
    screenings = eligible_screenings(schedule)
    for wave in schedule.waves:
        # A wave whose window has closed is not planned (its screening was long ago).
        earliest = now - timedelta(days=wave["closes"])
        todo = (
            screenings.filter(submitted_at__gte=earliest)
            .values_list("pk", "client_id", "submitted_at")
            .order_by("pk")
        )
        count = 0
        last = 0
        while True:
            # Keyset batches; the contacts already planned are looked up for each batch
            # by the unique (schedule, wave, screening) index. (An anti-join here ran as
            # a nested loop over every contact of the wave on PostgreSQL without fresh
            # statistics: quadratic, 17 minutes and counting at 100k people.)
            rows = list(todo.filter(pk__gt=last)[:BATCH])
            if not rows:
                break
            last = rows[-1][0]
            planned = set(
                PlannedContact.objects.filter(
                    schedule=schedule,
                    wave=wave["name"],
                    screening_id__in=[row[0] for row in rows],
                ).values_list("screening_id", flat=True)
            )
            rows = [row for row in rows if row[0] not in planned]
            if rows:
                count += _plan_batch(schedule, wave, rows, auditor=auditor, now=now)
        done.by_wave[wave["name"]] = count
        done.planned += count
    return done


def _plan_batch(schedule, wave, rows, *, auditor: Auditor, now) -> int:
    contacts = []
    for screening_id, client_id, screened_at in rows:
        send_after, expires_at = wave_moments(schedule, wave, screened_at)
        if expires_at <= now:
            continue
        contacts.append(
            PlannedContact(
                hub_id=schedule.hub_id,
                client_id=client_id,
                kind=_kind(schedule),
                schedule=schedule,
                schedule_version=schedule.version,
                wave=wave["name"],
                screening_id=screening_id,
                instruments=list(schedule.instruments),
                send_after=send_after,
                expires_at=expires_at,
                next_send_at=send_after,
                reminders_planned=schedule.reminders,
                reminder_days=schedule.reminder_days,
                created_at=now,
            )
        )
    if not contacts:
        return 0
    try:
        with transaction.atomic():
            created = PlannedContact.objects.bulk_create(contacts)
            if created and created[0].pk is None:
                # An engine that does not return ids from a bulk insert: read them back.
                created = list(
                    PlannedContact.objects.filter(
                        schedule=schedule,
                        wave=wave["name"],
                        screening_id__in=[c.screening_id for c in contacts],
                    )
                )
            reason = f"{schedule.name}, {wave['name']} (version {schedule.version})."
            PlannedContactStatusChange.objects.bulk_create(
                PlannedContactStatusChange(
                    contact=contact,
                    changed_at=now,
                    changed_by=auditor.actor,
                    actor_label=auditor.actor_label,
                    reason=reason,
                    from_status="",
                    to_status=S.PLANNED,
                )
                for contact in created
            )
            # One event for the batch: the status rows carry each contact's move.
            auditor.record(
                AuditAction.RECORD_CREATED,
                object_type="records.plannedcontact",
                object_id=f"{created[0].pk}-{created[-1].pk}",
                hub=schedule.hub_id,
                detail={
                    "event": CONTACT.opened,
                    "schedule": schedule.key,
                    "version": schedule.version,
                    "wave": wave["name"],
                    "count": len(created),
                },
            )
    except IntegrityError:
        # Another planner planned some of these meanwhile: plan the rest one by one.
        return sum(_plan_one(contact, auditor=auditor, now=now) for contact in contacts)
    return len(created)


def _plan_one(contact: PlannedContact, *, auditor: Auditor, now) -> int:
    try:
        with transaction.atomic():
            contact.pk = None
            contact.save(force_insert=True)
            CONTACT.open(contact, auditor=auditor, at=now, reason="Planned.")
    except IntegrityError:
        return 0
    return 1


def _supersede(schedule: ContactSchedule, *, auditor: Auditor, now) -> int:
    """Cancel the not-yet-sent contacts of a screening that is no longer the person's
    latest included one (they screened again; the schedule counts from the new one)."""
    included = _included(schedule)
    newer = included.filter(client_id=OuterRef("client_id")).filter(
        Q(submitted_at__gt=OuterRef("screening__submitted_at"))
        | Q(submitted_at=OuterRef("screening__submitted_at"), pk__gt=OuterRef("screening_id"))
    )
    # Correlated lookups by index, one per open contact (a NOT IN over every eligible
    # screening was quadratic on PostgreSQL without statistics).
    stale = PlannedContact.objects.filter(
        schedule=schedule, status__in=NOT_YET_SENT, screening__isnull=False
    ).filter(Exists(newer) | ~Exists(included.filter(pk=OuterRef("screening_id"))))
    ended = 0
    for contact in stale.order_by("pk")[:BATCH]:
        contact_move(
            contact,
            S.CANCELLED,
            auditor=auditor,
            at=now,
            reason="The person screened again, or no longer fits the schedule.",
            next_send_at=None,
        )
        ended += 1
    return ended


def plan_all(*, auditor: Auditor, now=None, hub=None) -> dict[str, Planned]:
    schedules = ContactSchedule.objects.filter(is_active=True).select_related("hub")
    if hub is not None:
        schedules = schedules.filter(hub=hub)
    return {f"{s.hub.slug}/{s.key}": plan_schedule(s, auditor=auditor, now=now) for s in schedules}


# --- Changing a schedule ---------------------------------------------------------------


@dataclass
class Change:
    """What a new version of a schedule does to its contacts not yet sent."""

    moved: int = 0  # a wave's day or window changed: new send and expiry times
    updated: int = 0  # only what is asked or how often reminded changed
    cancelled: int = 0  # its wave was removed, or the schedule made inactive
    unchanged: int = 0
    sent_kept: int = 0  # already sent: they keep the questions they were sent

    @property
    def affected(self) -> int:
        return self.moved + self.updated + self.cancelled


def _replanned(schedule: ContactSchedule, contact: PlannedContact) -> dict | None:
    """The fields `contact` would have under the schedule's rule now; None if the rule no
    longer plans it."""
    wave = schedule.wave(contact.wave)
    if not schedule.is_active or wave is None:
        return None
    send_after, expires_at = wave_moments(schedule, wave, contact.screening.submitted_at)
    return {
        "send_after": send_after,
        "expires_at": expires_at,
        "next_send_at": send_after,
        "instruments": list(schedule.instruments),
        "reminders_planned": schedule.reminders,
        "reminder_days": schedule.reminder_days,
        "schedule_version": schedule.version,
    }


def _classify(schedule, contact, now) -> tuple[str, dict | None]:
    wanted = _replanned(schedule, contact)
    if wanted is None or wanted["expires_at"] <= now:
        return "cancelled", None  # no longer planned, or its new window has closed
    if (wanted["send_after"], wanted["expires_at"]) != (contact.send_after, contact.expires_at):
        return "moved", wanted
    same = all(
        getattr(contact, name) == wanted[name]
        for name in ("instruments", "reminders_planned", "reminder_days")
    )
    return ("unchanged" if same else "updated"), wanted


def _open_contacts(schedule: ContactSchedule):
    return PlannedContact.objects.filter(schedule=schedule, status__in=NOT_YET_SENT).select_related(
        "screening"
    )


def schedule_change_preview(schedule: ContactSchedule, proposed: dict) -> Change:
    """What saving `proposed` (the schedule's planning fields) would do, without saving."""
    draft = ContactSchedule(
        **{
            **{name: getattr(schedule, name) for name in ("id", "hub_id", "key", "name")},
            **{name: getattr(schedule, name) for name in ContactSchedule.PLANNING_FIELDS},
            **proposed,
        }
    )
    draft.hub = schedule.hub
    change = Change()
    now = timezone.now()
    for contact in _open_contacts(schedule).iterator(chunk_size=BATCH):
        kind, _ = _classify(draft, contact, now)
        setattr(change, kind, getattr(change, kind) + 1)
    change.sent_kept = PlannedContact.objects.filter(
        schedule=schedule, status__in=(S.SENT, S.REMINDED)
    ).count()
    return change


def schedule_save(schedule: ContactSchedule, proposed: dict, *, auditor: Auditor) -> Change:
    """Save a new version of the schedule and apply it to every contact not yet sent, in
    one transaction (the confirmation of the preview)."""
    with transaction.atomic():
        locked = (
            ContactSchedule.objects.select_for_update().select_related("hub").get(pk=schedule.pk)
        )
        changed = [
            name
            for name in ContactSchedule.PLANNING_FIELDS
            if name in proposed and getattr(locked, name) != proposed[name]
        ]
        for name in changed:
            setattr(locked, name, proposed[name])
        if changed:
            locked.version += 1
            locked.changed_at = timezone.now()
            locked.save()
        auditor.record(
            AuditAction.HUB_CONFIG_CHANGED,
            obj=locked,
            hub=locked.hub_id,
            detail={"schedule": locked.key, "version": locked.version, "changed": changed},
        )
        return schedule_apply(locked, auditor=auditor)


def schedule_apply(schedule: ContactSchedule, *, auditor: Auditor, now=None) -> Change:
    """Bring every not-yet-sent contact of the schedule to its current version."""
    now = now or timezone.now()
    change = Change()
    stale = _open_contacts(schedule).exclude(schedule_version=schedule.version)
    for contact in stale.order_by("pk").iterator(chunk_size=BATCH):
        change_one(schedule, contact, change, auditor=auditor, now=now)
    change.sent_kept = PlannedContact.objects.filter(
        schedule=schedule, status__in=(S.SENT, S.REMINDED)
    ).count()
    return change


def change_one(schedule, contact, change: Change | None = None, *, auditor: Auditor, now):
    """Re-plan one contact under its schedule's current version (the sender does this for
    a contact it finds under an older version before sending anything)."""
    with transaction.atomic():
        # Read again under its lock: a sender or another planner may have re-planned or
        # sent it since it was read (the move would then be refused).
        contact = (
            PlannedContact.objects.select_for_update()
            .filter(pk=contact.pk, status__in=NOT_YET_SENT)
            .exclude(schedule_version=schedule.version)
            .first()
        )
        if contact is None:
            return
        kind, wanted = _classify(schedule, contact, now)
        if change is not None:
            setattr(change, kind, getattr(change, kind) + 1)
        reason = f"{schedule.name} changed (version {schedule.version})."
        if wanted is None:
            if schedule.is_active and schedule.wave(contact.wave) is not None:
                reason += " Its window has closed."
            contact_move(
                contact, S.CANCELLED, auditor=auditor, at=now, reason=reason, next_send_at=None
            )
            return
        contact_move(contact, S.PLANNED, auditor=auditor, at=now, reason=reason, **wanted)
