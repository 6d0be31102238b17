"""Every risk alert, whatever raised it, opens on the duty queue and is worked to closed
through the duty clinician's pages, and shows how to reach the person (HAZ-041)."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from conftest import load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.records.models import AlertStatus

from .alert_sources import NO_CONTACT_DETAILS, SOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-041")]

ASSESSMENT = {
    "thoughts": "Passing thoughts after night shifts",
    "intent": "None",
    "plan": "None",
    "means": "None at home",
    "protective_factors": "Partner, dog",
    "level": "low",
    "actions": ["safety_plan", "crisis_lines"],
}


@pytest.fixture
def hubs(db):
    return {slug: load_demo_hub(slug) for slug in ("site-a", "site-c")}


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _url(name, alert):
    return reverse(name, kwargs={"slug": alert.hub.slug, "alert_id": alert.pk})


def _status(duty, alert) -> str:
    page = duty.get(_url("triage:alert", alert))
    assert page.status_code == 200
    return AlertStatus(alert.__class__.objects.get(pk=alert.pk).status)


def open_alert(duty, raised):
    queue = duty.get(reverse("triage:duty_queue", kwargs={"slug": raised.alert.hub.slug}))
    assert queue.status_code == 200
    assert _url("triage:alert", raised.alert) in queue.content.decode()
    page = duty.get(_url("triage:alert", raised.alert))
    assert page.status_code == 200
    text = words(page)
    assert raised.reach in text
    assert "Acknowledge alert" in text


def acknowledge(duty, raised):
    response = duty.post(_url("triage:alert_acknowledge", raised.alert))
    assert response.status_code == 302
    assert _status(duty, raised.alert) == AlertStatus.ACKNOWLEDGED


def contact(duty, raised):
    url = _url("triage:alert_contact", raised.alert)
    form = duty.get(url)
    assert form.status_code == 200 and raised.reach in words(form)
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = duty.post(
        url, {"attempted_at": when, "method": "phone", "outcome": "spoke", "note": "Spoke"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _status(duty, raised.alert) == AlertStatus.CONTACTING


def assess(duty, raised):
    url = _url("triage:alert_assess", raised.alert)
    assert duty.get(url).status_code == 200
    response = duty.post(url, ASSESSMENT)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _status(duty, raised.alert) == AlertStatus.ASSESSED


def close(duty, raised, note="Risk assessed; safety plan agreed."):
    url = _url("triage:alert_close", raised.alert)
    assert duty.get(url).status_code == 200
    response = duty.post(url, {"note": note})
    assert response["Location"] == reverse(
        "triage:duty_queue", kwargs={"slug": raised.alert.hub.slug}
    )
    assert _status(duty, raised.alert) == AlertStatus.CLOSED
    queue = duty.get(response["Location"]).content.decode()
    assert _url("triage:alert", raised.alert) not in queue


STEPS = {"open": open_alert, "acknowledge": acknowledge, "contact": contact}
STEPS |= {"assess": assess, "close": close}


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("source", list(SOURCES))
def test_every_alert_opens_and_each_duty_step_works(hubs, make_staff, signed_in, source, step):
    raised = SOURCES[source](hubs, make_staff, signed_in)
    duty = signed_in(make_staff(raised.alert.hub, Role.DUTY_CLINICIAN), HttpClient())
    steps = list(STEPS)
    for name in steps[: steps.index(step) + 1]:
        STEPS[name](duty, raised)


def test_an_anonymous_alert_says_plainly_that_no_contact_details_were_given(
    hubs, make_staff, signed_in
):
    raised = SOURCES["anonymous self-assessment, no number left"](hubs, make_staff, signed_in)
    duty = signed_in(make_staff(raised.alert.hub, Role.DUTY_CLINICIAN), HttpClient())
    text = words(duty.get(_url("triage:alert", raised.alert)))
    assert NO_CONTACT_DETAILS in text
    assert "Not known (screened without giving a name)" in text


def test_an_alert_with_no_one_to_contact_is_closed_after_acknowledgement_with_a_note(
    hubs, make_staff, signed_in
):
    raised = SOURCES["anonymous self-assessment, no number left"](hubs, make_staff, signed_in)
    duty = signed_in(make_staff(raised.alert.hub, Role.DUTY_CLINICIAN), HttpClient())
    acknowledged = duty.post(_url("triage:alert_acknowledge", raised.alert), follow=True)
    # The notice does not tell the clinician to try to contact someone who cannot be called.
    assert "No contact details were given, so the client cannot be called" in words(acknowledged)
    assert "Now try to contact the client" not in words(acknowledged)
    assert "Close: no contact details were given" in words(acknowledged)
    close(duty, raised, note="No name or number given; no one to contact.")
    (event,) = raised.alert.status_changes.filter(to_status=AlertStatus.CLOSED)
    assert event.reason == "No name or number given; no one to contact."


def test_an_alert_someone_can_be_reached_on_still_needs_a_contact_attempt_to_close(
    hubs, make_staff, signed_in
):
    raised = SOURCES["anonymous self-assessment, call-back number left"](
        hubs, make_staff, signed_in
    )
    duty = signed_in(make_staff(raised.alert.hub, Role.DUTY_CLINICIAN), HttpClient())
    acknowledged = duty.post(_url("triage:alert_acknowledge", raised.alert), follow=True)
    assert "Now try to contact the client" in words(acknowledged)
    refused = duty.post(_url("triage:alert_close", raised.alert), {"note": "Closing"}, follow=True)
    assert "Record a contact attempt or a risk assessment first." in words(refused)
    assert _status(duty, raised.alert) == AlertStatus.ACKNOWLEDGED
