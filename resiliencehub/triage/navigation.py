"""Links this app adds to staff home pages, by role (hub/presenters.py)."""

from django.urls import reverse
from django.utils import timezone

from resiliencehub.records.rules import DUTY_ROLES, ROTA_VIEW_ROLES, WORKLIST_ROLES

from . import presenters, selectors


def home_links(user, hub, roles, today) -> list:
    links = []
    held = set(roles)
    if held & DUTY_ROLES:
        now = timezone.now()
        raised = selectors.open_alerts_raised_at(hub)
        overdue = presenters.overdue_count(hub, raised, now)
        open_count = selectors.duty_queue(hub).count()
        text = "Duty risk queue" + (f", {overdue} overdue" if overdue else "")
        link = {
            "text": text,
            "href": reverse("triage:duty_queue", kwargs={"slug": hub.slug}),
            "count": open_count,
        }
        links += [(role, link) for role in held & DUTY_ROLES]
    if held & WORKLIST_ROLES:
        link = {
            "text": "Triage worklist",
            "href": reverse("triage:worklist", kwargs={"slug": hub.slug}),
            "count": selectors.worklist(hub, selectors.WorklistFilter(), today).count(),
        }
        links += [(role, link) for role in held & WORKLIST_ROLES]
    if held & ROTA_VIEW_ROLES:
        link = {"text": "Duty rota", "href": reverse("triage:rota", kwargs={"slug": hub.slug})}
        links += [(role, link) for role in held & ROTA_VIEW_ROLES]
    return links
