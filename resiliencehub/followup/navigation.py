"""Links this app adds to staff home pages, by role (hub/presenters.py)."""

from django.urls import reverse

from .views import REPORT_ROLES


def home_links(user, hub, roles, today) -> list:
    link = {
        "text": "Follow-up: response rates and schedules",
        "href": reverse("followup:schedules", kwargs={"slug": hub.slug}),
    }
    return [(role, link) for role in set(roles) & REPORT_ROLES]
