from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from resiliencehub.accounts.roles import ROLE_DESCRIPTIONS, Role
from resiliencehub.core.decorators import public

from . import access, presenters, selectors


@public
def directory(request):
    return render(request, "hub/directory.jinja", {"hubs": selectors.public_hubs()})


@public
def public_home(request, slug):
    hub = selectors.hub_with_configuration(slug)
    if hub is None:
        raise Http404("No hub here.")
    return render(
        request,
        "hub/public_home.jinja",
        {
            "hub": hub,
            "eligibility": selectors.eligibility_summary(hub),
            "offer": presenters.public_offer(hub),
        },
    )


def staff_hubs(request):
    """Where staff land after signing in: their hub, or a choice of hubs."""
    hubs = list(access.hubs_for(request.user))
    if len(hubs) == 1 and not request.user.is_superuser:
        return redirect("hub:staff_home", slug=hubs[0].slug)
    return render(request, "hub/staff_hubs.jinja", {"hubs": hubs})


def staff_home(request, slug):
    hub = access.hub_for_member(request.user, slug)
    roles = access.roles_in(request.user, hub)
    today = timezone.localdate()
    return render(
        request,
        "hub/staff_home.jinja",
        {
            "hub": hub,
            "sections": presenters.staff_home_sections(request.user, hub, roles, today),
            "on_duty_today": hub.duty_shifts.filter(day=today, clinician=request.user).exists(),
            "role_labels": [Role(r).label for r in sorted(roles)],
            "role_descriptions": ROLE_DESCRIPTIONS,
        },
    )


def configuration(request, slug):
    hub = access.hub_for_member(request.user, slug)
    hub = selectors.hub_with_configuration(hub.slug)
    return render(
        request,
        "hub/configuration.jinja",
        {
            "hub": hub,
            "eligibility": selectors.eligibility_summary(hub),
            "map": presenters.service_map(hub, timezone.localdate()),
        },
    )
