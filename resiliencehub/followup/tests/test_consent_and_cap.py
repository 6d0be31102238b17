"""What the sender checks again at the moment of sending (consent, stops, pauses), and the
hub's cap on questionnaire emails per person in any 30 days, held across two schedules
whose waves overlap (ADR 0037; HAZ-053)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes.services import appointment_book, episode_open
from resiliencehub.episodes.tests.factories import auditor_for
from resiliencehub.followup.sending import handle
from resiliencehub.hub.models import ContactSchedule, Hub
from resiliencehub.records.contacts import contact_pause
from resiliencehub.records.models import (
    Client,
    ContactKind,
    ContactMessage,
    ContactStatus,
    PlannedContact,
    Referral,
)

from .helpers import screened
from .worker import SYSTEM, Worker, at, expected, in_sending_hours, messages_of, most_in_any_30_days

pytestmark = pytest.mark.django_db

S = ContactStatus


def _contact(person, wave):
    return PlannedContact.objects.get(client=person, wave=wave)


@pytest.mark.hazard("HAZ-053")
def test_consent_withdrawn_after_planning_is_checked_again_by_the_sender_itself(hub_a):
    """Without the planner's reconciliation in between, the sender's own check under the
    row lock refuses: the contact ends, with the reason, and nothing is sent."""
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    contact = _contact(person, "3 months")
    invitation_due = at(2027, 4, 12, 9, 0)
    assert contact.next_send_at == invitation_due
    Client.objects.filter(pk=person.pk).update(follow_up_consent=False)
    with time_machine.travel(invitation_due, tick=False):
        outcome = handle(contact.pk, invitation_due, auditor=SYSTEM)
    contact.refresh_from_db()
    assert outcome == S.CANCELLED
    assert contact.status == S.CANCELLED
    assert contact.status_changes.last().reason == "The person no longer agrees to follow-up."
    assert mail.outbox == [] and not ContactMessage.objects.exists()


@pytest.mark.hazard("HAZ-053")
def test_consent_withdrawn_between_planning_and_sending_sends_nothing_all_year(hub_a):
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    assert PlannedContact.objects.filter(client=person).count() == 2
    worker.then(
        at(2027, 4, 12, 8, 59),  # a minute before the invitation
        lambda: Client.objects.filter(pk=person.pk).update(follow_up_consent=False),
    )
    worker.run_until(at(2028, 1, 1, 0, 0))
    assert mail.outbox == [] and messages_of(person) == []
    assert set(PlannedContact.objects.filter(client=person).values_list("status", flat=True)) == {
        S.CANCELLED
    }


@pytest.mark.hazard("HAZ-053")
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"follow_up_stopped_at": at(2027, 4, 1, 12, 0)}, "The person stopped follow-up."),
        ({"contact_stopped_at": at(2027, 4, 1, 12, 0)}, "The person asked not to be contacted."),
    ],
)
def test_a_stop_recorded_without_ending_the_contacts_is_still_honoured_at_sending(
    hub_a, change, reason
):
    """A stop written straight to the record (an import, a staff edit) and not through
    `contact_stop`: the sender's own check finds it."""
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    Client.objects.filter(pk=person.pk).update(**change)
    contact = _contact(person, "3 months")
    with time_machine.travel(contact.next_send_at, tick=False):
        outcome = handle(contact.pk, contact.next_send_at, auditor=SYSTEM)
    contact.refresh_from_db()
    assert (outcome, contact.status) == (S.OPTED_OUT, S.OPTED_OUT)
    assert contact.status_changes.last().reason == reason
    assert mail.outbox == []


@pytest.mark.hazard("HAZ-053")
def test_a_pause_made_after_the_invitation_holds_back_its_reminders(hub_a):
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    worker.then(
        at(2027, 4, 13, 12, 0), lambda: contact_pause(person, date(2027, 5, 20), auditor=SYSTEM)
    )
    worker.run_until(at(2027, 6, 1, 0, 0))
    assert messages_of(person) == expected(
        ("3 months", 0, (2027, 4, 12, 9, 0)),
        ("3 months", 1, (2027, 5, 20, 9, 0)),  # due 19 April, held until the pause ends
        # The second reminder would be 27 May; the window closes at the end of 21 May.
    )
    assert _contact(person, "3 months").status == S.EXPIRED


@pytest.mark.hazard("HAZ-053")
def test_a_person_who_never_agreed_is_never_planned_or_emailed(hub_a):
    worker = Worker()
    worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a, consent=False))
    worker.run_until(at(2028, 1, 1, 0, 0))
    assert not PlannedContact.objects.exists()
    assert mail.outbox == []


# --- The cap across schedules -----------------------------------------------------------


def _second_schedule(hub) -> ContactSchedule:
    """A wellbeing check at 14 weeks, overlapping the 3-month follow-up's reminders."""
    return ContactSchedule.objects.create(
        hub=hub,
        key="wellbeing",
        name="Wellbeing check at 14 weeks",
        waves=[{"name": "14 weeks", "day": 98, "opens": 90, "closes": 140}],
        instruments=["PHQ-9", "GAD-7"],
        reminders=2,
        reminder_days=7,
    )


@pytest.fixture
def capped(hub_a):
    """Site A with a cap of 2 questionnaire emails in 30 days, two schedules, and three
    people screened in the same fortnight, run through the year."""
    Hub.objects.filter(pk=hub_a.pk).update(contact_cap_per_30_days=2)
    _second_schedule(hub_a)
    worker = Worker()
    people = [
        worker.then(moment, lambda m=moment, n=n: screened(hub_a, at=m, email=f"p{n}@example.org"))
        for n, moment in enumerate(
            [at(2027, 1, 11, 10, 0), at(2027, 1, 13, 16, 0), at(2027, 1, 22, 9, 30)]
        )
    ]
    worker.run_until(at(2027, 12, 1, 0, 0))
    return worker, people


@pytest.mark.hazard("HAZ-053")
def test_no_one_is_sent_more_than_the_cap_in_any_30_days_across_both_schedules(capped):
    worker, people = capped
    for person in people:
        recorded = [moment for _, _, moment in messages_of(person)]
        emailed = [each.moment for each in worker.to(person.email)]
        assert sorted(emailed) == recorded
        assert most_in_any_30_days(recorded) == 2, person.email
        schedules = set(
            ContactMessage.objects.filter(client=person).values_list("contact__schedule__key")
        )
        assert schedules == {("follow-up",), ("wellbeing",)}
    assert all(in_sending_hours(each.moment) for each in worker.sent)


@pytest.mark.hazard("HAZ-053")
def test_the_cap_delays_a_wave_inside_its_window_and_says_why(capped):
    worker, people = capped
    first = people[0]
    # Screened Monday 11 January: the 3-month invitation on 12 April and its first
    # reminder on 19 April fill the cap; the wellbeing check due on 19 April (day 98)
    # waits until one of them is 30 days old.
    wellbeing = _contact(first, "14 weeks")
    invitation = wellbeing.messages.get(number=0)
    assert invitation.sent_at > at(2027, 4, 19, 9, 0)
    assert invitation.sent_at < wellbeing.expires_at
    reasons = [row.reason for row in wellbeing.status_changes.all()]
    assert "The person has had the most emails the hub sends in 30 days." in reasons
    # Every invitation of every wave went out, once (the cap delays, it does not drop).
    for person in people:
        for contact in PlannedContact.objects.filter(client=person):
            assert contact.messages.filter(number=0).count() == 1, (person.email, contact.wave)


@pytest.mark.hazard("HAZ-053")
def test_the_cap_is_per_person_and_appointment_messages_neither_count_nor_wait(hub_a, make_staff):
    Hub.objects.filter(pk=hub_a.pk).update(contact_cap_per_30_days=2)
    _second_schedule(hub_a)
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    other = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a, email="other@example.org"))
    worker.run_until(at(2027, 4, 20, 12, 0))
    # Both have had 2 questionnaire emails since 12 April: the cap is full for each.
    assert len(messages_of(person)) == len(messages_of(other)) == 2
    clinician = make_staff(hub_a, Role.CLINICIAN)
    referral = Referral.objects.get(client=person)

    def book():
        episode = episode_open(referral, auditor=SYSTEM)
        return appointment_book(
            episode,
            clinician=clinician,
            starts_at=at(2027, 4, 27, 10, 0),
            duration_minutes=50,
            kind="assessment",
            mode="face_to_face",
            auditor=auditor_for(clinician),
        )

    worker.then(at(2027, 4, 20, 12, 0), book)
    worker.run_until(at(2027, 4, 28, 0, 0))
    kinds = [kind for kind, _, _ in messages_of(person)]
    assert kinds.count(ContactKind.APPOINTMENT_BOOKED) == 1
    assert kinds.count(ContactKind.APPOINTMENT_REMINDER) == 2
    booked = ContactMessage.objects.get(contact__kind=ContactKind.APPOINTMENT_BOOKED)
    assert booked.sent_at - at(2027, 4, 20, 12, 0) < timedelta(minutes=10)
    questionnaires = ContactMessage.objects.filter(client=person, counts_to_cap=True)
    assert most_in_any_30_days(questionnaires.values_list("sent_at", flat=True)) == 2
