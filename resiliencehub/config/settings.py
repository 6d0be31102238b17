"""Settings for every environment.

One module, read from typed environment helpers with secure defaults; the only
environment a demo needs is none. `resiliencehub.config.production` tightens what a
live service must have and refuses to start without its secrets.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF

from .env import env_bool, env_int, env_list, env_str, local_secret, random_urlsafe

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("RESILIENCEHUB_VAR_DIR", str(BASE_DIR / "var")))
KEYS_DIR = VAR_DIR / "keys"

PRODUCTION = False
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "") or local_secret(
    KEYS_DIR, "django-secret-key", random_urlsafe
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Field-level encryption keys, newest first. Older keys stay in the list so that
# rows written under them still decrypt until `rotate_encryption_keys` re-saves them.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", []) or [
    local_secret(KEYS_DIR, "field-encryption-key", lambda: Fernet.generate_key().decode())
]
# Keys for the audit HMAC chain, as "id:secret" pairs, newest first. Kept outside the
# database so that someone who can edit the database cannot forge a valid chain.
AUDIT_HMAC_KEYS = env_list("AUDIT_HMAC_KEYS", []) or [
    "k1:" + local_secret(KEYS_DIR, "audit-hmac-key", random_urlsafe)
]
# Key for blind indexes (looking up an email without storing it in clear).
LOOKUP_HMAC_KEY = env_str("LOOKUP_HMAC_KEY", "") or local_secret(
    KEYS_DIR, "lookup-hmac-key", random_urlsafe
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "resiliencehub.core",
    "resiliencehub.accounts",
    "resiliencehub.audit",
    "resiliencehub.hub",
    "resiliencehub.records",
    "resiliencehub.intake",
    "resiliencehub.triage",
    "resiliencehub.episodes",
    "resiliencehub.followup",
]
NONPROD_APPS = ["resiliencehub.nonprod"]
INSTALLED_APPS += NONPROD_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "resiliencehub.core.middleware.RequestIdMiddleware",
    "resiliencehub.core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "resiliencehub.accounts.middleware.StaffSessionMiddleware",
    "resiliencehub.accounts.middleware.StaffAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "resiliencehub.config.urls"
WSGI_APPLICATION = "resiliencehub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "resiliencehub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "resiliencehub.config.jinja2.environment",
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "resiliencehub.core.context_processors.page",
            ],
        },
    },
    {
        # The Django admin ships Django-language templates only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]


# A worker keeps its database connection between requests (opening one, with SQLite's
# PRAGMAs, was a quarter of a page POST), checked before reuse so a connection the
# database dropped is replaced rather than failing a request (ADR 0036).
_KEPT_CONNECTIONS = {"CONN_MAX_AGE": 300, "CONN_HEALTH_CHECKS": True}


def _sqlite(path: Path) -> dict:
    # WAL lets readers continue while one writer commits; FULL makes an acknowledged
    # commit survive power loss; IMMEDIATE takes the write lock at BEGIN so two writers
    # queue on the busy timeout instead of failing with "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        **_KEPT_CONNECTIONS,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            ),
        },
        "TEST": {"NAME": env_str("SQLITE_TEST_NAME", "") or None},
    }


DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=_KEPT_CONNECTIONS["CONN_MAX_AGE"],
            conn_health_checks=_KEPT_CONNECTIONS["CONN_HEALTH_CHECKS"],
        )
    }
    DATABASES["default"].setdefault("OPTIONS", {})
else:
    DATABASES = {"default": _sqlite(Path(env_str("SQLITE_PATH", str(VAR_DIR / "db.sqlite3"))))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "hub:staff_hubs"

# Staff sessions: idle 30 minutes (sliding), absolute 12 hours (StaffSessionMiddleware).
SESSION_COOKIE_AGE = env_int("STAFF_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
STAFF_ABSOLUTE_SESSION_SECONDS = env_int("STAFF_ABSOLUTE_SESSION_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# The __Host- prefix binds a cookie to this exact origin; browsers accept it only on
# Secure cookies, so it is used whenever cookies are secure.
SESSION_COOKIE_NAME = "__Host-session" if SECURE_COOKIES else "rh_session"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "rh_csrftoken"
CSRF_FAILURE_VIEW = "resiliencehub.core.views.csrf_failure"

# django-axes: lock a username from one address, so a shared NHS trust IP is not
# locked out for everyone when one person mistypes (quality.md S9).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "resiliencehub.accounts.views.locked_out"
# Password spraying (a few guesses on each of many accounts) is stopped per address across
# accounts, at a threshold far above what a trust's staff behind one NAT address mistype in
# 15 minutes (ADR 0033). Every failed password is kept (with its time) to count them.
AXES_HANDLER = "resiliencehub.accounts.lockout.SignInLockoutHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 20)
# Refused attempts during a lock are not counted, so a lock ends one cool-off after the
# last real failure even while colleagues keep trying.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Resilience Hub"
OTP_TOTP_THROTTLE_FACTOR = 1

SECURE_CONTENT_TYPE_NOSNIFF = True
# "no-referrer" would make Chromium send "Origin: null" on form posts, which CSRF
# protection rightly refuses; "same-origin" still sends nothing to other sites.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Outside production the app serves straight from the finders, so `make run` needs no
# collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# The address emailed links point at (no trailing slash). The task worker sends them with
# no request to learn the address from, so unless SITE_URL is set it is this demo server's
# own address: scripts/run-dev.sh gives the web server and the worker the same PORT.
# Production must set it (production.py).
SITE_URL = (env_str("SITE_URL", "") or f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@resiliencehub.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "ERROR"}},
}

# A demo-only way past the second factor (resiliencehub.nonprod). Production settings
# remove the app that provides it, so the bypass cannot exist there.
DEMO_MFA_CODE = "123456"
