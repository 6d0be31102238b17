"""The door to hub data: who holds which roles where, and fetch-and-authorise helpers.

An outsider (no role in the hub) gets the same 404 as for a hub that does not exist;
a member whose roles do not allow the page gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from resiliencehub.accounts.roles import Role

from .models import Hub

_CACHE_ATTR = "_hub_roles_cache"


def roles_by_hub(user) -> dict[int, frozenset[str]]:
    """Every hub id the user works in, with the roles held there; cached on the user."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        grouped: dict[int, set[str]] = {}
        for hub_id, role in user.memberships.values_list("hub_id", "role"):
            grouped.setdefault(hub_id, set()).add(role)
        cached = {hub_id: frozenset(roles) for hub_id, roles in grouped.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def roles_in(user, hub: Hub) -> frozenset[str]:
    return roles_by_hub(user).get(hub.pk, frozenset())


def hubs_for(user):
    return Hub.objects.filter(pk__in=roles_by_hub(user).keys(), is_active=True)


def hub_for_member(user, slug: str, allowed: frozenset[str] | set[Role] | None = None) -> Hub:
    """The hub at `slug` if the user holds a role there (one of `allowed`, when given)."""
    hub = Hub.objects.filter(slug=slug, is_active=True).first()
    if hub is None:
        raise Http404("No hub here.")
    held = roles_in(user, hub)
    if not held:
        raise Http404("No hub here.")
    if allowed is not None and not (held & set(allowed)):
        raise PermissionDenied("Your role in this hub does not include this page.")
    return hub
