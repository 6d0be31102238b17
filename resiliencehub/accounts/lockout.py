"""When sign-in is refused, and until when (ADR 0033).

Two locks, both counted from django-axes' own records of failed passwords:

- one username from one address: 5 wrong passwords in 15 minutes (axes' own rule);
- one address across all usernames: `SIGN_IN_ADDRESS_FAILURE_LIMIT` wrong passwords in
  `AXES_COOLOFF_TIME`, which stops password spraying (a few guesses on each of many
  accounts) without letting one person's typing lock out a trust's shared address.

While either lock holds, every password from that address (or for that username there) is
refused without being checked, and the refusals are not counted, so a lock always ends
one cool-off after the last counted failure.
"""

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.utils import timezone


def _threshold() -> datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def address_locked_until(ip_address: str | None) -> datetime | None:
    """When the address may sign in again, or None if it is not locked."""
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    if not ip_address or not limit:
        return None
    recent = list(
        AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gte=_threshold())
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    # The lock lifts when the oldest of the latest `limit` failures leaves the window.
    return recent[-1] + settings.AXES_COOLOFF_TIME


def account_locked_until(ip_address: str | None, username: str | None) -> datetime | None:
    """When this username may sign in again from this address, or None if it is not locked."""
    attempts = AccessAttempt.objects.filter(
        ip_address=ip_address, username=username, attempt_time__gte=_threshold()
    )
    failures = sum(attempts.values_list("failures_since_start", flat=True))
    if failures < settings.AXES_FAILURE_LIMIT:
        return None
    return max(attempts.values_list("attempt_time", flat=True)) + settings.AXES_COOLOFF_TIME


def sign_in_locked_until(request, credentials=None) -> datetime | None:
    """The later of the two locks that apply to this request, or None."""
    ip_address = getattr(request, "axes_ip_address", None)
    username = get_client_username(request, credentials)
    ends = [
        end
        for end in (address_locked_until(ip_address), account_locked_until(ip_address, username))
        if end is not None
    ]
    return max(ends, default=None)


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, also refusing an address that has sprayed many accounts."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_locked_until(getattr(request, "axes_ip_address", None)) is not None

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """Also lift an address's pause (`manage.py axes_reset_ip`): forget its failures."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if ip_address and not username:
            AccessFailureLog.objects.filter(ip_address=ip_address).delete()
        return count
