"""Emails the public journey sends, through the durable task queue.

Subjects never carry clinical detail: an email preview can be seen by anyone near the
screen (HAZ-027). Tasks are idempotent: a retried task does not send twice.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task


def _hours(link) -> str:
    hours = round((link.expires_at - link.created_at).total_seconds() / 3600)
    return f"{hours // 24} days" if hours >= 48 else f"{hours} hours"


def _link_message(link, hub) -> tuple[str, str]:
    from .links import link_url

    url = link_url(link)
    if link.purpose in ("resume", "find_saved"):
        return (
            f"{hub.name}: continue where you left off",
            "You asked for a link to carry on with your answers. We have saved everything "
            f"you told us.\n\nContinue here:\n{url}\n\nThe link works once and for {_hours(link)}."
            " If it has expired, you can ask for a new one on our website.\n\n"
            "If you did not ask for this, you can ignore this email.",
        )
    if link.purpose == "returning":
        return (
            f"{hub.name}: your sign-in link",
            "You asked to get in touch with us again. Use this link to confirm your details "
            f"and tell us how you are now, without registering again:\n{url}\n\n"
            f"The link works once and for {_hours(link)}.\n\n"
            "If you did not ask for this, you can ignore this email.",
        )
    return (
        f"{hub.name}: questionnaires before your assessment",
        "We have accepted your referral. Before your assessment, please answer some "
        f"questionnaires about how you have been feeling:\n{url}\n\n"
        f"The link works once and for {_hours(link)}. Your answers are saved as you go.",
    )


def _not_found_message(link, hub) -> tuple[str, str]:
    start = f"{settings.SITE_URL}{reverse('intake:start', kwargs={'slug': hub.slug})}"
    if link.purpose == "returning":
        body = (
            f"Someone asked for a link to get back in touch with {hub.name} using this "
            "email address, but we could not find it in our records. You may have used a "
            f"different email address. You can refer yourself here:\n{start}"
        )
    else:
        body = (
            f"Someone asked for a link to saved answers at {hub.name} using this email "
            f"address, but we have no saved answers for it. You can start here:\n{start}"
        )
    return (
        f"{hub.name}: we could not find your details",
        body + "\n\nIf you did not ask for this, you can ignore this email.",
    )


@task()
def send_link_email(link_id: int) -> str:
    """Send one single-use link (or say kindly that nothing was found). Returns what it did."""
    from resiliencehub.records.models import Client

    from .models import AccessLink, Journey, JourneyStatus

    with transaction.atomic():
        link = (
            AccessLink.objects.select_for_update(of=("self",)).select_related("hub").get(pk=link_id)
        )
        if link.sent_at is not None:
            return "already sent"
        hub = link.hub
        recipient = link.email
        found = True
        if link.purpose == "find_saved":
            journey = (
                Journey.objects.filter(
                    hub=hub,
                    email_lookup=link.email_lookup,
                    status__in=[JourneyStatus.IN_PROGRESS, JourneyStatus.SCREENED],
                )
                .order_by("-updated_at")
                .first()
            )
            found = journey is not None
            link.journey = journey
        elif link.purpose == "returning":
            client = (
                Client.objects.filter(hub=hub, email_lookup=link.email_lookup)
                .order_by("-created_at")
                .first()
            )
            found = client is not None
            link.client = client
        elif link.purpose == "questionnaires":
            recipient = link.client.email
        subject, body = _link_message(link, hub) if found else _not_found_message(link, hub)
        if not found:
            link.revoked_at = timezone.now()
        link.sent_at = timezone.now()
        link.email = ""
        link.save(update_fields=["journey", "client", "sent_at", "email", "revoked_at"])
        send_mail(subject, body, None, [recipient])
    return "sent" if found else "not found"


@task()
def send_feedback_email(screening_id: int) -> str:
    """Email the feedback a person saw on screen (screening-within-referral hubs)."""
    from resiliencehub.records.models import Screening
    from resiliencehub.records.selectors import may_email

    from . import feedback
    from .selectors import median_wait

    screening = Screening.objects.select_related("hub", "client", "referral").get(pk=screening_id)
    client = screening.client
    if not may_email(client):
        return "not allowed"
    responses = list(screening.responses.order_by("id"))
    # An alert's response may have been superseded by a later answer: it was still given.
    alerted = [a.response for a in screening.risk_alerts.select_related("response") if a.response]
    risk = feedback.risk_feedback(
        screening.hub, responses + alerted, reachable=bool(client.phone or client.email)
    )
    body = feedback.email_body(
        screening.hub,
        feedback.for_responses(responses),
        median_wait(screening.hub),
        screening.referral.reference,
        risk,
    )
    send_mail(f"{screening.hub.name}: thank you for your referral", body, None, [client.email])
    return "sent"
