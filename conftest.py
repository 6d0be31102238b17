"""Fixtures shared by every test: demo hubs, staff in each role, signed-in clients."""

import os
import time
from pathlib import Path

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

from resiliencehub.audit import triggers

DEMO_HUBS = Path(__file__).parent / "resiliencehub" / "nonprod" / "hubs"


def pytest_collection_modifyitems(config, items):
    """`make test` runs the browser suite once, on SQLite, not again on PostgreSQL.

    The journeys drive the same views either way; a journey whose outcome depends on the
    database (a server killed mid-write) is marked `every_database` and runs in both.
    Skipped rather than deselected, so the hazard traceability test still sees every
    hazard's browser tests.
    """
    if not os.environ.get("SKIP_BROWSER_SUITE"):
        return
    skip = pytest.mark.skip(reason="browser suite runs once, in the SQLite run")
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("every_database"):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _flush_resets_append_only_audit_table():
    """Let the test harness empty the database between transactional tests.

    The audit table refuses DELETE and TRUNCATE by design; the harness's own flush drops
    the triggers, empties the tables and puts the triggers back. Nothing in the product
    can do this.
    """
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        statements = list(sql_list)
        if any(triggers.TABLE in statement for statement in statements):
            triggers.remove(self.connection)
            try:
                return original(self, statements)
            finally:
                triggers.install(self.connection)
        return original(self, statements)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests hash thousands of passwords.

    Production keeps Argon2 first (resiliencehub/accounts/tests/test_settings.py).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo_hub(slug: str):
    from resiliencehub.audit.services import Auditor
    from resiliencehub.hub.config_file import hub_config_load

    return hub_config_load(DEMO_HUBS / f"{slug}.toml", Auditor.system("tests"))


@pytest.fixture
def hub_a(db):
    return load_demo_hub("site-a")


@pytest.fixture
def hub_b(db):
    return load_demo_hub("site-b")


@pytest.fixture
def make_staff(db):
    """make_staff(hub, role, ...) -> a user holding that role, with a confirmed TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from resiliencehub.accounts.models import Membership, User

    counter = {"n": 0}

    def make(hub=None, *roles, username=None, superuser=False, password="correct horse 42"):
        counter["n"] += 1
        name = username or f"user{counter['n']}"
        user = User.objects.create_user(
            username=name,
            password=password,
            full_name=f"Test {name}",
            is_superuser=superuser,
            is_staff=superuser,
        )
        for role in roles:
            Membership.objects.create(user=user, hub=hub, role=role)
        TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)
        return user

    return make


def verify_session(client, user) -> None:
    """Sign `user` in on `client` with the second factor already passed."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from resiliencehub.accounts.middleware import SIGNED_IN_AT

    client.force_login(user)
    session = client.session
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SIGNED_IN_AT] = time.time()
    session.save()


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> a test client signed in as user with MFA passed."""

    def sign_in(user, on_client=None):
        target = on_client or client
        verify_session(target, user)
        return target

    return sign_in
