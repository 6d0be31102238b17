"""Onward referral: its workflow, and referring a client on with their consent."""

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.workflow import TransitionNotAllowed, Workflow
from resiliencehub.records.alerts import refuse_while_alerts_open

from ..models import DirectoryService, Episode, OnwardReferral, OnwardStatus, OnwardStatusChange
from ._common import _lock
from .episode import EPISODE_TRANSITIONS, S, episode_transition

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
    subject=lambda onward: client_subject(onward.episode.client_id),
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
        ONWARD_REFERRAL.open(
            onward,
            auditor=auditor,
            at=now,
            detail={"service": service.pk, "shared": list(shared_items)},
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
