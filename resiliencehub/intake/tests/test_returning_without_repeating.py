"""Seed 002, Table 7: staff came back "without having to re-register or complete
questionnaires". A returning client who answered the questionnaires within the hub's
period is not asked them again, unless a clinician asked for them (issue 11, item 6)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.records.models import Client, Referral

from .conftest import run_tasks
from .helpers import CONTACT, answer_until, eligible
from .test_links import emailed_link, open_link

pytestmark = pytest.mark.django_db


def _refer(client, hub):
    eligible(client, hub)
    answer_until(client, hub)
    client.post(f"/h/{hub.slug}/check-your-answers/")
    run_tasks()
    mail.outbox.clear()


def _return(hub) -> list[str]:
    """A returning client verifies their email and walks the pages they are asked."""
    browser = HttpClient()
    browser.post(f"/h/{hub.slug}/returning/", {"email": CONTACT["email"]})
    run_tasks()
    browser = open_link(emailed_link())
    asked = []
    for _ in range(40):
        location = browser.get(f"/h/{hub.slug}/questions/")["Location"]
        if "/questions/" not in location:
            break
        asked.append(location.rstrip("/").split("/")[-1])
        answer_until(browser, hub, limit=1)
    browser.post(f"/h/{hub.slug}/check-your-answers/")
    return asked


def test_back_within_the_period_they_are_not_asked_the_questionnaires_again(client, hub_c):
    assert hub_c.returning_measures_valid_days == 90
    _refer(client, hub_c)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        asked = _return(hub_c)
    assert "phq-9" not in asked and "gad-7" not in asked
    assert asked[0] == "check-your-details"
    second = Referral.objects.order_by("-submitted_at").first()
    assert second.returning
    assert second.screenings.count() == 0  # no new answers: their last ones stand


def test_back_after_the_period_they_are_asked_again(client, hub_c):
    _refer(client, hub_c)
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        asked = _return(hub_c)
    assert "phq-9" in asked


def test_a_clinician_can_ask_for_them_again_from_the_client_record(
    client, hub_c, make_staff, signed_in
):
    _refer(client, hub_c)
    person = Client.objects.get()
    lead = signed_in(make_staff(hub_c, Role.CLINICAL_LEAD), HttpClient())
    record = f"/staff/{hub_c.slug}/clients/{person.pk}/"
    assert "Ask them the questionnaires again" in lead.get(record).content.decode()
    done = lead.post(f"{record}measures-on-return/", {"wanted": "yes"}, follow=True)
    assert "they will be asked the questionnaires again" in done.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        asked = _return(hub_c)
    assert "phq-9" in asked


def test_an_administrator_cannot_change_it(client, hub_c, make_staff, signed_in):
    _refer(client, hub_c)
    person = Client.objects.get()
    admin = signed_in(make_staff(hub_c, Role.ADMINISTRATOR), HttpClient())
    refused = admin.post(
        f"/staff/{hub_c.slug}/clients/{person.pk}/measures-on-return/", {"wanted": "yes"}
    )
    assert refused.status_code == 404
    person.refresh_from_db()
    assert not person.measures_on_return
