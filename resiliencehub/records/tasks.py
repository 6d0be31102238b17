"""Background work for the shared record: telling the duty team about a new alert."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.hub.selectors import alert_recipients

from .models import RiskAlert

logger = logging.getLogger(__name__)


class NoOneToNotify(RuntimeError):
    """A new alert had no one to email: no duty clinician or clinical lead has an address."""


@task()
def notify_duty_of_alert(alert_id: int) -> int:
    """Email today's duty clinicians that an alert is waiting; if none of them can be
    emailed, the hub's clinical leads. No clinical detail is sent.

    Returns how many people were emailed. With no one to email the task fails: it
    records an audit event, logs an error and raises `NoOneToNotify`, so the worker
    marks it failed instead of reporting success (HAZ-044).
    """
    alert = RiskAlert.objects.select_related("hub").get(pk=alert_id)
    hub = alert.hub
    recipients = alert_recipients(hub, timezone.localdate())
    if recipients.nobody:
        Auditor.system("notify_duty_of_alert").record(
            AuditAction.NOTIFICATION_FAILED,
            obj=alert,
            hub=hub,
            subject_ref=client_subject(alert.client_id),
            detail={
                "notification": "new risk alert",
                "why": "no duty clinician or clinical lead with an email address",
                "duty_clinicians_without_email": [u.pk for u in recipients.unreachable],
            },
        )
        logger.error(
            "No one was emailed about risk alert %s at %s: no duty clinician or clinical "
            "lead there has an email address.",
            alert.pk,
            hub.slug,
        )
        raise NoOneToNotify(f"No one to email about risk alert {alert.pk} at {hub.slug}.")
    if recipients.fallback:
        logger.warning(
            "Risk alert %s at %s: no duty clinician can be emailed; the clinical leads were.",
            alert.pk,
            hub.slug,
        )
    why = (
        "No duty clinician with an email address is on today's rota, so this comes to you "
        "as a clinical lead.\n\n"
        if recipients.fallback
        else ""
    )
    path = reverse("triage:duty_queue", kwargs={"slug": hub.slug})
    addresses = sorted({person.email for person in recipients.people})
    send_mail(
        subject=f"{hub.name}: a new alert is on the duty queue",
        message=(
            f"A new alert is waiting on the duty queue. {why}Sign in to see it:\n\n"
            f"{settings.SITE_URL}{path}\n\n"
            "This email contains no client details by design."
        ),
        from_email=None,
        recipient_list=addresses,
    )
    return len(addresses)
