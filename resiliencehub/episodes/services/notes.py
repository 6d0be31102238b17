"""Session notes and supervision notes on an episode."""

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor

from ..models import Episode, SessionNote, SupervisionNote
from ._common import _subject


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
