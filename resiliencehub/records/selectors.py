"""Questions about the shared clinical record that every journey app asks: who may be
emailed, which clients a person is conflicted with, whose case a person holds."""

from datetime import datetime

from django.shortcuts import get_object_or_404

from .models import BreakGlass, Client, ConflictOfInterest


def may_email(client) -> bool:
    """Whether the client agreed to be emailed and gave an address to email."""
    return bool(client is not None and client.may_email and client.email)


def client_for(hub, client_id: int) -> Client:
    return get_object_or_404(Client.objects.filter(hub=hub), pk=client_id)


def case_holder_episode_ids(hub, client, user) -> list[int]:
    """The client's episodes in `hub` whose case `user` holds (through the episodes' link
    back to the client: the record does not import the episodes app above it)."""
    if client is None:
        return []
    return list(client.episodes.filter(hub=hub, case_holder=user).values_list("pk", flat=True))


# --- conflicts of interest -------------------------------------------------------------


def has_active_conflict(user, client) -> bool:
    return ConflictOfInterest.objects.filter(
        client=client, staff=user, ended_at__isnull=True
    ).exists()


def active_break_glass(user, client, now: datetime) -> BreakGlass | None:
    return (
        BreakGlass.objects.filter(client=client, user=user, expires_at__gt=now)
        .order_by("-opened_at")
        .first()
    )


def restricted_client_ids(user, hub, now: datetime) -> frozenset[int]:
    """Clients in `hub` this user is conflicted with and has no open break glass for."""
    conflicted = set(
        ConflictOfInterest.objects.filter(hub=hub, staff=user, ended_at__isnull=True).values_list(
            "client_id", flat=True
        )
    )
    if not conflicted:
        return frozenset()
    opened = set(
        BreakGlass.objects.filter(
            hub=hub, user=user, client_id__in=conflicted, expires_at__gt=now
        ).values_list("client_id", flat=True)
    )
    return frozenset(conflicted - opened)


def conflicts_for(hub, client):
    return (
        ConflictOfInterest.objects.filter(hub=hub, client=client)
        .select_related("staff", "recorded_by")
        .order_by("-recorded_at")
    )


def conflict_for(hub, client, conflict_id: int) -> ConflictOfInterest:
    return get_object_or_404(
        ConflictOfInterest.objects.filter(hub=hub, client=client), pk=conflict_id
    )


def break_glass_log(hub):
    return (
        BreakGlass.objects.filter(hub=hub)
        .select_related("user", "reviewed_by", "client")
        .order_by("reviewed_at", "-opened_at")
    )


def break_glass_for(hub, glass_id: int) -> BreakGlass:
    return get_object_or_404(BreakGlass.objects.filter(hub=hub), pk=glass_id)
