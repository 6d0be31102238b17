"""Single-use links a client is sent: one mechanism for every purpose (ADRs 0012, 0035).

A link is a bearer secret. Only the SHA-256 of its token is stored; the token is an HMAC
of the row's id and a random nonce under the server's secret key, so the email task can
rebuild it to put it in a message while a copy of the database alone cannot. A link has
a purpose, expires, works once (a conditional UPDATE lets exactly one request through)
and can be revoked.

An app that sends links keeps them in a concrete subclass of `SingleUseLink` (its own
table, its own foreign keys and its own `token_salt`) and calls the functions below to
issue, find, use and revoke them; nothing else writes those columns.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac


class SingleUseLink(models.Model):
    """The columns every single-use link has. Subclasses set `token_salt`."""

    token_salt = ""  # the HMAC's salt: changing it ends every link in flight

    purpose = models.CharField(max_length=20)
    nonce = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_live(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_token(link: SingleUseLink) -> str:
    """The link's token, rebuilt from the row and the server's secret key."""
    return salted_hmac(link.token_salt, f"{link.pk}:{link.nonce}", algorithm="sha256").hexdigest()


def link_issue(model, purpose: str, lifetime: timedelta, **fields) -> tuple[SingleUseLink, str]:
    """A new link row and its token (inside the caller's transaction). Only the token's
    digest is stored; the token itself is returned once, for a page that shows it."""
    now = timezone.now()
    with transaction.atomic():
        link = model.objects.create(
            purpose=purpose,
            nonce=secrets.token_hex(16),
            token_hash=None,  # set below, once the row has the id the token is made from
            created_at=now,
            expires_at=now + lifetime,
            **fields,
        )
        token = link_token(link)
        link.token_hash = digest(token)
        link.save(update_fields=["token_hash"])
    return link, token


def link_find(queryset, purpose: str, token: str):
    """The unused, unrevoked, unexpired link of this purpose that the token opens, or None
    (for any reason alike). `queryset` scopes it (a hub's links, with what to select)."""
    if not token or len(token) > 128:
        return None
    link = queryset.filter(purpose=purpose, token_hash=digest(token), used_at__isnull=True).first()
    if link is None or not link.is_live:
        return None
    return link


def link_use(link: SingleUseLink) -> bool:
    """Mark the link used; True for exactly one caller however many race for it."""
    now = timezone.now()
    return (
        type(link)
        .objects.filter(pk=link.pk, used_at__isnull=True, revoked_at__isnull=True)
        .filter(expires_at__gt=now)
        .update(used_at=now)
        == 1
    )


def link_revoke(queryset) -> int:
    """End every unused link in `queryset` (a newer link of the same kind replaces them)."""
    return queryset.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
