"""Emails to clients in care, through the client-email mechanism (ADR 0035).

Subjects never carry clinical detail or the names of questionnaires: an email preview can
be seen by anyone near the screen (HAZ-027). The mechanism sends once and re-checks the
client's consent to email at sending time; a link that was used, has expired or whose
episode has closed is not sent at all.
"""

from django.conf import settings
from django.urls import reverse

from resiliencehub.hub.presenters import crisis_lines_text
from resiliencehub.records.client_email import Email, client_email
from resiliencehub.records.links import link_token

from .models import MEASURE_LINK_DAYS, MeasureInvitation


@client_email(MeasureInvitation, select_related=("hub", "episode__client"))
def send_measure_link_email(invitation: MeasureInvitation) -> Email | str:
    """Email the client their single-use measures link."""
    episode = invitation.episode
    if not invitation.is_live or not episode.is_open:
        return "not sent: the link can no longer be used"
    path = reverse("intake:client_measures", kwargs={"token": link_token(invitation)})
    context = {
        "hub": invitation.hub,
        "link": f"{settings.SITE_URL}{path}",
        "days": MEASURE_LINK_DAYS,
        "crisis_lines": crisis_lines_text(invitation.hub),
    }
    return Email(episode.client.email, "measure_link", context, consent_of=episode.client)
