"""The duty workflow as a state machine: acknowledge → contact attempts → risk assessment →
closed, each step an immutable event row, illegal steps refused with a clear message."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditEvent
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes.tests.factories import auditor_for, make_alert, make_referral
from resiliencehub.records.models import AlertStatus, RiskAlert
from resiliencehub.triage import services
from resiliencehub.triage.models import ContactAttempt, RiskAssessment

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-034")]

ASSESSMENT = {
    "thoughts": "Fleeting thoughts after night shifts",
    "intent": "None",
    "plan": "None",
    "means": "None at home",
    "protective_factors": "Children, partner",
    "level": "moderate",
    "actions": ["safety_plan", "gp"],
}


@pytest.fixture
def duty(hub_a, make_staff):
    return make_staff(hub_a, Role.DUTY_CLINICIAN)


def attempt(alert, who, outcome="no_answer"):
    return services.contact_attempt_record(
        alert,
        attempted_at=timezone.now(),
        method="phone",
        outcome=outcome,
        note="Left no message",
        auditor=who,
    )


def test_the_whole_workflow_writes_a_row_per_step(hub_a, duty):
    alert = make_alert(hub_a, make_referral(hub_a))
    who = auditor_for(duty)
    services.alert_acknowledge(alert, auditor=who)
    attempt(alert, who)
    attempt(alert, who, "spoke")
    services.risk_assessment_record(alert, auditor=who, **ASSESSMENT)
    services.alert_close(alert, note="Safety plan agreed", auditor=who)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.acknowledged_by == duty
    assert alert.closed_at is not None
    assert [(e.from_status, e.to_status) for e in alert.status_changes.all()] == [
        ("", "open"),
        ("open", "acknowledged"),
        ("acknowledged", "contacting"),
        ("contacting", "contacting"),
        ("contacting", "assessed"),
        ("assessed", "closed"),
    ]
    assert [e.changed_by for e in alert.status_changes.all()][1:] == [duty] * 5
    codes = [
        event.detail.get("event")
        for event in AuditEvent.objects.filter(subject_ref=f"client:{alert.client_id}")
    ]
    assert [c for c in codes if c and c.startswith("alert.")] == [
        "alert.raised",
        "alert.acknowledged",
        "alert.contact_attempted",
        "alert.contact_attempted",
        "alert.risk_assessed",
        "alert.closed",
    ]
    assert ContactAttempt.objects.filter(alert=alert).count() == 2
    assessment = RiskAssessment.objects.get(alert=alert)
    assert assessment.client == alert.client
    assert assessment.action_labels() == [
        "Safety plan agreed",
        "GP contacted or asked to see the client",
    ]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("contact", "Acknowledge the alert first."),
        ("assess", "Acknowledge the alert first."),
        ("close", "Acknowledge the alert first."),
    ],
)
def test_nothing_happens_before_acknowledgement(hub_a, duty, step, message):
    alert = make_alert(hub_a, make_referral(hub_a))
    who = auditor_for(duty)
    with pytest.raises(TransitionNotAllowed, match=message):
        {
            "contact": lambda: attempt(alert, who),
            "assess": lambda: services.risk_assessment_record(alert, auditor=who, **ASSESSMENT),
            "close": lambda: services.alert_close(alert, note="x", auditor=who),
        }[step]()
    assert RiskAlert.objects.get(pk=alert.pk).status == AlertStatus.OPEN


def test_an_acknowledged_alert_cannot_be_closed_without_contact_or_assessment(hub_a, duty):
    alert = make_alert(hub_a, make_referral(hub_a))
    who = auditor_for(duty)
    services.alert_acknowledge(alert, auditor=who)
    with pytest.raises(TransitionNotAllowed, match="Record a contact attempt or a risk"):
        services.alert_close(alert, note="x", auditor=who)


def test_an_alert_is_acknowledged_once_and_assessed_once(hub_a, duty):
    alert = make_alert(hub_a, make_referral(hub_a))
    who = auditor_for(duty)
    services.alert_acknowledge(alert, auditor=who)
    with pytest.raises(TransitionNotAllowed, match="cannot become 'acknowledged'"):
        services.alert_acknowledge(alert, auditor=who)
    services.risk_assessment_record(alert, auditor=who, **ASSESSMENT)
    with pytest.raises(TransitionNotAllowed, match="already recorded"):
        services.risk_assessment_record(alert, auditor=who, **ASSESSMENT)


def test_follow_up_contacts_after_assessment_keep_the_status(hub_a, duty):
    alert = make_alert(hub_a, make_referral(hub_a))
    who = auditor_for(duty)
    services.alert_acknowledge(alert, auditor=who)
    services.risk_assessment_record(alert, auditor=who, **ASSESSMENT)
    attempt(alert, who, "spoke")
    assert RiskAlert.objects.get(pk=alert.pk).status == AlertStatus.ASSESSED


def test_a_closed_alert_takes_no_more_steps(hub_a, duty):
    alert = make_alert(hub_a, make_referral(hub_a))
    who = auditor_for(duty)
    services.alert_acknowledge(alert, auditor=who)
    attempt(alert, who)
    services.alert_close(alert, note="Letter sent with crisis numbers; GP told", auditor=who)
    with pytest.raises(TransitionNotAllowed, match="The alert is closed"):
        attempt(alert, who)


def test_the_page_refuses_a_second_acknowledgement_with_a_message(hub_a, duty, signed_in):
    alert = make_alert(hub_a, make_referral(hub_a))
    client = signed_in(duty)
    url = reverse("triage:alert_acknowledge", kwargs={"slug": hub_a.slug, "alert_id": alert.pk})
    client.post(url)
    response = client.post(url, follow=True)
    text = html.unescape(response.content.decode())
    assert "cannot become 'acknowledged'" in text


def test_every_step_is_audited(hub_a, duty):
    alert = make_alert(hub_a, make_referral(hub_a))
    who = auditor_for(duty)
    before = AuditEvent.objects.count()
    services.alert_acknowledge(alert, auditor=who)
    attempt(alert, who)
    services.risk_assessment_record(alert, auditor=who, **ASSESSMENT)
    services.alert_close(alert, note="Done", auditor=who)
    events = AuditEvent.objects.order_by("sequence")[before:]
    assert [e.action for e in events] == [
        "record.changed",
        "record.created",
        "record.created",
        "record.changed",
    ]
    assert {e.subject_ref for e in events} == {f"client:{alert.client_id}"}


def test_the_form_errors_are_shown_and_nothing_is_stored(hub_a, duty, signed_in):
    alert = make_alert(hub_a, make_referral(hub_a))
    services.alert_acknowledge(alert, auditor=auditor_for(duty))
    client = signed_in(duty)
    url = reverse("triage:alert_assess", kwargs={"slug": hub_a.slug, "alert_id": alert.pk})
    response = client.post(url, {"thoughts": "Some"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select the level of risk" in body
    assert "<title>Error:" in body
    assert not RiskAssessment.objects.exists()
