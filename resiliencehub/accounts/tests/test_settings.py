from resiliencehub.config import settings as configured


def test_passwords_are_hashed_with_argon2():
    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_lock_out_is_by_username_and_address_with_a_cool_off():
    assert configured.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert configured.AXES_FAILURE_LIMIT == 5
    assert configured.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_staff_sessions_have_idle_and_absolute_limits():
    assert configured.SESSION_COOKIE_AGE == 30 * 60
    assert configured.SESSION_SAVE_EVERY_REQUEST
    assert configured.STAFF_ABSOLUTE_SESSION_SECONDS == 12 * 60 * 60


def test_sqlite_is_configured_for_durable_concurrent_writes():
    options = configured._sqlite(configured.BASE_DIR / "x.sqlite3")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=FULL" in options["init_command"]
    assert options["timeout"] >= 5
