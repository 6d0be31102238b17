"""Session measures and measure links: recording a measure against an episode, and the
single-use link a client answers measures through."""

from datetime import timedelta

from django.db import transaction

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.records.links import link_find, link_issue, link_token, link_use
from resiliencehub.records.measures import measure_response_score, measure_response_store
from resiliencehub.records.models import ResponseSource
from resiliencehub.records.selectors import may_email

from ..models import MEASURE_LINK_DAYS, Episode, MeasureInvitation, MeasureStage, SessionMeasure
from ..tasks import send_measure_link_email
from ._common import _lock, _subject


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
    scored = measure_response_score(instrument, answers)  # before the lock (ADR 0036)
    with transaction.atomic():
        # Locked so that a risk answer and a discharge cannot cross (HAZ-042): either the
        # alert is raised first and the discharge is refused, or the episode is closed.
        if not _lock(episode).is_open:
            raise TransitionNotAllowed("Measures cannot be added to a discharged episode.")
        recorded = measure_response_store(
            episode.hub,
            scored,
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
