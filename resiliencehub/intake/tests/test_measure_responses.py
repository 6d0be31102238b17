"""Storing an administration: raw answers encrypted, scores snapshotted, risk escalated."""

from unittest import mock

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import DatabaseError, connection
from django_tasks_db.models import DBTaskResult

from resiliencehub.audit.services import Auditor
from resiliencehub.instruments import AnswerError
from resiliencehub.records.measures import measure_response_record
from resiliencehub.records.models import (
    AlertStatus,
    Client,
    MeasureResponse,
    ResponseSource,
    RiskAlert,
)

pytestmark = pytest.mark.django_db

PHQ9_ITEM_9_SEVERAL_DAYS = {1: 1, 2: 2, 3: 1, 4: 2, 5: 0, 6: 1, 7: 0, 8: 0, 9: 1}
CANARY_NAME = "Zebedee Canary-Quill"


def record(hub, answers, **kwargs):
    return measure_response_record(
        hub,
        "PHQ-9",
        answers,
        auditor=Auditor.system("tests"),
        source=ResponseSource.CLIENT,
        **kwargs,
    )


@pytest.mark.hazard("HAZ-004")
def test_a_risk_answer_puts_an_alert_and_its_notification_in_the_same_commit(hub_a):
    recorded = record(hub_a, PHQ9_ITEM_9_SEVERAL_DAYS)
    alert = RiskAlert.objects.get()
    assert recorded.alert == alert
    assert alert.status == AlertStatus.OPEN
    assert "item 9" in alert.reason and "Several days" in alert.reason
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("notify_duty_of_alert")
    assert task.args_kwargs["args"] == [alert.pk]


@pytest.mark.hazard("HAZ-004")
@pytest.mark.django_db(transaction=True)  # the write is the outermost transaction, as in use
def test_if_the_alert_cannot_be_stored_the_answers_are_not_stored_either(hub_a):
    with (
        mock.patch.object(RiskAlert, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        record(hub_a, PHQ9_ITEM_9_SEVERAL_DAYS)
    assert MeasureResponse.objects.count() == 0


@pytest.mark.hazard("HAZ-001")
def test_an_incomplete_form_with_a_risk_answer_still_raises_an_alert(hub_a):
    recorded = record(hub_a, {9: 2})
    assert not recorded.response.complete
    assert recorded.response.total is None
    assert recorded.alert is not None


@pytest.mark.hazard("HAZ-009")
def test_the_score_snapshot_and_definition_version_are_stored_with_the_raw_answers(hub_a):
    response = record(hub_a, {1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0}).response
    response.refresh_from_db()
    assert response.answers == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 0, "6": 0, "7": 0, "8": 0}
    assert response.instrument_version
    assert (response.total, response.total_exact, response.band) == (5, "9/2", "mild")
    assert response.prorated
    assert response.scores["band"] == "mild"


@pytest.mark.hazard("HAZ-003")
def test_an_impossible_answer_is_refused_and_nothing_is_stored(hub_a):
    with pytest.raises(AnswerError, match="9"):
        record(hub_a, {9: 4})
    assert MeasureResponse.objects.count() == 0


@pytest.mark.hazard("HAZ-006")
def test_answers_and_contact_details_are_not_readable_in_the_database(hub_a):
    client = Client.objects.create(hub=hub_a, full_name=CANARY_NAME, email="canary@example.org")
    record(hub_a, PHQ9_ITEM_9_SEVERAL_DAYS, client=client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, email FROM intake_client")
        name, email = cursor.fetchone()
        cursor.execute("SELECT answers FROM intake_measureresponse")
        (answers,) = cursor.fetchone()
        cursor.execute("SELECT reason FROM triage_riskalert")
        (reason,) = cursor.fetchone()
    assert CANARY_NAME not in name and "canary@" not in email
    assert '"9"' not in answers and "Several days" not in reason
    assert Client.objects.get().full_name == CANARY_NAME


@pytest.mark.hazard("HAZ-006")
def test_rotating_keys_keeps_old_values_readable_and_re_encrypts_them(hub_a, settings):
    client = Client.objects.create(hub=hub_a, full_name=CANARY_NAME)
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert Client.objects.get(pk=client.pk).full_name == CANARY_NAME

    call_command("rotate_encryption_keys", stdout=mock.MagicMock())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Client.objects.get(pk=client.pk).full_name == CANARY_NAME
