"""Production settings: everything in `settings`, tightened, with secrets from the environment.

`python manage.py check --deploy --fail-level WARNING` with this module reports no issues
(tests/test_deploy_check.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Secrets must come from the environment: refuse to fall back to files beside the code.
# SITE_URL too: emailed links are built without a request, and the local default (this
# machine's own address) would send every client a dead link.
for _name in (
    "DJANGO_SECRET_KEY",
    "FIELD_ENCRYPTION_KEYS",
    "AUDIT_HMAC_KEYS",
    "LOOKUP_HMAC_KEY",
    "SITE_URL",
):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"Production needs the environment variable {_name}.")
if not os.environ["SITE_URL"].startswith("https://"):
    raise ImproperlyConfigured(
        "Production needs SITE_URL to be the service's public https:// address."
    )
os.environ.setdefault("SECURE_COOKIES", "1")

from .settings import *  # noqa: E402,F403
from .settings import INSTALLED_APPS, NONPROD_APPS  # noqa: E402

PRODUCTION = True
DEBUG = False
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in NONPROD_APPS]
DEMO_MFA_CODE = None

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-session"
CSRF_COOKIE_NAME = "__Host-csrftoken"

WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
