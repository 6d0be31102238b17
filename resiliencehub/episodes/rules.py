"""Who may do what in an episode of care. Who may see which part of a client's record,
and the role sets every staff page uses, are the shared record's rules
(`resiliencehub.records.rules`)."""

from resiliencehub.accounts.roles import Role
from resiliencehub.hub.models import AssessmentModel
from resiliencehub.records.rules import CASE_HOLDER_ROLES

from .models import AssessmentKind


def may_allocate(roles, user, to_user) -> bool:
    """The clinical lead allocates to anyone; a clinician or practitioner may take a case."""
    if Role.CLINICAL_LEAD in roles:
        return True
    return bool(set(roles) & {Role.CLINICIAN, Role.PRACTITIONER}) and to_user == user


def may_record_assessment(roles, hub, kind: str) -> bool:
    """Two-stage hubs: the shorter assessment by any grade; in-depth by qualified staff."""
    held = set(roles)
    if kind == AssessmentKind.BRIEF:
        return hub.assessment_model == AssessmentModel.TWO_STAGE and bool(held & CASE_HOLDER_ROLES)
    return bool(held & {Role.CLINICIAN, Role.CLINICAL_LEAD})
