"""Appointment messages as a client receives them: a confirmation when the appointment is
booked, reminders 2 working days and 2 hours before, a notice if it is cancelled, nothing
at night, nothing to someone who has not agreed to email, and the joining details of a
virtual appointment in each (ADR 0037; HAZ-055)."""

import pytest
import time_machine
from django.core import mail

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes.models import Appointment, AppointmentStatus
from resiliencehub.episodes.services import appointment_book, appointment_outcome_record
from resiliencehub.episodes.tests.factories import auditor_for, make_client, make_episode
from resiliencehub.episodes.tests.factories import make_referral as referral_for
from resiliencehub.records.models import ContactKind, ContactStatus, PlannedContact

from .worker import Worker, at, in_quiet_hours, local

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-055")]

S = ContactStatus
K = ContactKind
EMAIL = "ada@example.org"
JOINING = "https://video.example.org/room/4242 (or call 0113 496 0999, code 4242)"
BOOKED = "Site A Resilience Hub: your appointment"
REMINDER = "Site A Resilience Hub: a reminder of your appointment"
CANCELLED = "Site A Resilience Hub: a change to your appointment"


@pytest.fixture
def clinician(hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    user.full_name = "Dr Bea Kind"
    user.save(update_fields=["full_name"])
    return user


@pytest.fixture
def book(hub_a, clinician):
    """book(booked_at, starts_at, mode=..., client=...) -> the appointment, booked by the
    clinician at `booked_at` on the frozen clock."""

    def make(booked_at, starts_at, *, mode="virtual", client=None, joining=JOINING):
        with time_machine.travel(booked_at, tick=False):
            person = client or make_client(hub_a, "Ada Lovelace", email=EMAIL)
            episode = make_episode(hub_a, clinician, referral=referral_for(hub_a, person))
            return appointment_book(
                episode,
                clinician=clinician,
                starts_at=starts_at,
                duration_minutes=50,
                kind="assessment",
                mode=mode,
                joining_details=joining if mode == "virtual" else "",
                auditor=auditor_for(clinician),
            )

    return make


def _planned(appointment):
    rows = PlannedContact.objects.filter(appointment_id=appointment.pk).order_by("send_after")
    return [(row.kind, local(row.send_after)) for row in rows]


def _emails(worker):
    return [(local(each.moment), each.subject) for each in worker.sent]


def test_booking_confirms_at_once_and_reminds_two_working_days_and_two_hours_before(book):
    booked_at = at(2027, 3, 1, 10, 0)  # Monday
    appointment = book(booked_at, at(2027, 3, 4, 14, 0))  # Thursday 2pm
    assert _planned(appointment) == [
        (K.APPOINTMENT_BOOKED, booked_at),
        (K.APPOINTMENT_REMINDER, at(2027, 3, 2, 14, 0)),  # Tuesday, same time
        (K.APPOINTMENT_REMINDER, at(2027, 3, 4, 12, 0)),
    ]
    worker = Worker()
    worker.run(booked_at)
    worker.run_until(at(2027, 3, 5, 0, 0))
    assert _emails(worker) == [
        (booked_at, BOOKED),
        (at(2027, 3, 2, 14, 0), REMINDER),
        (at(2027, 3, 4, 12, 0), REMINDER),
    ]
    confirmation = worker.sent[0].email
    assert confirmation.to == [EMAIL]
    assert (
        "Your appointment with Dr Bea Kind is booked for 4 March 2027 at 2pm (50 minutes)."
        in confirmation.body
    )
    for each in worker.sent[1:]:
        assert "your appointment with Dr Bea Kind on 4 March 2027 at 2pm" in each.email.body
    contacts = PlannedContact.objects.filter(appointment_id=appointment.pk)
    assert set(contacts.values_list("status", flat=True)) == {S.SENT}


def test_two_working_days_before_skips_the_easter_weekend(book):
    # Tuesday 30 March 2027, after Good Friday (26th) and Easter Monday (29th).
    appointment = book(at(2027, 3, 22, 11, 0), at(2027, 3, 30, 10, 0))
    assert _planned(appointment)[1:] == [
        (K.APPOINTMENT_REMINDER, at(2027, 3, 24, 10, 0)),  # Wednesday
        (K.APPOINTMENT_REMINDER, at(2027, 3, 30, 8, 0)),
    ]


def test_every_message_of_a_virtual_appointment_says_how_to_join(book):
    appointment = book(at(2027, 3, 1, 10, 0), at(2027, 3, 4, 14, 0))
    worker = Worker()
    worker.run(at(2027, 3, 1, 10, 0))
    worker.run_until(at(2027, 3, 4, 13, 0))
    with time_machine.travel(at(2027, 3, 4, 13, 0), tick=False):
        appointment_outcome_record(
            appointment,
            AppointmentStatus.CANCELLED_BY_CLIENT,
            auditor=auditor_for(appointment.clinician),
        )
    worker.run(at(2027, 3, 4, 13, 5))
    assert [each.subject for each in worker.sent] == [BOOKED, REMINDER, REMINDER, CANCELLED]
    for each in worker.sent[:3]:
        assert f"How to join: {JOINING}" in each.email.body


def test_a_face_to_face_appointment_says_so_and_gives_no_joining_details(book):
    book(at(2027, 3, 1, 10, 0), at(2027, 3, 4, 14, 0), mode="face_to_face")
    worker = Worker()
    worker.run(at(2027, 3, 1, 10, 0))
    worker.run_until(at(2027, 3, 5, 0, 0))
    assert len(worker.sent) == 3
    assert "It is face to face." in worker.sent[0].email.body
    assert all("How to join" not in each.email.body for each in worker.sent)


def test_cancelling_cancels_the_reminders_and_sends_a_notice(book):
    appointment = book(at(2027, 3, 1, 10, 0), at(2027, 3, 4, 14, 0))
    worker = Worker()
    worker.run(at(2027, 3, 1, 10, 0))
    worker.then(
        at(2027, 3, 1, 15, 0),
        lambda: appointment_outcome_record(
            appointment,
            AppointmentStatus.CANCELLED_BY_HUB,
            auditor=auditor_for(appointment.clinician),
        ),
    )
    worker.run_until(at(2027, 3, 6, 0, 0))
    assert _emails(worker) == [
        (at(2027, 3, 1, 10, 0), BOOKED),
        (at(2027, 3, 1, 15, 5), CANCELLED),
    ]
    notice = worker.sent[1].email
    assert "Your appointment with Dr Bea Kind on 4 March 2027 at 2pm is cancelled." in notice.body
    reminders = PlannedContact.objects.filter(
        appointment_id=appointment.pk, kind=K.APPOINTMENT_REMINDER
    )
    assert list(reminders.values_list("status", flat=True)) == [S.CANCELLED, S.CANCELLED]
    assert {r.status_changes.last().reason for r in reminders} == {"The appointment was cancelled."}


@pytest.mark.parametrize("outcome", [AppointmentStatus.ATTENDED, AppointmentStatus.DID_NOT_ATTEND])
def test_an_outcome_recorded_cancels_the_reminders_not_yet_sent(book, outcome):
    appointment = book(at(2027, 3, 1, 10, 0), at(2027, 3, 4, 14, 0))
    worker = Worker()
    worker.run(at(2027, 3, 1, 10, 0))
    # The appointment was brought forward and held on Wednesday afternoon; the clinician
    # records it then, before the 2-hour reminder.
    worker.then(
        at(2027, 3, 3, 16, 0),
        lambda: appointment_outcome_record(
            appointment, outcome, auditor=auditor_for(appointment.clinician)
        ),
    )
    worker.run_until(at(2027, 3, 6, 0, 0))
    assert [each.subject for each in worker.sent] == [BOOKED, REMINDER]
    two_hours = PlannedContact.objects.get(
        appointment_id=appointment.pk, kind=K.APPOINTMENT_REMINDER, status=S.CANCELLED
    )
    assert local(two_hours.send_after) == at(2027, 3, 4, 12, 0)
    assert two_hours.status_changes.last().reason == "The appointment has taken place."
    assert not PlannedContact.objects.filter(kind=K.APPOINTMENT_CANCELLED).exists()


def test_an_appointment_no_longer_booked_gets_no_reminder_even_if_not_told(book):
    """Every send checks the appointment again: one changed without the service (a data
    fix, an import) still stops its reminders."""
    appointment = book(at(2027, 3, 1, 10, 0), at(2027, 3, 4, 14, 0))
    worker = Worker()
    worker.run(at(2027, 3, 1, 10, 0))
    Appointment.objects.filter(pk=appointment.pk).update(
        status=AppointmentStatus.CANCELLED_BY_CLIENT
    )
    worker.run_until(at(2027, 3, 6, 0, 0))
    assert [each.subject for each in worker.sent] == [BOOKED]
    reminders = PlannedContact.objects.filter(kind=K.APPOINTMENT_REMINDER)
    assert {(r.status, r.status_changes.last().reason) for r in reminders} == {
        (S.CANCELLED, "The appointment is no longer booked.")
    }


def test_nothing_is_sent_between_9pm_and_7am(book):
    # Booked at 10:30pm for 9am the next day: the confirmation waits for 7am; the 2-hour
    # reminder (7am) goes then too; 2 working days before had already passed.
    late = book(at(2027, 3, 1, 22, 30), at(2027, 3, 2, 9, 0))
    # An early shift: 7:30am on Monday, booked on Friday at 8:55pm. Its 2-hour reminder
    # (5:30am) waits for 7am.
    early = book(
        at(2027, 3, 5, 20, 55),
        at(2027, 3, 8, 7, 30),
        client=make_client(late.hub, "Early Riser", email="early@example.org"),
    )
    assert [moment for _, moment in _planned(early)] == [
        at(2027, 3, 5, 20, 55),
        at(2027, 3, 8, 5, 30),
    ]  # 2 working days before (Thursday 7:30am) had passed
    worker = Worker()
    worker.run(at(2027, 3, 1, 22, 30))
    worker.run_until(at(2027, 3, 9, 0, 0))
    assert _emails(worker) == [
        (at(2027, 3, 2, 7, 0), BOOKED),
        (at(2027, 3, 2, 7, 0), REMINDER),
        (at(2027, 3, 5, 20, 55), BOOKED),  # 8:55pm: not yet the quiet hours
        (at(2027, 3, 8, 7, 0), REMINDER),
    ]
    assert [each.to for each in worker.sent] == [EMAIL, EMAIL, *["early@example.org"] * 2]
    assert not [each for each in worker.sent if in_quiet_hours(each.moment)]


def test_booked_at_night_for_the_small_hours_the_confirmation_expires_unsent(book):
    # Booked at 11pm for 6:30am: every message would fall in the quiet hours.
    appointment = book(at(2027, 3, 1, 23, 0), at(2027, 3, 2, 6, 30))
    worker = Worker()
    worker.run(at(2027, 3, 1, 23, 0))
    worker.run_until(at(2027, 3, 3, 0, 0))
    assert mail.outbox == []
    contacts = PlannedContact.objects.filter(appointment_id=appointment.pk)
    assert {row.status for row in contacts} == {S.EXPIRED}


@pytest.mark.parametrize("email", ["ada@example.org", ""])
def test_someone_who_has_not_agreed_to_email_gets_nothing_and_the_record_says_why(
    book, hub_a, email
):
    person = make_client(hub_a, "Ada Lovelace", email=email)
    person.may_email = False
    person.save(update_fields=["may_email"])
    appointment = book(at(2027, 3, 1, 10, 0), at(2027, 3, 4, 14, 0), client=person)
    worker = Worker()
    worker.run(at(2027, 3, 1, 10, 0))
    worker.run_until(at(2027, 3, 6, 0, 0))
    assert mail.outbox == []
    contacts = PlannedContact.objects.filter(appointment_id=appointment.pk)
    assert contacts.count() == 3
    for contact in contacts:
        assert contact.status == S.UNDELIVERABLE
        assert contact.messages.count() == 0
        assert contact.status_changes.last().reason == (
            "The person has not agreed to email, or gave no address."
        )
