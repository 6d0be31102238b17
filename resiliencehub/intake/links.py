"""Secrets a person holds: the journey cookie and single-use emailed links (ADR 0012).

Only SHA-256 digests are stored. An emailed link's token is an HMAC of its row id and a
random nonce under the server's secret key: the email task can rebuild it to send it,
but someone holding only a copy of the database cannot.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AccessLink, LinkPurpose

JOURNEY_COOKIE = "rh_journey"

LINK_LIFETIME = {
    LinkPurpose.RESUME: timedelta(days=7),
    LinkPurpose.FIND_SAVED: timedelta(days=7),
    LinkPurpose.RETURNING: timedelta(hours=24),
    LinkPurpose.QUESTIONNAIRES: timedelta(days=14),
}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


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


def link_token(link: AccessLink) -> str:
    return salted_hmac(
        "resiliencehub.intake.link", f"{link.pk}:{link.nonce}", algorithm="sha256"
    ).hexdigest()


LINK_VIEWS = {
    LinkPurpose.RESUME: "intake:resume",
    LinkPurpose.FIND_SAVED: "intake:resume",
    LinkPurpose.RETURNING: "intake:returning_link",
    LinkPurpose.QUESTIONNAIRES: "intake:questionnaires",
}


def link_url(link: AccessLink) -> str:
    """The full address a person opens the link at, on the site's public address."""
    path = reverse(
        LINK_VIEWS[link.purpose], kwargs={"slug": link.hub.slug, "token": link_token(link)}
    )
    return f"{settings.SITE_URL}{path}"


def link_create(purpose: LinkPurpose, hub, **fields) -> AccessLink:
    """A new link row with its token's digest (inside the caller's transaction)."""
    now = timezone.now()
    with transaction.atomic():
        link = AccessLink.objects.create(
            purpose=purpose,
            hub=hub,
            nonce=secrets.token_hex(16),
            created_at=now,
            expires_at=now + LINK_LIFETIME[purpose],
            **fields,
        )
        link.token_hash = digest(link_token(link))
        link.save(update_fields=["token_hash"])
    return link


def link_for_token(hub, purpose: LinkPurpose, token: str) -> AccessLink | None:
    """The unused, unexpired link this token opens, or None (for any reason alike)."""
    if not token or len(token) > 128:
        return None
    link = AccessLink.objects.filter(
        hub=hub, purpose=purpose, token_hash=digest(token), used_at__isnull=True
    ).first()
    if link is None or link.revoked_at is not None or link.expires_at <= timezone.now():
        return None
    return link


def link_use(link: AccessLink) -> bool:
    """Mark the link used; True for exactly one caller however many race for it."""
    return (
        AccessLink.objects.filter(pk=link.pk, used_at__isnull=True, revoked_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .update(used_at=timezone.now())
        == 1
    )
