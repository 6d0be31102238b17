"""What other journey apps may ask of the episodes of care (docs/architecture.md): the one
module of `episodes` that `triage` and `intake` import.

- Triage accepts a referral: `episode_open` opens its episode (waiting for assessment) and
  `episode_allocate` gives it a case holder; the referral page shows `episode_for_referral`.
- A client opens the measure link their clinician sent: `measure_invitation_open` finds
  it, the page asks `measure_form_class`'s questions, and `measure_invitation_complete`
  records the answers into the episode.
"""

from .forms import measure_form_class
from .selectors import episode_for_referral
from .services import (
    episode_allocate,
    episode_open,
    measure_invitation_complete,
    measure_invitation_open,
)

__all__ = [
    "episode_allocate",
    "episode_for_referral",
    "episode_open",
    "measure_form_class",
    "measure_invitation_complete",
    "measure_invitation_open",
]
