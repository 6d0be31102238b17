"""Demo-only models. This app is never installed under production settings."""

from django.conf import settings
from django.utils.crypto import constant_time_compare
from django_otp.models import Device


class DemoDevice(Device):
    """A second factor that accepts the published demo code, for demo accounts only.

    It exists so a newcomer can sign in as every demo role without an authenticator app.
    Because the model lives in `nonprod`, which production settings do not install, the
    bypass cannot exist in production.
    """

    def verify_token(self, token) -> bool:
        code = getattr(settings, "DEMO_MFA_CODE", None)
        return bool(code) and constant_time_compare(str(token), code)
