"""Rate limits per address and per email, counted in the database (ADR 0015).

Counters live in the database so that every app worker and server shares them; keys are
keyed hashes, so no address or email is stored in clear. Fixed windows keep it to one
upsert per check.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .crypto import lookup_hash, normalise_email
from .models import RateLimitCounter


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


DEFAULT_LIMITS = {
    # A hospital's staff may share one public address: these are generous per address.
    "start:ip": Limit(120, timedelta(hours=1)),
    "submit:ip": Limit(60, timedelta(hours=1)),
    "email:ip": Limit(30, timedelta(hours=1)),
    # Per email: enough for a person who mistypes, too few to flood someone's inbox.
    "email:email": Limit(5, timedelta(hours=1)),
    "submit:email": Limit(5, timedelta(hours=24)),
    # Wrong staff security codes (ADR 0033): per account, a few mistypes; per address,
    # far more than a trust's staff behind one NAT address mistype in 15 minutes.
    "code:user": Limit(5, timedelta(minutes=15)),
    "code:ip": Limit(20, timedelta(minutes=15)),
}


def limits() -> dict[str, Limit]:
    return {**DEFAULT_LIMITS, **getattr(settings, "INTAKE_RATE_LIMITS", {})}


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _window_start(window: timedelta):
    seconds = int(window.total_seconds())
    now = int(timezone.now().timestamp())
    return datetime.fromtimestamp(now - now % seconds, tz=UTC)


def hit(scope: str, value: str) -> bool:
    """Count one request for `value` in `scope`; False once the limit is exceeded."""
    limit = limits()[scope]
    key = lookup_hash(value, f"ratelimit:{scope}")
    start = _window_start(limit.window)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(
            scope=scope, key_hash=key, window_start=start
        ).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(
                        scope=scope, key_hash=key, window_start=start, count=1
                    )
            except IntegrityError:
                RateLimitCounter.objects.filter(
                    scope=scope, key_hash=key, window_start=start
                ).update(count=F("count") + 1)
        count = RateLimitCounter.objects.get(scope=scope, key_hash=key, window_start=start).count
    return count <= limit.count


def used_up_until(scope: str, value: str) -> datetime | None:
    """When `value` may go on, if it has already used all of `scope`'s limit; else None.

    Counts nothing: for limits on failures, where `hit` is called only when one happens.
    """
    limit = limits()[scope]
    start = _window_start(limit.window)
    count = (
        RateLimitCounter.objects.filter(
            scope=scope, key_hash=lookup_hash(value, f"ratelimit:{scope}"), window_start=start
        )
        .values_list("count", flat=True)
        .first()
    )
    return start + limit.window if (count or 0) >= limit.count else None


def allow_ip(request, action: str) -> bool:
    return hit(f"{action}:ip", client_address(request))


def allow_email(email: str, action: str) -> bool:
    return hit(f"{action}:email", normalise_email(email))
