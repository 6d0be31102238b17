"""Who may see what of a client's record (service-model.md, "Who uses the system"; ADR 0020).

- Clinical lead: every record in their hub.
- Clinician and practitioner: the clients whose case they hold (least privilege: an
  unallocated client is opened through the worklist's referral page, not the record).
- Duty clinician: the whole risk queue, each alert with the client's contact details and
  risk history — not the rest of the record. A case holder may read (not work) the
  alerts about their own client, which every page about the client names.
- Administrator: contact details, referrals, episodes' status and appointments; never
  notes, assessments, formulations, measures, risk-assessment content or supervision.
- Service manager, researcher, commissioner, organisation contact: no individual record.

A conflict of interest (the client works with, or is, a member of staff) blocks that
person from the record whatever their role, until they break glass with a reason.
"""

from dataclasses import dataclass

from django.utils import timezone

from resiliencehub.accounts.roles import Role

from .selectors import active_break_glass, case_holder_episode_ids, has_active_conflict

DUTY_ROLES = frozenset({Role.DUTY_CLINICIAN, Role.CLINICAL_LEAD})
WORKLIST_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.CLINICIAN, Role.DUTY_CLINICIAN, Role.CLINICAL_LEAD}
)
TRIAGE_DECISION_ROLES = WORKLIST_ROLES
CASE_HOLDER_ROLES = frozenset({Role.PRACTITIONER, Role.CLINICIAN, Role.CLINICAL_LEAD})
CLINICAL_RECORD_ROLES = CASE_HOLDER_ROLES
RECORD_ROLES = CASE_HOLDER_ROLES | {Role.ADMINISTRATOR}
BOOKING_ROLES = RECORD_ROLES
ROTA_EDIT_ROLES = frozenset({Role.CLINICAL_LEAD, Role.ADMINISTRATOR})
ROTA_VIEW_ROLES = WORKLIST_ROLES | CASE_HOLDER_ROLES | {Role.SERVICE_MANAGER}
DIRECTORY_VIEW_ROLES = RECORD_ROLES | {Role.DUTY_CLINICIAN}
DIRECTORY_EDIT_ROLES = frozenset({Role.CLINICAL_LEAD, Role.ADMINISTRATOR})
GROUP_ROLES = RECORD_ROLES
GROUP_EDIT_ROLES = frozenset({Role.CLINICAL_LEAD, Role.CLINICIAN, Role.ADMINISTRATOR})
LEAD_ROLES = frozenset({Role.CLINICAL_LEAD})
WAITING_LIST_ROLES = frozenset({Role.ADMINISTRATOR, Role.CLINICIAN, Role.CLINICAL_LEAD})


class RestrictedRecord(Exception):
    """The user holds a conflict of interest with this client and has not broken glass."""

    def __init__(self, client_id: int):
        super().__init__("This record is restricted: you have a conflict of interest.")
        self.client_id = client_id


@dataclass(frozen=True)
class RecordAccess:
    """What one person may see of one client's record."""

    admin: bool = False  # contact details, referrals, episode status, appointments
    clinical: bool = False  # notes, assessments, formulations, measures, risk, letters
    lead: bool = False
    case_holder_episode_ids: frozenset = frozenset()
    break_glass: object = None

    def may_see_supervision(self, episode) -> bool:
        return self.lead or episode.pk in self.case_holder_episode_ids

    def holds_case(self, episode) -> bool:
        return episode.pk in self.case_holder_episode_ids


def check_conflict(user, client, *, now=None):
    """Raise RestrictedRecord if `user` is conflicted with `client`; return an active
    break-glass row (or None) when not blocked."""
    if client is None or not has_active_conflict(user, client):
        return None
    glass = active_break_glass(user, client, now or timezone.now())
    if glass is None:
        raise RestrictedRecord(client.pk)
    return glass


def record_access(user, hub, roles, client) -> RecordAccess | None:
    """What `user` may see of `client`'s record in `hub`; None when nothing at all.

    Raises RestrictedRecord when a conflict of interest blocks an otherwise allowed view.
    """
    held = set(roles)
    if not held & RECORD_ROLES:
        return None
    lead = Role.CLINICAL_LEAD in held
    holds = frozenset()
    if held & {Role.CLINICIAN, Role.PRACTITIONER}:
        holds = frozenset(case_holder_episode_ids(hub, client, user))
    clinical = lead or bool(holds)
    admin = clinical or Role.ADMINISTRATOR in held
    if not admin:
        return None
    glass = check_conflict(user, client)
    return RecordAccess(
        admin=True, clinical=clinical, lead=lead, case_holder_episode_ids=holds, break_glass=glass
    )


ALERT_READ_ROLES = DUTY_ROLES | CASE_HOLDER_ROLES


def may_read_alert(user, hub, roles, client) -> bool:
    """The duty clinician and the clinical lead read every alert; a clinician or
    practitioner reads the alerts about a client whose case they hold (risk is part of
    the clinical record they see). Working an alert stays with DUTY_ROLES."""
    held = set(roles)
    if held & DUTY_ROLES:
        return True
    if client is None or not held & CASE_HOLDER_ROLES:
        return False
    access = record_access(user, hub, held, client)
    return access is not None and access.clinical
