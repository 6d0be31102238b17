"""The referral workflow on the shared record: the moves a referral may make, each an
immutable status row with who, when and why, and one audit event (docs/audit-events.md).
Triage drives it (accept, decline, merge); the public journey opens it and moves it when
the questionnaires sent on acceptance are answered."""

from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.workflow import Guard, Workflow

from .alerts import refuse_while_alerts_open
from .models import Referral, ReferralStatus, ReferralStatusChange

ALLOWED_TRANSITIONS = {
    ReferralStatus.SUBMITTED: {
        ReferralStatus.ACCEPTED,
        ReferralStatus.AWAITING_QUESTIONNAIRES,
        ReferralStatus.DECLINED,
        ReferralStatus.MERGED,
        ReferralStatus.WITHDRAWN,
    },
    ReferralStatus.AWAITING_QUESTIONNAIRES: {
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.MERGED,
        ReferralStatus.WITHDRAWN,
    },
    ReferralStatus.ACCEPTED: {ReferralStatus.WITHDRAWN},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.MERGED: set(),
    ReferralStatus.WITHDRAWN: set(),
}


def _no_open_risk_alert(step) -> None:
    refuse_while_alerts_open(step.record.client, "The referral cannot be declined")


REFERRAL = Workflow(
    "referral",
    model=Referral,
    states=ReferralStatus,
    moves=ALLOWED_TRANSITIONS,
    opened="referral.submitted",
    events={
        ReferralStatus.AWAITING_QUESTIONNAIRES: "referral.questionnaires_sent",
        ReferralStatus.ACCEPTED: "referral.accepted",
        ReferralStatus.DECLINED: "referral.declined",
        ReferralStatus.MERGED: "referral.merged",
        ReferralStatus.WITHDRAWN: "referral.withdrawn",
    },
    refusal=lambda current, target: (
        f"A referral that is '{current.label}' cannot become '{target.label}'."
    ),
    guards=(Guard(_no_open_risk_alert, to={ReferralStatus.DECLINED}),),
    status_rows=ReferralStatusChange,
    row_link="referral",
    subject=lambda referral: client_subject(referral.client_id),
    lock_on=("pk",),
)
"""A referral is not declined while a risk alert about the client is open (HAZ-042)."""


def referral_transition(
    referral: Referral, to_status: ReferralStatus, *, auditor: Auditor, reason: str = ""
) -> ReferralStatusChange:
    """Move a referral to `to_status`, recording who, when and why (immutable row)."""
    return REFERRAL.move(referral, to_status, auditor=auditor, reason=reason).change
