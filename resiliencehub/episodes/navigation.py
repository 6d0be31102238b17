"""Links this app adds to staff home pages, by role (hub/presenters.py)."""

from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.records import selectors as record_selectors
from resiliencehub.records.rules import (
    CASE_HOLDER_ROLES,
    DIRECTORY_VIEW_ROLES,
    GROUP_ROLES,
    WAITING_LIST_ROLES,
)

from . import selectors


def home_links(user, hub, roles, today) -> list:
    def href(name):
        return reverse(f"episodes:{name}", kwargs={"slug": hub.slug})

    held = set(roles)
    links = []
    if held & CASE_HOLDER_ROLES:
        link = {
            "text": "My caseload",
            "href": href("my_caseload"),
            "count": selectors.my_caseload(hub, user).count(),
        }
        links += [(role, link) for role in held & CASE_HOLDER_ROLES]
    if Role.CLINICAL_LEAD in held:
        links.append((Role.CLINICAL_LEAD, {"text": "Team caseload", "href": href("team_caseload")}))
        links.append(
            (
                Role.CLINICAL_LEAD,
                {
                    "text": "Break-glass access to review",
                    "href": href("break_glass_log"),
                    "count": record_selectors.break_glass_log(hub)
                    .filter(reviewed_at__isnull=True)
                    .count(),
                },
            )
        )
    if held & WAITING_LIST_ROLES:
        link = {"text": "Waiting list", "href": href("waiting_list")}
        links += [(role, link) for role in held & WAITING_LIST_ROLES]
    if held & GROUP_ROLES:
        link = {"text": "Groups", "href": href("groups")}
        links += [(role, link) for role in held & GROUP_ROLES]
    if held & DIRECTORY_VIEW_ROLES:
        link = {"text": "Service directory", "href": href("directory")}
        links += [(role, link) for role in held & DIRECTORY_VIEW_ROLES]
    return links
