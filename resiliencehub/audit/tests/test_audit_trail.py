"""The audit trail is append-only, HMAC-chained, and fails closed (quality.md S4, S5)."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from resiliencehub.audit import triggers
from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.audit.services import Auditor, verify_chain
from resiliencehub.hub.models import Hub

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-007")]


def write_events(n: int) -> list[AuditEvent]:
    auditor = Auditor.system("tests")
    return [
        auditor.record(AuditAction.RECORD_VIEWED, object_type="test.thing", object_id=i)
        for i in range(n)
    ]


def tamper(sql: str, params=()) -> None:
    """What an attacker with database access would do: lift the triggers, then edit."""
    triggers.remove(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        triggers.install(connection)


def test_an_event_records_who_what_when_and_where():
    event = Auditor(
        actor_label="system:tests", ip_address="10.2.3.4", request_id="abc12345"
    ).record(AuditAction.RECORD_VIEWED, object_type="episodes.episode", object_id=7, hub=3)
    event.refresh_from_db()
    assert event.sequence == 1
    assert event.actor_label == "system:tests"
    assert (event.object_type, event.object_id, event.hub_id) == ("episodes.episode", "7", 3)
    assert event.ip_address == "10.2.3.4" and event.request_id == "abc12345"
    assert event.occurred_at.utcoffset().total_seconds() == 0


def test_an_event_without_an_actor_is_refused():
    with pytest.raises(ValueError):
        Auditor().record(AuditAction.RECORD_VIEWED)
    with pytest.raises(ValueError):
        Auditor.system("")


def test_an_intact_chain_verifies():
    write_events(5)
    checked, problems = verify_chain()
    assert (checked, problems) == (5, [])
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "5 rows, chain intact" in out.getvalue()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_change_or_delete_events(statement):
    write_events(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.count() == 2


def test_the_orm_cannot_delete_events_either():
    write_events(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL only")
def test_postgres_refuses_to_truncate_the_audit_table():
    write_events(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")


def test_an_edited_row_is_detected():
    events = write_events(4)
    tamper("UPDATE audit_auditevent SET object_id = 'other' WHERE id = %s", [events[1].pk])
    _, problems = verify_chain()
    assert [p.sequence for p in problems] == [2]
    assert "does not match its MAC" in str(problems[0])
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())


def test_a_deleted_row_is_detected():
    events = write_events(4)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    _, problems = verify_chain()
    assert {p.sequence for p in problems} == {3}
    assert any("missing or reordered" in str(p) for p in problems)


def test_reordered_rows_are_detected():
    events = write_events(4)
    tamper(
        "UPDATE audit_auditevent SET sequence = CASE id WHEN %s THEN -1 ELSE sequence END",
        [events[1].pk],
    )
    tamper("UPDATE audit_auditevent SET sequence = 2 WHERE id = %s", [events[2].pk])
    tamper("UPDATE audit_auditevent SET sequence = 3 WHERE id = %s", [events[1].pk])
    _, problems = verify_chain()
    assert problems, "swapping two rows must break the chain"


def test_a_forged_mac_without_the_key_is_detected(settings):
    write_events(2)
    settings.AUDIT_HMAC_KEYS = ["k1:a-different-secret"]
    _, problems = verify_chain()
    assert len(problems) == 2


def test_rows_signed_with_an_older_key_still_verify_after_rotation(settings):
    original = settings.AUDIT_HMAC_KEYS
    write_events(2)
    settings.AUDIT_HMAC_KEYS = ["k2:the-new-secret", *original]
    write_events(2)
    assert verify_chain() == (4, [])
    assert list(AuditEvent.objects.values_list("key_id", flat=True)) == ["k1", "k1", "k2", "k2"]


def test_a_failed_audit_write_rolls_back_the_work(tmp_path):
    from conftest import DEMO_HUBS
    from resiliencehub.hub.config_file import hub_config_load

    with (
        mock.patch.object(AuditEvent, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        hub_config_load(DEMO_HUBS / "site-a.toml", Auditor.system("tests"))
    assert not Hub.objects.filter(slug="site-a").exists()
