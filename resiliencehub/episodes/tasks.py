"""Emails to clients in care, through the durable task queue.

Subjects never carry clinical detail or the names of questionnaires: an email preview can
be seen by anyone near the screen (HAZ-027). The task is idempotent: a retried task does
not send twice, and a link that was used, has expired or whose episode has closed is not
sent at all.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from resiliencehub.hub.presenters import crisis_lines_text


@task()
def send_measure_link_email(invitation_id: int) -> str:
    """Email the client their single-use measures link. Returns what it did."""
    from .models import MeasureInvitation
    from .services import MEASURE_LINK_DAYS, client_can_be_emailed, measure_invitation_token

    with transaction.atomic():
        invitation = (
            MeasureInvitation.objects.select_for_update(of=("self",))
            .select_related("hub", "episode__client")
            .get(pk=invitation_id)
        )
        if invitation.emailed_at is not None:
            return "already sent"
        episode = invitation.episode
        if (
            invitation.completed_at is not None
            or invitation.expires_at <= timezone.now()
            or not episode.is_open
        ):
            return "not sent: the link can no longer be used"
        if not client_can_be_emailed(episode):
            # The client withdrew consent to email after the link was made.
            return "not sent: the client may not be emailed"
        path = reverse(
            "episodes:client_measures", kwargs={"token": measure_invitation_token(invitation)}
        )
        hub = invitation.hub
        subject = f"{hub.name}: a link from your practitioner"
        body = (
            "Your practitioner has asked you to answer a few short questionnaires about how "
            f"you have been feeling, before your next session:\n{settings.SITE_URL}{path}\n\n"
            f"The link works once and for {MEASURE_LINK_DAYS} days. Your answers go straight "
            "to your practitioner; nobody at your workplace sees them.\n\n"
            "If you need help now:\n" + "\n".join(crisis_lines_text(hub)) + "\n\n"
            f"If this email was not meant for you, please let {hub.name} know and delete it."
        )
        invitation.emailed_at = timezone.now()
        invitation.save(update_fields=["emailed_at"])
        send_mail(subject, body, None, [episode.client.email])
    return "sent"
