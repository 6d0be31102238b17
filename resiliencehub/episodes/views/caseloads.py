"""Caseloads and waiting lists: my caseload, the team's, and the waiting list."""

from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.records import selectors as record_selectors
from resiliencehub.records.pages import list_page, paginate, staff_hub
from resiliencehub.records.rules import CASE_HOLDER_ROLES, LEAD_ROLES, WAITING_LIST_ROLES

from .. import presenters, selectors


def my_caseload(request, slug):
    hub, roles = staff_hub(request, slug, CASE_HOLDER_ROLES)
    now = timezone.now()
    page = paginate(request, selectors.my_caseload(hub, request.user))
    restricted = record_selectors.restricted_client_ids(request.user, hub, now)
    attended = selectors.attended_counts(e.pk for e in page.object_list)
    rows = presenters.case_rows(page.object_list, now, restricted, attended)
    return list_page(
        request,
        "episodes/caseload.jinja",
        {
            "rows": rows,
            "page": page,
            "team": False,
            "dna": selectors.did_not_attend(hub, clinician=request.user, now=now),
        },
        hub=hub,
        name="episodes.my_caseload",
        client_ids=[r.episode.client_id for r in rows if not r.restricted],
    )


def team_caseload(request, slug):
    hub, roles = staff_hub(request, slug, LEAD_ROLES)
    now = timezone.now()
    page = paginate(request, selectors.team_caseload(hub))
    restricted = record_selectors.restricted_client_ids(request.user, hub, now)
    attended = selectors.attended_counts(e.pk for e in page.object_list)
    rows = presenters.case_rows(page.object_list, now, restricted, attended)
    return list_page(
        request,
        "episodes/caseload.jinja",
        {
            "rows": rows,
            "page": page,
            "team": True,
            "counts": selectors.caseload_counts(hub),
            "dna": selectors.did_not_attend(hub, now=now),
        },
        hub=hub,
        name="episodes.team_caseload",
        client_ids=[r.episode.client_id for r in rows if not r.restricted],
    )


def waiting_list(request, slug):
    hub, roles = staff_hub(request, slug, WAITING_LIST_ROLES)
    stage = request.GET.get("stage", "assessment")
    if stage not in ("assessment", "intervention"):
        stage = "assessment"
    now = timezone.now()
    queryset = selectors.waiting_list(hub, stage)
    if Role.CLINICAL_LEAD not in roles and Role.ADMINISTRATOR not in roles:
        # A clinician sees their own waiting clients only (least privilege, ADR 0020).
        queryset = queryset.filter(case_holder=request.user)
    page = paginate(request, queryset)
    restricted = record_selectors.restricted_client_ids(request.user, hub, now)
    rows = presenters.wait_rows(page.object_list, stage, now, restricted)
    return list_page(
        request,
        "episodes/waiting_list.jinja",
        {
            "rows": rows,
            "page": page,
            "stage": stage,
            "summary": presenters.wait_summary(selectors.waits_seen(hub, now)),
            "may_allocate": Role.CLINICAL_LEAD in roles,
            "dna": selectors.did_not_attend(
                hub,
                clinician=None
                if set(roles) & {Role.CLINICAL_LEAD, Role.ADMINISTRATOR}
                else request.user,
                now=now,
            ),
        },
        hub=hub,
        name="episodes.waiting_list",
        client_ids=[r.episode.client_id for r in rows if not r.restricted],
    )
