"""What every episode write shares: the audit subject of an episode's client, the
episode locked for update, and who may hold a case."""

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.services import client_subject

from ..models import Episode

CASE_HOLDER_ROLES = (Role.CLINICIAN, Role.PRACTITIONER, Role.CLINICAL_LEAD)


def _subject(episode) -> str:
    return client_subject(episode.client_id)


def _lock(episode) -> Episode:
    return Episode.objects.select_for_update().get(pk=episode.pk, hub_id=episode.hub_id)
