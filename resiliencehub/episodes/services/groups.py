"""Group programmes: setting one up, its sessions, members and attendance."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.workflow import TransitionNotAllowed

from ..models import (
    EVENING_FROM_HOUR,
    Episode,
    GroupAttendance,
    GroupMember,
    GroupProgramme,
    GroupSession,
)
from ._common import _subject


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
