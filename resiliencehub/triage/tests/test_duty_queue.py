"""The duty risk queue: every open alert with its wait; overdue ones stand out and are
counted; today's duty clinician from the rota; scoped to the hub and to duty roles."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.episodes.tests.factories import auditor_for, make_alert, make_referral
from resiliencehub.hub.models import DutyShift
from resiliencehub.records.models import AlertStatus
from resiliencehub.triage.services import alert_acknowledge

pytestmark = pytest.mark.django_db


def queue_url(hub):
    return reverse("triage:duty_queue", kwargs={"slug": hub.slug})


@pytest.mark.parametrize("role", [Role.DUTY_CLINICIAN, Role.CLINICAL_LEAD])
def test_duty_roles_see_every_open_alert_with_its_wait(hub_a, make_staff, signed_in, role):
    make_alert(hub_a, make_referral(hub_a, name="Ada Alertson"), hours_ago=2)
    make_alert(hub_a, None, reason="anonymous screening")
    response = signed_in(make_staff(hub_a, role)).get(queue_url(hub_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ada Alertson" in body
    assert "Not known (screened without giving a name)" in body
    assert "2 hours" in body


@pytest.mark.hazard("HAZ-006")
@pytest.mark.parametrize(
    "role", [Role.CLINICIAN, Role.PRACTITIONER, Role.ADMINISTRATOR, Role.SERVICE_MANAGER]
)
def test_other_roles_are_refused_the_queue(hub_a, make_staff, signed_in, role):
    make_alert(hub_a, make_referral(hub_a, name="Ada Alertson"))
    response = signed_in(make_staff(hub_a, role)).get(queue_url(hub_a))
    assert response.status_code == 403
    assert "Ada Alertson" not in response.content.decode()


@pytest.mark.hazard("HAZ-006")
def test_a_duty_clinician_of_another_hub_gets_not_found(hub_a, hub_b, make_staff, signed_in):
    make_alert(hub_a, make_referral(hub_a, name="Ada Alertson"))
    response = signed_in(make_staff(hub_b, Role.DUTY_CLINICIAN)).get(queue_url(hub_a))
    assert response.status_code == 404
    assert "Ada Alertson" not in response.content.decode()


def test_closed_alerts_leave_the_queue_and_other_hubs_alerts_never_appear(
    hub_a, hub_b, make_staff, signed_in
):
    from resiliencehub.records.models import RiskAlert

    closed = make_alert(hub_a, make_referral(hub_a, name="Closed Client"))
    RiskAlert.objects.filter(pk=closed.pk).update(status=AlertStatus.CLOSED)
    make_alert(hub_b, make_referral(hub_b, name="Other Hub Client"))
    body = signed_in(make_staff(hub_a, Role.DUTY_CLINICIAN)).get(queue_url(hub_a)).content.decode()
    assert "Closed Client" not in body
    assert "Other Hub Client" not in body
    assert "There are no open alerts" in body


@pytest.mark.hazard("HAZ-030")
def test_an_alert_past_the_threshold_in_working_hours_stands_out_and_is_counted(
    hub_a, make_staff, signed_in
):
    monday_9am = timezone.make_aware(datetime(2026, 11, 23, 9, 0))
    with time_machine.travel(monday_9am, tick=False):
        make_alert(hub_a, make_referral(hub_a, name="Overdue Olive"))
    with time_machine.travel(monday_9am + timedelta(hours=1), tick=False):
        make_alert(hub_a, make_referral(hub_a, name="Recent Rita"))
    duty = make_staff(hub_a, Role.DUTY_CLINICIAN)
    with time_machine.travel(monday_9am + timedelta(hours=4, minutes=30), tick=False):
        response = signed_in(duty).get(queue_url(hub_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<dd class="nhsuk-summary-list__value" id="overdue-count">1</dd>' in body
    assert "1 alert not acknowledged within 4 working hours" in body
    olive_row = body.split("Overdue Olive")[0].rsplit("<tr", 1)[1]
    rita_row = body.split("Recent Rita")[0].rsplit("<tr", 1)[1]
    assert "app-alert-overdue" in olive_row
    assert "app-alert-overdue" not in rita_row
    # Unacknowledged and longest waiting first.
    assert body.index("Overdue Olive") < body.index("Recent Rita")


@pytest.mark.hazard("HAZ-030")
def test_the_home_page_link_counts_overdue_alerts(hub_a, make_staff, signed_in):
    monday_9am = timezone.make_aware(datetime(2026, 11, 23, 9, 0))
    with time_machine.travel(monday_9am, tick=False):
        make_alert(hub_a, make_referral(hub_a, name="Overdue Olive"))
    duty = make_staff(hub_a, Role.DUTY_CLINICIAN)
    with time_machine.travel(monday_9am + timedelta(hours=5), tick=False):
        body = signed_in(duty).get(reverse("hub:staff_home", kwargs={"slug": hub_a.slug}))
    assert "Duty risk queue, 1 overdue" in body.content.decode()


def test_an_acknowledged_alert_is_not_overdue(hub_a, make_staff, signed_in):
    monday_9am = timezone.make_aware(datetime(2026, 11, 23, 9, 0))
    duty = make_staff(hub_a, Role.DUTY_CLINICIAN)
    with time_machine.travel(monday_9am, tick=False):
        alert = make_alert(hub_a, make_referral(hub_a, name="Seen Sam"))
        alert_acknowledge(alert, auditor=auditor_for(duty))
    with time_machine.travel(monday_9am + timedelta(hours=8), tick=False):
        body = signed_in(duty).get(queue_url(hub_a)).content.decode()
    assert 'id="overdue-count">0<' in body


def test_today_s_duty_clinician_comes_from_the_rota(hub_a, make_staff, signed_in):
    duty = make_staff(hub_a, Role.DUTY_CLINICIAN, username="dana")
    other = make_staff(hub_a, Role.DUTY_CLINICIAN, username="olu")
    today = timezone.localdate()
    DutyShift.objects.create(hub=hub_a, day=today, clinician=duty)
    DutyShift.objects.create(hub=hub_a, day=today + timedelta(days=1), clinician=other)
    body = signed_in(other).get(queue_url(hub_a)).content.decode()
    on_duty = body.split("Duty clinician today")[1].split("</dd>")[0]
    assert "Test dana" in on_duty
    assert "Test olu" not in on_duty


def test_viewing_the_queue_writes_one_audit_event_naming_the_clients_shown(
    hub_a, make_staff, signed_in
):
    alert = make_alert(hub_a, make_referral(hub_a, name="Ada Alertson"))
    client = signed_in(make_staff(hub_a, Role.DUTY_CLINICIAN))
    before = AuditEvent.objects.count()
    client.get(queue_url(hub_a))
    events = list(AuditEvent.objects.order_by("sequence")[before:])
    assert len(events) == 1
    assert events[0].action == AuditAction.RECORD_VIEWED
    assert events[0].detail == {"clients": [alert.client_id]}


def test_the_queue_takes_the_same_number_of_queries_for_1_or_20_alerts(
    hub_a, make_staff, signed_in
):
    client = signed_in(make_staff(hub_a, Role.DUTY_CLINICIAN))
    make_alert(hub_a, make_referral(hub_a, name="One"))
    client.get(queue_url(hub_a))
    with CaptureQueriesContext(connection) as one:
        client.get(queue_url(hub_a))
    for n in range(19):
        make_alert(hub_a, make_referral(hub_a, name=f"Client {n}"))
    with CaptureQueriesContext(connection) as twenty:
        client.get(queue_url(hub_a))
    assert len(one) == len(twenty)
