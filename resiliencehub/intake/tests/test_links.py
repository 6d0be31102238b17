"""Emailed single-use links: save and resume, saved answers found by email, returning
clients and the questionnaires sent after a referral-first acceptance (HAZ-005, HAZ-023,
HAZ-025, HAZ-026)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resiliencehub.audit.services import Auditor
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.intake import links
from resiliencehub.intake.handoff import questionnaire_invitation_send
from resiliencehub.intake.models import AccessLink, Journey
from resiliencehub.intake.state import stored_answers
from resiliencehub.records.models import Client, Referral, ReferralStatus, Screening

from .conftest import run_tasks
from .helpers import CONTACT, answer_until, eligible, journey_of

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s]+/(?:resume|returning|questionnaires)/[^\s/]+/")


def emailed_link() -> str:
    body = mail.outbox[-1].body
    return LINK.search(body).group(0).split("127.0.0.1:8000", 1)[-1]


def open_link(path: str) -> HttpClient:
    """A new browser (nothing kept from the old one) opening an emailed link."""
    browser = HttpClient()
    page = browser.get(path)
    assert page.status_code == 200 and "<form" in page.content.decode()
    response = browser.post(path)
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


@pytest.mark.hazard("HAZ-005")
def test_a_resume_link_restores_every_answer_and_lands_on_the_next_page(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="gad-7")
    before = stored_answers(journey_of(client, hub_a))
    response = client.post("/h/site-a/save/", {"email": "save@example.org"})
    assert response["Location"] == "/h/site-a/check-your-email/"
    assert run_tasks() == ["sent"]
    (email,) = mail.outbox
    assert email.to == ["save@example.org"]
    assert email.subject == "Site A Resilience Hub: continue where you left off"

    browser = open_link(emailed_link())
    assert browser.get("/h/site-a/questions/")["Location"] == "/h/site-a/questions/gad-7/"
    assert stored_answers(journey_of(browser, hub_a)) == before
    # The old browser's cookie no longer opens the journey.
    assert client.get("/h/site-a/questions/")["Location"].startswith("/h/site-a/start/")


@pytest.mark.hazard("HAZ-023")
def test_a_resume_link_works_once_and_only_its_hash_is_stored(client, hub_a):
    eligible(client, hub_a)
    client.post("/h/site-a/save/", {"email": "save@example.org"})
    run_tasks()
    path = emailed_link()
    token = path.rstrip("/").split("/")[-1]
    link = AccessLink.objects.get()
    assert link.token_hash == links.digest(token) and link.email == ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_accesslink")
        assert token not in str(cursor.fetchall())
    open_link(path)
    again = HttpClient().get(path)
    assert "expired or has already been used" in again.content.decode()
    assert HttpClient().post(path).status_code == 200


@pytest.mark.hazard("HAZ-023")
def test_a_resume_link_expires_after_seven_days(client, hub_a):
    eligible(client, hub_a)
    client.post("/h/site-a/save/", {"email": "save@example.org"})
    run_tasks()
    path = emailed_link()
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert "expired" in HttpClient().get(path).content.decode()


def test_a_newer_resume_link_replaces_an_unused_older_one(client, hub_a):
    eligible(client, hub_a)
    client.post("/h/site-a/save/", {"email": "save@example.org"})
    run_tasks()
    first = emailed_link()
    client.post("/h/site-a/save/", {"email": "save@example.org"})
    run_tasks()
    assert "expired" in HttpClient().get(first).content.decode()
    open_link(emailed_link())


def test_the_save_page_offers_the_email_already_given_and_checks_it(client, hub_c):
    eligible(client, hub_c)
    answer_until(client, hub_c, stop_at="phq-9")
    page = client.get("/h/site-c/save/").content.decode()
    assert f'value="{CONTACT["email"]}"' in page
    bad = client.post("/h/site-c/save/", {"email": "not an email"})
    assert "Enter an email address in the correct format" in bad.content.decode()


def _find_saved(email: str):
    browser = HttpClient()
    with CaptureQueriesContext(connection) as queries:
        response = browser.post("/h/site-c/find-saved-answers/", {"email": email})
    return response, len(queries)


@pytest.mark.hazard("HAZ-023")
def test_asking_for_saved_answers_reveals_nothing_about_whether_an_email_is_known(client, hub_c):
    eligible(client, hub_c)
    answer_until(client, hub_c, stop_at="phq-9")
    _find_saved("warm-up@example.org")  # the address's rate counter exists from here on
    known, known_queries = _find_saved(CONTACT["email"])
    unknown, unknown_queries = _find_saved("stranger@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/h/site-c/check-your-email/"
    assert known_queries == unknown_queries
    assert sorted(run_tasks()) == ["not found", "not found", "sent"]
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "could not find" in by_recipient["stranger@example.org"].subject
    link = LINK.search(by_recipient[CONTACT["email"]].body).group(0)
    browser = open_link(link.split("127.0.0.1:8000", 1)[-1])
    assert browser.get("/h/site-c/questions/")["Location"] == "/h/site-c/questions/phq-9/"


def _referral_for(client, hub):
    eligible(client, hub)
    answer_until(client, hub)
    client.post(f"/h/{hub.slug}/check-your-answers/")
    return Referral.objects.get()


@pytest.mark.hazard("HAZ-025")
def test_a_returning_client_re_engages_without_registering_again(client, hub_c):
    # A hub that asks the questionnaires every time (test_returning_without_repeating.py
    # has the hub that does not ask them again within its period).
    hub_c.returning_measures_valid_days = 0
    hub_c.save(update_fields=["returning_measures_valid_days"])
    first = _referral_for(client, hub_c)
    run_tasks()
    mail.outbox.clear()
    browser = HttpClient()
    assert "Get back in touch" in browser.get("/h/site-c/returning/").content.decode()
    browser.post("/h/site-c/returning/", {"email": CONTACT["email"].upper()})
    assert run_tasks() == ["sent"]
    assert mail.outbox[-1].subject == "Site C Resilience Hub: your sign-in link"
    browser = open_link(emailed_link())
    location = browser.get("/h/site-c/questions/")["Location"]
    assert location == "/h/site-c/questions/check-your-details/"
    page = browser.get(location).content.decode()
    assert CONTACT["full_name"] in page and "Change" in page
    browser.post("/h/site-c/questions/phone-number/?change=1", {"phone": "07700 900555"})
    asked = []
    for _ in range(40):
        location = browser.get("/h/site-c/questions/")["Location"]
        if "/questions/" not in location:
            break
        asked.append(location.rstrip("/").split("/")[-1])
        answer_until(browser, hub_c, limit=1)
    assert "your-name" not in asked and "demographics-2" not in asked
    assert asked[0] == "check-your-details" and "phq-9" in asked
    browser.post("/h/site-c/check-your-answers/")
    second = Referral.objects.exclude(pk=first.pk).get()
    assert second.returning and second.previous == first and second.client == first.client
    assert Client.objects.count() == 1
    assert Client.objects.get().phone == "07700 900555"
    assert second.screenings.get().kind == "returning"
    assert second.sector == first.sector


@pytest.mark.hazard("HAZ-023")
def test_asking_to_return_with_an_unknown_email_looks_the_same(client, hub_c):
    _referral_for(client, hub_c)
    run_tasks()
    mail.outbox.clear()
    HttpClient().post("/h/site-c/returning/", {"email": "warm-up@example.org"})
    with CaptureQueriesContext(connection) as known_queries:
        known = HttpClient().post("/h/site-c/returning/", {"email": CONTACT["email"]})
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = HttpClient().post("/h/site-c/returning/", {"email": "nobody@example.org"})
    assert known["Location"] == unknown["Location"]
    assert len(known_queries) == len(unknown_queries)
    assert sorted(run_tasks()) == ["not found", "not found", "sent"]
    assert Journey.objects.filter(kind="returning").count() == 0


@pytest.mark.hazard("HAZ-026")
def test_referral_first_questionnaires_arrive_after_acceptance_and_complete_it(client, hub_b):
    referral = _referral_for(client, hub_b)
    run_tasks()
    auditor = Auditor.system("tests")
    questionnaire_invitation_send(referral, auditor=auditor)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_QUESTIONNAIRES
    assert run_tasks() == ["sent"]
    email = mail.outbox[-1]
    assert email.to == [CONTACT["email"]]
    assert email.subject == "Site B Resilience Hub: questionnaires before your assessment"
    browser = open_link(emailed_link())
    first = browser.get("/h/site-b/questions/")["Location"]
    assert first == "/h/site-b/questions/phq-9/"
    answer_until(browser, hub_b)
    check = browser.get("/h/site-b/check-your-answers/").content.decode()
    assert "Send answers" in check and "Your contact details" not in check
    response = browser.post("/h/site-b/check-your-answers/")
    assert response["Location"] == "/h/site-b/sent/"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    screening = Screening.objects.get(kind="pre_assessment")
    assert screening.referral == referral and screening.client == referral.client
    assert {r.instrument_id for r in screening.responses.all()} >= {"PHQ-9", "GAD-7", "PCL-5"}
    assert list(referral.status_changes.values_list("to_status", flat=True)) == [
        "submitted",
        "awaiting_questionnaires",
        "accepted",
    ]
    assert "Answers sent" in browser.get("/h/site-b/sent/").content.decode()


def test_a_second_invitation_replaces_the_first_and_other_states_are_refused(client, hub_b):
    referral = _referral_for(client, hub_b)
    auditor = Auditor.system("tests")
    questionnaire_invitation_send(referral, auditor=auditor)
    run_tasks()
    first = emailed_link()
    questionnaire_invitation_send(referral, auditor=auditor)
    run_tasks()
    assert "expired" in HttpClient().get(first).content.decode()
    open_link(emailed_link())
    declined = Referral.objects.create(
        hub=hub_b, client=referral.client, submitted_at=timezone.now(), status="declined"
    )
    with pytest.raises(TransitionNotAllowed):
        questionnaire_invitation_send(declined, auditor=auditor)


def test_no_email_to_someone_who_asked_not_to_be_emailed_the_link_is_for_a_phone_call(
    client, hub_b
):
    referral = _referral_for(client, hub_b)
    Client.objects.update(may_email=False)
    referral.refresh_from_db()
    run_tasks()
    mail.outbox.clear()
    invitation = questionnaire_invitation_send(referral, auditor=Auditor.system("tests"))
    assert not invitation.emailed
    assert referral.status == ReferralStatus.AWAITING_QUESTIONNAIRES
    assert run_tasks() == [] and mail.outbox == []
    open_link(links.link_url(invitation.link).split("127.0.0.1:8000", 1)[-1])


def test_a_made_up_token_opens_nothing(client, hub_a):
    for path in (
        "/h/site-a/resume/abc/",
        "/h/site-a/returning/abc/",
        "/h/site-a/questionnaires/x/",
    ):
        response = client.post(path)
        assert response.status_code == 200
        assert "expired or has already been used" in response.content.decode()
