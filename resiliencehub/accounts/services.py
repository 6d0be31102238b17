"""Sign-in, second factor and enrolment: each step audited."""

import base64
import enum
import io
import time
from base64 import b32encode
from datetime import datetime

import qrcode
import qrcode.image.svg
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.db import transaction
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core import ratelimit

SIGNED_IN_AT = "signed_in_at"
"""The session key holding when the person signed in (the session's absolute limit)."""


ENROLMENT_DEVICE_NAME = "Authenticator app"


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def has_demo_device(user) -> bool:
    """Whether the user signs in with the demo code (only where `nonprod` is installed)."""
    return any(type(d).__name__ == "DemoDevice" for d in devices_for_user(user, confirmed=True))


def sign_in(request, user) -> None:
    """The password step passed: start a session that still needs the second factor."""
    with transaction.atomic():
        django_login(request, user)
        request.session[SIGNED_IN_AT] = time.time()
        Auditor.for_request(request, user).record(AuditAction.LOGIN)


def record_failed_sign_in(request, username: str) -> None:
    Auditor.for_request(request).record(
        AuditAction.LOGIN_FAILED, detail={"username": username[:150]}
    )


class CodeCheck(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    TOO_SOON = "too soon"


def code_entry_paused_until(request) -> datetime | None:
    """When this account, or this address, may enter security codes again (ADR 0033).

    Wrong codes are limited per account (whatever the address) and per address (across
    accounts); while either limit is used up, even a right code is refused.
    """
    ends = [
        ratelimit.used_up_until("code:user", str(request.user.pk)),
        ratelimit.used_up_until("code:ip", ratelimit.client_address(request)),
    ]
    return max((end for end in ends if end is not None), default=None)


def _count_wrong_code(request) -> None:
    ratelimit.hit("code:user", str(request.user.pk))
    ratelimit.hit("code:ip", ratelimit.client_address(request))


def _throttled(device) -> bool:
    check = getattr(device, "verify_is_allowed", None)
    return check is not None and not check()[0]


def verify_second_factor(request, token: str) -> CodeCheck:
    """Accept a code from any of the user's confirmed devices; a code works once only.

    After a wrong code a device refuses further codes for a doubling number of seconds
    (django-otp throttling), so guessing 6 digits online is impractical.
    """
    user = request.user
    token = token.strip().replace(" ", "")
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=True, for_verify=True))
        if devices and all(_throttled(device) for device in devices):
            return CodeCheck.TOO_SOON
        for device in devices:
            if device.verify_token(token):
                otp_login(request, device)
                Auditor.for_request(request).record(
                    AuditAction.OTP_VERIFIED, detail={"device": type(device).__name__}
                )
                return CodeCheck.ACCEPTED
        Auditor.for_request(request).record(AuditAction.OTP_FAILED)
        _count_wrong_code(request)
    return CodeCheck.REJECTED


def pending_enrolment_device(user) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up, created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)
    return device


def confirm_enrolment(request, device: TOTPDevice, token: str) -> CodeCheck:
    with transaction.atomic():
        if _throttled(device):
            return CodeCheck.TOO_SOON
        if not device.verify_token(token.strip().replace(" ", "")):
            Auditor.for_request(request).record(AuditAction.OTP_FAILED, detail={"enrolment": True})
            _count_wrong_code(request)
            return CodeCheck.REJECTED
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        Auditor.for_request(request).record(AuditAction.OTP_ENROLLED, obj=device)
    return CodeCheck.ACCEPTED


def enrolment_secret(device: TOTPDevice) -> str:
    """The key in base32, grouped in fours, for people who type it instead of scanning."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def enrolment_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (no request to any server)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def sign_out(request) -> None:
    with transaction.atomic():
        Auditor.for_request(request).record(AuditAction.LOGOUT)
        django_logout(request)
