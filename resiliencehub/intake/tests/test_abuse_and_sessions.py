"""Rate limits, the privacy lock after inactivity, two tabs, lost cookies (HAZ-005, HAZ-023)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.utils import timezone

from resiliencehub.core import ratelimit
from resiliencehub.core.models import RateLimitCounter
from resiliencehub.intake import pages
from resiliencehub.intake.state import stored_answers
from resiliencehub.records.models import Referral

from .conftest import run_tasks
from .helpers import CONTACT, answer_until, eligible, journey_of, page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings):
    settings.INTAKE_RATE_LIMITS = {
        "email:ip": ratelimit.Limit(3, timedelta(hours=1)),
        "email:email": ratelimit.Limit(2, timedelta(hours=1)),
        "submit:ip": ratelimit.Limit(1, timedelta(hours=1)),
        "start:ip": ratelimit.Limit(1, timedelta(hours=1)),
    }


def test_link_requests_are_limited_per_email_and_per_address(client, hub_a, tight_limits):
    for _ in range(2):
        assert client.post("/h/site-a/returning/", {"email": "a@example.org"}).status_code == 302
    limited = client.post("/h/site-a/returning/", {"email": "a@example.org"})
    assert limited.status_code == 429
    assert "Please wait a few minutes" in limited.content.decode()
    # Another email from the same address: the address's own limit (3) is reached next.
    assert client.post("/h/site-a/returning/", {"email": "b@example.org"}).status_code == 429
    other_address = HttpClient(REMOTE_ADDR="192.0.2.7")
    assert other_address.post("/h/site-a/returning/", {"email": "c@example.org"}).status_code == 302


def test_the_limit_resets_in_the_next_window(client, hub_a, tight_limits):
    for _ in range(2):
        client.post("/h/site-a/find-saved-answers/", {"email": "a@example.org"})
    assert (
        client.post("/h/site-a/find-saved-answers/", {"email": "a@example.org"}).status_code == 429
    )
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        response = client.post("/h/site-a/find-saved-answers/", {"email": "a@example.org"})
    assert response.status_code == 302


def test_counters_store_no_address_or_email_in_clear(client, hub_a):
    client.post("/h/site-a/returning/", {"email": "private@example.org"})
    keys = " ".join(RateLimitCounter.objects.values_list("key_hash", flat=True))
    assert "private" not in keys and "127.0.0.1" not in keys


@pytest.mark.hazard("HAZ-005")
def test_a_limited_final_submit_keeps_every_answer_and_works_later(client, hub_c, settings):
    eligible(client, hub_c)
    answer_until(client, hub_c)
    settings.INTAKE_RATE_LIMITS = {"submit:ip": ratelimit.Limit(0, timedelta(hours=1))}
    assert client.post("/h/site-c/check-your-answers/").status_code == 429
    assert Referral.objects.count() == 0
    settings.INTAKE_RATE_LIMITS = {}
    assert client.post("/h/site-c/check-your-answers/")["Location"] == "/h/site-c/sent/"


def test_starting_journeys_is_limited_per_address(client, hub_a, tight_limits):
    eligible(client, hub_a)
    response = eligible(HttpClient(), hub_a)
    assert response.status_code == 429


@pytest.mark.hazard("HAZ-005")
def test_two_tabs_saving_different_pages_keep_both_answers(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="phq-9")
    journey = journey_of(client, hub_a)
    plan = pages.plan(hub_a, journey, timezone.localdate())
    tab_one, tab_two = HttpClient(), HttpClient()
    tab_one.cookies = tab_two.cookies = client.cookies
    phq9, gad7 = pages.find(plan, "phq-9"), pages.find(plan, "gad-7")
    tab_two.post("/h/site-a/questions/gad-7/", page_data(gad7, choose={"GAD-7:1": 2}))
    tab_one.post("/h/site-a/questions/phq-9/", page_data(phq9, choose={"PHQ-9:1": 3}))
    stored = stored_answers(journey)
    assert stored["PHQ-9:1"] == 3 and stored["GAD-7:1"] == 2


@pytest.mark.hazard("HAZ-005")
def test_the_staff_session_timeout_does_not_touch_a_journey(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="gad-7")
    Session.objects.all().delete()
    with time_machine.travel(timezone.now() + timedelta(minutes=45)):
        assert client.get("/h/site-a/questions/")["Location"] == "/h/site-a/questions/gad-7/"


@pytest.mark.hazard("HAZ-023")
@pytest.mark.hazard("HAZ-005")
def test_after_an_hour_away_identifying_answers_hide_until_a_link_is_used(client, hub_c):
    eligible(client, hub_c)
    answer_until(client, hub_c, stop_at="gad-7")
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = client.get("/h/site-c/questions/gad-7/")
        assert response["Location"] == "/h/site-c/answers-saved/"
        page = client.get(response["Location"]).content.decode()
        assert "Nothing has been lost" in page and CONTACT["full_name"] not in page
        sent = client.post("/h/site-c/answers-saved/")
        assert sent["Location"] == "/h/site-c/check-your-email/"
    assert run_tasks() == ["sent"]
    from django.core import mail

    assert mail.outbox[-1].to == [CONTACT["email"]]
    from .test_links import emailed_link, open_link

    browser = open_link(emailed_link())
    assert browser.get("/h/site-c/questions/")["Location"] == "/h/site-c/questions/gad-7/"


def test_an_anonymous_self_assessment_is_not_hidden_while_the_browser_is_open(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="gad-7")
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert client.get("/h/site-a/questions/")["Location"] == "/h/site-a/questions/gad-7/"


def test_without_the_cookie_the_start_page_offers_saved_answers(client, hub_a):
    response = client.get("/h/site-a/questions/gad-7/")
    assert response["Location"] == "/h/site-a/start/?lost=1"
    page = client.get(response["Location"]).content.decode()
    assert "get a link to your saved answers" in page
    assert client.get("/h/site-a/answers-saved/")["Location"] == "/h/site-a/start/"


def test_an_unknown_hub_is_not_found(client, db):
    assert client.get("/h/nowhere/start/").status_code == 404
