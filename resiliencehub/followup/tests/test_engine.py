"""The follow-up engine as a hub's clock runs: what is planned, sent, reminded, and never."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from resiliencehub.audit.services import Auditor
from resiliencehub.followup.sending import run_due
from resiliencehub.records.contacts import contact_complete
from resiliencehub.records.models import ContactStatus, PlannedContact

from .helpers import SCREENED, moment, screened

pytestmark = pytest.mark.django_db


def run_at(when):
    with time_machine.travel(when, tick=False):
        return run_due(when)


def test_every_wave_is_planned_for_someone_who_agreed_and_none_for_someone_who_did_not(hub_a):
    agreed = screened(hub_a)
    screened(hub_a, consent=False, email="other@example.org")
    run_at(SCREENED + timedelta(hours=1))
    planned = PlannedContact.objects.filter(schedule__isnull=False)
    assert sorted(planned.values_list("client_id", "wave")) == [
        (agreed.pk, "3 months"),
        (agreed.pk, "6 months"),
    ]
    assert set(planned.values_list("status", flat=True)) == {ContactStatus.PLANNED}
    assert mail.outbox == []


def test_invitation_on_the_day_then_reminders_then_expiry(hub_a):
    screened(hub_a)
    run_at(SCREENED)
    day_90 = SCREENED + timedelta(days=90)  # Sunday 11 April 2027, 10am
    assert run_at(day_90).sent == 0  # not on a Sunday
    day_90 += timedelta(days=1)
    run = run_at(day_90)
    assert run.sent == 1
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.subject == "Site A Resilience Hub: how are you now?"
    assert "/h/site-a/follow-up/" in invitation.body
    assert "/h/site-a/your-emails/" in invitation.body
    run_at(day_90 + timedelta(days=7))
    run_at(day_90 + timedelta(days=14))
    run_at(day_90 + timedelta(days=21))  # no third reminder: the schedule has 2
    assert [m.subject.split(": ", 1)[1] for m in mail.outbox] == [
        "how are you now?",
        "a reminder: how are you now?",
        "a reminder: how are you now?",
    ]
    contact = PlannedContact.objects.get(wave="3 months")
    assert contact.status == ContactStatus.REMINDED
    run_at(contact.expires_at + timedelta(minutes=1))
    contact.refresh_from_db()
    assert contact.status == ContactStatus.EXPIRED
    assert [row.to_status for row in contact.status_changes.all()] == [
        "planned",
        "due",
        "sent",
        "reminded",
        "reminded",
        "expired",
    ]


def test_completing_stops_every_later_reminder(hub_a):
    screened(hub_a)
    run_at(SCREENED)
    day_90 = SCREENED + timedelta(days=91)
    run_at(day_90)
    contact = PlannedContact.objects.get(wave="3 months")
    with time_machine.travel(day_90 + timedelta(days=2), tick=False):
        contact_complete(contact, None, auditor=Auditor.system("tests"))
    for days in range(3, 60):
        run_at(day_90 + timedelta(days=days))
    three_month = [m for m in mail.outbox if "reminder" in m.subject]
    assert three_month == []
    contact.refresh_from_db()
    assert contact.status == ContactStatus.COMPLETED


def test_nothing_is_sent_outside_sending_hours_or_on_a_bank_holiday(hub_a):
    # Screened so that day 90 falls on Good Friday 2027 (26 March).
    screened(hub_a, at=moment(2026, 12, 26, 8, 0))
    run_at(moment(2026, 12, 26, 9, 0))
    run_at(moment(2027, 3, 26, 11, 0))  # Good Friday
    run_at(moment(2027, 3, 27, 11, 0))  # Saturday
    run_at(moment(2027, 3, 29, 11, 0))  # Easter Monday
    run_at(moment(2027, 3, 30, 8, 59))  # Tuesday, before 9am
    assert mail.outbox == []
    run_at(moment(2027, 3, 30, 9, 0))
    assert len(mail.outbox) == 1
