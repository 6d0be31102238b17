"""The episode of care: its workflow (statuses, moves and their guards), opening one for
an accepted referral, allocating it, the client's contact details, and discharge."""

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.crypto import email_lookup
from resiliencehub.core.workflow import Guard, TransitionNotAllowed, Workflow
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.records.alerts import refuse_while_alerts_open
from resiliencehub.records.models import Client

from .. import outcomes
from ..models import Allocation, Episode, EpisodeStatus, EpisodeStatusChange
from ._common import CASE_HOLDER_ROLES, _lock, _subject

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
        EPISODE.open(episode, auditor=auditor, at=now, reason="Referral accepted")
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
            subject_ref=client_subject(locked),
            detail={"changed": sorted(changed)},
        )


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
