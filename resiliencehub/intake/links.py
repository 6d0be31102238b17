"""Secrets a person holds: the journey cookie and single-use emailed links (ADR 0012).

Only SHA-256 digests are stored. The links are `records.links` single-use links (ADR
0035); this module says how long each of the journey's purposes lasts and which page
opens it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from resiliencehub.records import links as single_use
from resiliencehub.records.links import digest, link_token, link_use

from .models import AccessLink, LinkPurpose

__all__ = ["digest", "link_token", "link_use"]

JOURNEY_COOKIE = "rh_journey"

LINK_LIFETIME = {
    LinkPurpose.RESUME: timedelta(days=7),
    LinkPurpose.FIND_SAVED: timedelta(days=7),
    LinkPurpose.RETURNING: timedelta(hours=24),
    LinkPurpose.QUESTIONNAIRES: timedelta(days=14),
}


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def cookie_name() -> str:
    return f"__Host-{JOURNEY_COOKIE}" if settings.SESSION_COOKIE_SECURE else JOURNEY_COOKIE


def set_journey_cookie(response, secret: str) -> None:
    # A browser-session cookie for the whole site: __Host- cookies must use path "/".
    response.set_cookie(
        cookie_name(),
        secret,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def clear_journey_cookie(response) -> None:
    response.delete_cookie(cookie_name(), path="/", samesite="Lax")


LINK_VIEWS = {
    LinkPurpose.RESUME: "intake:resume",
    LinkPurpose.FIND_SAVED: "intake:resume",
    LinkPurpose.RETURNING: "intake:returning_link",
    LinkPurpose.QUESTIONNAIRES: "intake:questionnaires",
    LinkPurpose.FOLLOW_UP: "intake:follow_up",
}


def link_url(link: AccessLink) -> str:
    """The full address a person opens the link at, on the site's public address."""
    path = reverse(
        LINK_VIEWS[link.purpose], kwargs={"slug": link.hub.slug, "token": link_token(link)}
    )
    return f"{settings.SITE_URL}{path}"


def link_create(purpose: LinkPurpose, hub, **fields) -> AccessLink:
    """A new link row with its token's digest (inside the caller's transaction)."""
    link, _token = single_use.link_issue(
        AccessLink, purpose, LINK_LIFETIME[purpose], hub=hub, **fields
    )
    return link


def link_for_token(hub, purpose: LinkPurpose, token: str) -> AccessLink | None:
    """The unused, unexpired link this token opens, or None (for any reason alike)."""
    return single_use.link_find(AccessLink.objects.filter(hub=hub), purpose, token)


def link_revoke(**filters) -> None:
    """End the unused links of a kind (a newer link replaces them)."""
    single_use.link_revoke(AccessLink.objects.filter(**filters))
