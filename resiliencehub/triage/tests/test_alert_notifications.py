"""Who is told of a new risk alert: today's duty clinicians, else the hub's clinical leads;
with no one to tell, the task fails loudly and the duty queue and rota say so (HAZ-044).

Each alert is raised by a stranger's risk answer on the public site; the rota is filled
in on the rota page."""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.hub.models import Hub
from resiliencehub.intake import pages
from resiliencehub.intake.tests.helpers import answer_until, eligible, journey_of, page_data
from resiliencehub.nonprod.demo import DEMO_PASSWORD
from resiliencehub.records.models import RiskAlert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker closes connections whose autocommit differs from the settings, which
    inside a test's transaction is every connection (PostgreSQL then fails the test)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def hub_c(db):
    return load_demo_hub("site-c")


NO_ONE = "No one will be told of new alerts today"
LEADS = "The clinical leads will be told of new alerts today"


def staff(make_staff, signed_in, hub, role, email=""):
    user = make_staff(hub, role)
    user.email = email
    user.save(update_fields=["email"])
    return user, signed_in(user, on_client=HttpClient())


def put_on_todays_rota(make_staff, signed_in, hub, clinician):
    _, admin = staff(make_staff, signed_in, hub, Role.ADMINISTRATOR)
    response = admin.post(
        reverse("triage:rota", kwargs={"slug": hub.slug}),
        {"day": timezone.localdate().isoformat(), "clinician": clinician.pk},
    )
    assert response.status_code == 302


def a_stranger_answers_item_nine(hub) -> RiskAlert:
    browser = HttpClient()
    eligible(browser, hub)
    answer_until(browser, hub, stop_at="phq-9")
    phq9 = pages.find(pages.plan(hub, journey_of(browser, hub), timezone.localdate()), "phq-9")
    response = browser.post(
        f"/h/{hub.slug}/questions/phq-9/", page_data(phq9, choose={"PHQ-9:9": 2})
    )
    assert response["Location"] == f"/h/{hub.slug}/help-now/"
    return RiskAlert.objects.latest("pk")


def run_the_worker(alert=None) -> DBTaskResult | None:
    """The task worker, as `make run` starts it, until the queue is empty; returns how the
    notification of `alert` ended."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    if alert is None:
        return None
    (result,) = [
        row
        for row in DBTaskResult.objects.filter(task_path__endswith="notify_duty_of_alert")
        if row.args_kwargs["args"] == [alert.pk]
    ]
    return result


def page_text(client, name, hub) -> str:
    return client.get(reverse(f"triage:{name}", kwargs={"slug": hub.slug})).content.decode()


@pytest.mark.hazard("HAZ-044")
def test_an_alert_no_one_can_be_emailed_about_fails_is_audited_and_is_shown_to_the_duty_team(
    hub_c, make_staff, signed_in, caplog
):
    duty, duty_client = staff(make_staff, signed_in, hub_c, Role.DUTY_CLINICIAN)
    staff(make_staff, signed_in, hub_c, Role.CLINICAL_LEAD)
    put_on_todays_rota(make_staff, signed_in, hub_c, duty)
    alert = a_stranger_answers_item_nine(hub_c)

    with caplog.at_level(logging.ERROR, logger="resiliencehub.triage.tasks"):
        result = run_the_worker(alert)
    assert result.status == "FAILED"
    assert mail.outbox == []
    assert any(f"risk alert {alert.pk}" in r.getMessage() for r in caplog.records)
    event = AuditEvent.objects.get(action=AuditAction.NOTIFICATION_FAILED)
    assert event.object_id == str(alert.pk) and event.actor_label == "system:notify_duty_of_alert"

    for name in ("duty_queue", "rota"):
        text = page_text(duty_client, name, hub_c)
        assert NO_ONE in text and duty.display_name in text


@pytest.mark.hazard("HAZ-044")
def test_with_no_duty_clinician_to_email_the_clinical_leads_are_told(hub_c, make_staff, signed_in):
    duty, duty_client = staff(make_staff, signed_in, hub_c, Role.DUTY_CLINICIAN)
    lead, _ = staff(make_staff, signed_in, hub_c, Role.CLINICAL_LEAD, "lead@example.org")
    put_on_todays_rota(make_staff, signed_in, hub_c, duty)
    for name in ("duty_queue", "rota"):
        text = page_text(duty_client, name, hub_c)
        assert LEADS in text and lead.display_name in text and NO_ONE not in text

    result = run_the_worker(a_stranger_answers_item_nine(hub_c))
    assert result.status == "SUCCESSFUL"
    (email,) = mail.outbox
    assert email.to == ["lead@example.org"]
    assert "as a clinical lead" in email.body


@pytest.mark.hazard("HAZ-044")
def test_on_the_demo_the_duty_clinician_is_emailed_a_link_to_the_duty_queue(settings):
    """`make run` loads the demo; an alert then writes an email, as the README says."""
    call_command("load_demo")
    run_the_worker()
    mail.outbox.clear()
    hub = Hub.objects.get(slug="site-c")
    assert run_the_worker(a_stranger_answers_item_nine(hub)).status == "SUCCESSFUL"
    (email,) = mail.outbox
    assert email.to == ["site-c-duty-clinician@demo.invalid"]
    link = f"{settings.SITE_URL}/staff/site-c/duty/"
    assert link in email.body
    duty = HttpClient()
    path = link.removeprefix(settings.SITE_URL)
    signing_in = duty.get(path, follow=True)
    assert signing_in.request["PATH_INFO"] == reverse("accounts:sign_in")
    duty.post(
        signing_in.request["PATH_INFO"] + f"?next={path}",
        {"username": "site-c-duty-clinician", "password": DEMO_PASSWORD},
    )
    page = duty.post(
        reverse("accounts:verify") + f"?next={path}", {"code": settings.DEMO_MFA_CODE}, follow=True
    ).content.decode()
    assert "Duty risk queue" in page and NO_ONE not in page and LEADS not in page
