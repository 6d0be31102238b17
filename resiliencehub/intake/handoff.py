"""What other journey apps may ask of the public journey (docs/architecture.md): the one
module of `intake` that `triage` imports. Accepting a referral on a referral-first hub
sends the client their questionnaires, unless the referral already carries them; a
client who may not be emailed is given the link (`link_url`) on the phone."""

from .journeys import questionnaire_invitation_send
from .links import link_url
from .selectors import questionnaires_answered

__all__ = ["link_url", "questionnaire_invitation_send", "questionnaires_answered"]
