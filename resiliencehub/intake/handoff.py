"""What other apps may ask of the public journey (docs/architecture.md): the one module of
`intake` that `triage` and `followup` import.

- Accepting a referral on a referral-first hub sends the client their questionnaires,
  unless the referral already carries them; a client who may not be emailed is given the
  link (`link_url`) on the phone.
- Each follow-up email carries a new single-use link to its questionnaires
  (`follow_up_link_create`, `link_url`) and the link to pause or stop the hub's emails
  (`preferences_url`).
"""

from .journeys import follow_up_link_create, questionnaire_invitation_send
from .links import link_url
from .preferences import preferences_url
from .selectors import questionnaires_answered

__all__ = [
    "follow_up_link_create",
    "link_url",
    "preferences_url",
    "questionnaire_invitation_send",
    "questionnaires_answered",
]
