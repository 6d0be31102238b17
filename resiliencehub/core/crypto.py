"""Field-level encryption and blind indexes.

Contact details, answers and free text are stored as Fernet tokens (AES-128-CBC with
HMAC-SHA256). Keys come from FIELD_ENCRYPTION_KEYS, newest first: the newest encrypts,
all decrypt, so keys rotate without downtime (`manage.py rotate_encryption_keys`).
A value that must be found again (an email address) is also stored as an HMAC under a
separate key, so equality lookups work without storing it in clear.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same plaintext re-encrypted under the newest key."""
    return fernet().rotate(token.encode()).decode()


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def lookup_hash(value: str, purpose: str) -> str:
    """A keyed hash for equality lookups; `purpose` keeps indexes of different things apart."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(settings.LOOKUP_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def email_lookup(email: str) -> str:
    return lookup_hash(normalise_email(email), "email")
