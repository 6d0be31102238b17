"""Emails the public journey sends, through the client-email mechanism (ADR 0035).

Each task is one small function: whom to write to, which template (in
`records/jinja2/email/`) and what it needs. Locking, sending once, re-checking consent at
sending time and rendering are `records.client_email`'s. Subjects never carry clinical
detail: an email preview can be seen by anyone near the screen (HAZ-027).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from resiliencehub.hub.presenters import crisis_lines_text
from resiliencehub.records.client_email import Email, client_email
from resiliencehub.records.models import Client, Screening

from . import feedback
from .links import link_url
from .models import AccessLink, Journey, JourneyStatus, LinkPurpose
from .selectors import median_wait


def _lasts(link) -> str:
    hours = round((link.expires_at - link.created_at).total_seconds() / 3600)
    return f"{hours // 24} days" if hours >= 48 else f"{hours} hours"


def _find_saved(link: AccessLink) -> bool:
    link.journey = (
        Journey.objects.filter(
            hub=link.hub,
            email_lookup=link.email_lookup,
            status__in=[JourneyStatus.IN_PROGRESS, JourneyStatus.SCREENED],
        )
        .order_by("-updated_at")
        .first()
    )
    return link.journey is not None


def _find_returning(link: AccessLink) -> bool:
    link.client = (
        Client.objects.filter(hub=link.hub, email_lookup=link.email_lookup)
        .order_by("-created_at")
        .first()
    )
    return link.client is not None


@client_email(AccessLink, select_related=("hub",))
def send_link_email(link: AccessLink) -> Email:
    """One single-use link (or, asked for by an address we do not know, a kind "we could
    not find you"). The link the person asked for on the page goes to the address they
    typed; the questionnaires link goes to the client, if they still agree to email."""
    hub = link.hub
    to, consent_of = link.email, None
    if link.purpose == LinkPurpose.FIND_SAVED:
        found = _find_saved(link)
    elif link.purpose == LinkPurpose.RETURNING:
        found = _find_returning(link)
    else:
        found = True
        if link.purpose == LinkPurpose.QUESTIONNAIRES:
            to, consent_of = link.client.email, link.client
    changed = ["journey", "client", "email", "revoked_at"]
    link.email = ""  # the address is not kept once the email is written
    if not found:
        link.revoked_at = timezone.now()
        start = f"{settings.SITE_URL}{reverse('intake:start', kwargs={'slug': hub.slug})}"
        kind = "returning" if link.purpose == LinkPurpose.RETURNING else "saved"
        context = {"hub": hub, "start": start}
        return Email(to, f"not_found_{kind}", context, result="not found", changed=changed)
    template = "resume" if link.purpose == LinkPurpose.FIND_SAVED else str(link.purpose)
    context = {"hub": hub, "link": link_url(link), "lasts": _lasts(link)}
    return Email(to, template, context, consent_of=consent_of, changed=changed)


@client_email(
    Screening,
    select_related=("hub", "client", "referral"),
    sent_field="feedback_sent_at",
    not_allowed="not allowed",
)
def send_feedback_email(screening: Screening) -> Email | str:
    """Email the feedback a person saw on screen (screening-within-referral hubs)."""
    hub, client = screening.hub, screening.client
    if client is None:
        return "not allowed"
    responses = list(screening.responses.order_by("id"))
    # An alert's response may have been superseded by a later answer: it was still given.
    alerted = [a.response for a in screening.risk_alerts.select_related("response") if a.response]
    risk = feedback.risk_feedback(
        hub, responses + alerted, reachable=bool(client.phone or client.email)
    )
    context = {
        "hub": hub,
        "reference": screening.referral.reference,
        "risk": risk,
        "feedback": feedback.for_responses(responses),
        "not_a_diagnosis": feedback.NOT_A_DIAGNOSIS,
        "wait_days": median_wait(hub).days,
        "crisis_lines": crisis_lines_text(hub, tel=True),
    }
    return Email(client.email, "feedback", context, consent_of=client)
