"""Background work for the duty queue."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task


@task()
def notify_duty_of_alert(alert_id: int) -> int:
    """Email today's duty clinicians that an alert is waiting. No clinical detail is sent.

    Returns how many people were emailed.
    """
    from resiliencehub.hub.models import DutyShift

    from .models import RiskAlert

    alert = RiskAlert.objects.select_related("hub").get(pk=alert_id)
    shifts = DutyShift.objects.filter(hub=alert.hub, day=timezone.localdate()).select_related(
        "clinician"
    )
    recipients = sorted({s.clinician.email for s in shifts if s.clinician.email})
    if not recipients:
        return 0
    path = reverse("triage:duty_queue", kwargs={"slug": alert.hub.slug})
    send_mail(
        subject=f"{alert.hub.name}: a new alert is on the duty queue",
        message=(
            "A new alert is waiting on the duty queue. Sign in to see it:\n\n"
            f"{settings.SITE_URL}{path}\n\n"
            "This email contains no client details by design."
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
