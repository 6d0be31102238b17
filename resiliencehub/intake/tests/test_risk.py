"""A risk answer: crisis information on the very next page, and an alert on the duty queue
in the same transaction as the answers (HAZ-001, HAZ-004, HAZ-010, HAZ-020, HAZ-024)."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from resiliencehub.intake import pages
from resiliencehub.intake.models import JourneyResponse
from resiliencehub.intake.state import stored_answers
from resiliencehub.records.models import Client, MeasureResponse, Referral, RiskAlert

from .helpers import CONTACT, answer_until, eligible, journey_of, page_data

pytestmark = pytest.mark.django_db


def post_phq9(client, hub, item9: int):
    journey = journey_of(client, hub)
    phq9 = pages.find(pages.plan(hub, journey, timezone.localdate()), "phq-9")
    return client.post(
        f"/h/{hub.slug}/questions/phq-9/", page_data(phq9, choose={"PHQ-9:9": item9})
    )


@pytest.mark.hazard("HAZ-010")
@pytest.mark.hazard("HAZ-001")
def test_the_page_after_a_risk_answer_is_crisis_information(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="phq-9")
    response = post_phq9(client, hub_a, 1)
    assert response["Location"] == "/h/site-a/help-now/"
    page = client.get(response["Location"]).content.decode()
    for number in ("999", "111", "116 123", "85258"):
        assert number in page
    assert "duty clinician" in page
    # The journey cannot go on until the crisis page is passed.
    assert client.get("/h/site-a/questions/").get("Location") == "/h/site-a/help-now/"
    assert client.get("/h/site-a/questions/gad-7/").get("Location") == "/h/site-a/help-now/"
    assert client.post("/h/site-a/check-your-answers/").get("Location") == "/h/site-a/help-now/"


@pytest.mark.hazard("HAZ-004")
def test_the_alert_and_its_notification_commit_with_the_answers(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="phq-9")
    post_phq9(client, hub_a, 2)
    alert = RiskAlert.objects.get()
    response = MeasureResponse.objects.get(instrument_id="PHQ-9")
    assert alert.response == response and alert.hub == hub_a
    assert response.risk and response.answers["9"] == 2
    assert "item 9" in alert.reason and "More than half the days" in alert.reason
    assert DBTaskResult.objects.filter(task_path__endswith="notify_duty_of_alert").count() == 1


@pytest.mark.hazard("HAZ-004")
@pytest.mark.hazard("HAZ-005")
def test_if_the_alert_cannot_be_stored_the_page_is_not_stored_either(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="phq-9")
    with (
        mock.patch.object(RiskAlert, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        post_phq9(client, hub_a, 1)
    journey = journey_of(client, hub_a)
    assert "page:phq-9" not in stored_answers(journey)
    assert not MeasureResponse.objects.filter(instrument_id="PHQ-9").exists()


@pytest.mark.hazard("HAZ-020")
def test_an_anonymous_self_assessor_can_leave_a_number_for_a_call_back(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="phq-9")
    post_phq9(client, hub_a, 3)
    page = client.get("/h/site-a/help-now/").content.decode()
    assert "Would you like us to call you?" in page
    bad = client.post("/h/site-a/help-now/", {"phone": "call me"})
    assert "Enter a phone number" in bad.content.decode()
    response = client.post("/h/site-a/help-now/", {"phone": "07700 900123"})
    assert response["Location"] == "/h/site-a/questions/gad-7/"
    assert RiskAlert.objects.get().callback_phone == "07700 900123"


@pytest.mark.hazard("HAZ-020")
def test_someone_who_gave_contact_details_is_reachable_from_the_alert(client, hub_c):
    eligible(client, hub_c)
    answer_until(client, hub_c, stop_at="phq-9")
    post_phq9(client, hub_c, 1)
    alert = RiskAlert.objects.get()
    client_record = Client.objects.get()
    assert alert.client == client_record and client_record.full_name == CONTACT["full_name"]
    assert alert.callback_phone == CONTACT["phone"]
    assert "call you on the number you gave" in client.get("/h/site-c/help-now/").content.decode()
    # Submitting later links the same alert to the referral, with no second client.
    client.post("/h/site-c/help-now/", {})
    answer_until(client, hub_c)
    client.post("/h/site-c/check-your-answers/")
    referral = Referral.objects.get()
    alert.refresh_from_db()
    assert alert.referral == referral and referral.client == client_record
    assert referral.has_risk and Client.objects.count() == 1


@pytest.mark.hazard("HAZ-024")
def test_changing_another_answer_does_not_raise_the_same_alert_twice(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="phq-9")
    post_phq9(client, hub_a, 1)
    client.post("/h/site-a/help-now/", {})
    journey = journey_of(client, hub_a)
    phq9 = pages.find(pages.plan(hub_a, journey, timezone.localdate()), "phq-9")
    client.post(
        "/h/site-a/questions/phq-9/?change=1",
        page_data(phq9, choose={"PHQ-9:9": 1, "PHQ-9:1": 3}),
    )
    assert RiskAlert.objects.count() == 1
    rows = JourneyResponse.objects.filter(journey=journey, instrument_id="PHQ-9")
    assert [r.superseded for r in rows] == [True, False]
    assert rows.get(superseded=False).response.answers["1"] == 3
    # A different (new) risk answer is new information: it goes on the queue.
    client.post("/h/site-a/questions/phq-9/?change=1", page_data(phq9, choose={"PHQ-9:9": 3}))
    assert RiskAlert.objects.count() == 2
    # Going back to the first risk answer, two saves later, is not new: the current
    # response carries every risk answer already alerted in the journey.
    client.post("/h/site-a/questions/phq-9/?change=1", page_data(phq9, choose={"PHQ-9:1": 0}))
    client.post("/h/site-a/questions/phq-9/?change=1", page_data(phq9, choose={"PHQ-9:9": 1}))
    assert RiskAlert.objects.count() == 2


@pytest.mark.hazard("HAZ-001")
def test_no_alert_and_no_crisis_page_without_a_risk_answer(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="phq-9")
    response = post_phq9(client, hub_a, 0)
    assert response["Location"] == "/h/site-a/questions/gad-7/"
    assert RiskAlert.objects.count() == 0
