"""The follow-up pages: schedules with their response rates by wave and by group, the
people who have not answered, and changing a schedule (shown before it is made)."""

import hashlib
import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from resiliencehub.accounts.roles import Role
from resiliencehub.hub.models import MeasurePurpose
from resiliencehub.records.pages import auditor, list_page, paginate, posted, staff_hub
from resiliencehub.records.presenters import client_name

from . import planning, selectors
from .forms import ScheduleForm


def _fingerprint(proposed: dict) -> str:
    return hashlib.sha256(json.dumps(proposed, sort_keys=True).encode()).hexdigest()[:16]


REPORT_ROLES = frozenset({Role.SERVICE_MANAGER, Role.CLINICAL_LEAD, Role.ADMINISTRATOR})
CONTACT_ROLES = frozenset({Role.CLINICAL_LEAD, Role.ADMINISTRATOR})
"""Who sees names: the people who would phone a non-responder."""
CHANGE_ROLES = frozenset({Role.SERVICE_MANAGER, Role.CLINICAL_LEAD})


def schedules(request, slug):
    hub, roles = staff_hub(request, slug, REPORT_ROLES)
    rows = [(schedule, selectors.wave_rows(schedule)) for schedule in selectors.schedules(hub)]
    return render(request, "followup/schedules.jinja", {"hub": hub, "schedules": rows})


def schedule(request, slug, key):
    hub, roles = staff_hub(request, slug, REPORT_ROLES)
    found = selectors.schedule_for(hub, key)
    names = [w["name"] for w in found.waves]
    wave = request.GET.get("wave") if request.GET.get("wave") in names else None
    groups = [selectors.response_by_group(found, group, wave) for group in selectors.GROUPS]
    return render(
        request,
        "followup/schedule.jinja",
        {
            "hub": hub,
            "schedule": found,
            "waves": selectors.wave_rows(found),
            "wave": wave,
            "wave_names": names,
            "groups": groups,
            "may_see_names": bool(set(roles) & CONTACT_ROLES),
            "may_change": bool(set(roles) & CHANGE_ROLES),
        },
    )


def non_responders(request, slug, key):
    hub, roles = staff_hub(request, slug, CONTACT_ROLES)
    found = selectors.schedule_for(hub, key)
    names = [w["name"] for w in found.waves]
    wave = request.GET.get("wave") if request.GET.get("wave") in names else None
    page = paginate(request, selectors.non_responders(found, wave))
    rows = [(contact, client_name(contact.client)) for contact in page.object_list]
    return list_page(
        request,
        "followup/non_responders.jinja",
        {"schedule": found, "rows": rows, "page": page, "wave": wave},
        hub=hub,
        name="followup.non_responders",
        client_ids=[contact.client_id for contact, _ in rows],
    )


@require_http_methods(["GET", "POST"])
def schedule_change(request, slug, key):
    hub, roles = staff_hub(request, slug, CHANGE_ROLES)
    found = selectors.schedule_for(hub, key)
    choices = [m.instrument_id for m in hub.measures.all()]
    choices = [
        *dict.fromkeys(
            [m.instrument_id for m in hub.measures.all() if m.purpose == MeasurePurpose.FOLLOW_UP]
            + choices
        )
    ]
    form = ScheduleForm(posted(request), schedule=found, choices=choices)
    context = {"hub": hub, "schedule": found, "form": form}
    if request.method == "POST" and form.is_valid():
        proposed = form.planning_fields()
        previewed = _fingerprint(proposed)
        if request.POST.get("confirm") == previewed:
            change = planning.schedule_save(found, proposed, auditor=auditor(request))
            messages.success(
                request,
                f"{found.name} changed. {change.affected} planned email"
                f"{'' if change.affected == 1 else 's'} changed to match it.",
            )
            return redirect(reverse("followup:schedule", kwargs={"slug": slug, "key": key}))
        # Confirming applies exactly what was previewed: an edit made on the preview page
        # is previewed again first.
        context["change"] = planning.schedule_change_preview(found, proposed)
        context["previewed"] = previewed
    return render(request, "followup/schedule_change.jinja", context)
