"""Writes to episodes of care: each in a transaction, audited, with immutable status rows.

Views and forms call these; none of them saves a clinical model directly. One module per
sub-domain: the episode and its workflow (`episode`), `appointments`, `notes` (session and
supervision notes), `measures` (session measures and measure links), `onward` (onward
referral), `groups` and `directory`. This package names their public writes (and the
workflows they declare), so that a caller may write `services.episode_open(...)`.
"""

from resiliencehub.core.workflow import TransitionNotAllowed

from ._common import CASE_HOLDER_ROLES
from .appointments import appointment_book, appointment_outcome_record
from .directory import directory_service_save
from .episode import (
    ENDS_CARE,
    EPISODE,
    EPISODE_TRANSITIONS,
    NEEDS_PATHWAY,
    allowed_next_statuses,
    client_contact_update,
    episode_allocate,
    episode_discharge,
    episode_open,
    episode_transition,
    pathway_code,
)
from .groups import (
    group_attendance_record,
    group_member_add,
    group_programme_create,
    group_session_add,
)
from .measures import (
    client_can_be_emailed,
    measure_invitation_complete,
    measure_invitation_create,
    measure_invitation_open,
    measure_invitation_token,
    session_measure_record,
)
from .notes import session_note_add, supervision_note_add
from .onward import (
    ONWARD_REFERRAL,
    ONWARD_TRANSITIONS,
    onward_referral_send,
    onward_referral_transition,
)

__all__ = [
    "TransitionNotAllowed",
    "EPISODE_TRANSITIONS",
    "NEEDS_PATHWAY",
    "ENDS_CARE",
    "pathway_code",
    "allowed_next_statuses",
    "EPISODE",
    "episode_open",
    "episode_transition",
    "episode_allocate",
    "client_contact_update",
    "episode_discharge",
    "appointment_book",
    "appointment_outcome_record",
    "session_note_add",
    "supervision_note_add",
    "session_measure_record",
    "measure_invitation_token",
    "client_can_be_emailed",
    "measure_invitation_create",
    "measure_invitation_open",
    "measure_invitation_complete",
    "ONWARD_TRANSITIONS",
    "ONWARD_REFERRAL",
    "onward_referral_send",
    "onward_referral_transition",
    "group_programme_create",
    "group_session_add",
    "group_member_add",
    "group_attendance_record",
    "directory_service_save",
    "CASE_HOLDER_ROLES",
]
