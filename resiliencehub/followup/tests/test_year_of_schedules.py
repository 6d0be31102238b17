"""A year and a half of Site A's follow-up schedule (3 and 6 months, 2 reminders a week
apart) on a frozen clock, for people who screened on different days and at different
times of day, some of whom answer, stop, pause or withdraw consent: what each of them is
emailed, and when.

The worker's 5-minute runs are made only when something is due (`worker.Worker`), and
what was sent is checked against the record, the outbox, and a calendar written out here
(not the product's): weekdays from 9am to 6pm UK time, never on a bank holiday.
"""

from datetime import date

import pytest
from django.db import transaction

from conftest import load_demo_hub
from resiliencehub.hub.models import ContactSchedule
from resiliencehub.records.contacts import Stop, contact_complete, contact_pause, contact_stop
from resiliencehub.records.models import Client, ContactMessage, ContactStatus, PlannedContact

from .helpers import screened
from .worker import SYSTEM, Worker, at, expected, in_sending_hours, local, messages_of

pytestmark = pytest.mark.django_db

S = ContactStatus
END = at(2028, 7, 1, 0, 0)

# Who screened when: (name, UK moment of the screening).
SCREENINGS = [
    ("monday", at(2027, 1, 11, 10, 0)),  # answers nothing
    ("late-evening", at(2027, 1, 13, 23, 50)),  # answers both waves
    ("stops-follow-up", at(2027, 1, 18, 10, 0)),
    ("stops-everything", at(2027, 1, 18, 10, 0)),
    ("withdraws-consent", at(2027, 1, 18, 10, 0)),
    ("pauses", at(2027, 1, 18, 10, 0)),
    ("pauses-past-the-window", at(2027, 1, 18, 10, 0)),
    ("reminder-on-a-bank-holiday", at(2027, 1, 26, 10, 0)),
    ("wave-on-a-bank-holiday", at(2027, 3, 2, 11, 0)),
    ("after-midnight-in-summer-time", at(2027, 5, 1, 0, 20)),  # 23:20 on 30 April, UTC
    ("in-the-repeated-hour", at(2027, 10, 31, 1, 30)),  # the clocks go back at 2am
]


def _contact(person, wave):
    return PlannedContact.objects.get(client=person, wave=wave)


def _events(people):
    """What people do, when (UK time)."""

    def complete(name, wave):
        return lambda: contact_complete(_contact(people[name], wave), None, auditor=SYSTEM)

    def withdraw():
        person = Client.objects.get(pk=people["withdraws-consent"].pk)
        person.follow_up_consent = False
        person.save(update_fields=["follow_up_consent"])

    return [
        (at(2027, 4, 1, 12, 0), withdraw),
        (
            at(2027, 4, 10, 12, 0),  # a Saturday
            lambda: (
                contact_pause(people["pauses"], date(2027, 5, 3), auditor=SYSTEM),
                contact_pause(people["pauses-past-the-window"], date(2027, 6, 1), auditor=SYSTEM),
            ),
        ),
        (at(2027, 4, 14, 12, 0), complete("late-evening", "3 months")),
        (
            at(2027, 4, 21, 12, 0),
            lambda: (
                contact_stop(people["stops-follow-up"], Stop.FOLLOW_UP, auditor=SYSTEM),
                contact_stop(people["stops-everything"], Stop.ALL, auditor=SYSTEM),
            ),
        ),
        (at(2027, 7, 20, 10, 0), complete("late-evening", "6 months")),
    ]


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """Everyone screened, everything they do done, and the worker run to mid-2028: once
    for the module (it is some sixty runs), in a transaction rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        hub = load_demo_hub("site-a")
        worker = Worker()
        people = {}

        def screen(name, moment):
            def action():
                people[name] = screened(hub, at=moment, email=f"{name}@example.org")

            return action

        timeline = [(moment, screen(name, moment)) for name, moment in SCREENINGS]
        for moment, action in sorted(timeline + _events(people), key=lambda pair: pair[0]):
            worker.then(moment, action)
        worker.run_until(END)
        yield worker, people
        transaction.set_rollback(True)


TIMES = {
    # Day 90 is Sunday 11 April: Monday 9am; day 180 a Saturday: Monday 12 July.
    "monday": expected(
        ("3 months", 0, (2027, 4, 12, 9, 0)),
        ("3 months", 1, (2027, 4, 19, 9, 0)),
        ("3 months", 2, (2027, 4, 26, 9, 0)),
        ("6 months", 0, (2027, 7, 12, 9, 0)),
        ("6 months", 1, (2027, 7, 19, 9, 0)),
        ("6 months", 2, (2027, 7, 26, 9, 0)),
    ),
    # Screened at 23:50 on 13 January: its days count from the 13th, not the 14th. It
    # answered each wave: no reminder after the answers.
    "late-evening": expected(
        ("3 months", 0, (2027, 4, 13, 9, 0)),
        ("6 months", 0, (2027, 7, 12, 9, 0)),
        ("6 months", 1, (2027, 7, 19, 9, 0)),
    ),
    # Day 90 is the spring bank holiday (31 May) and day 180 the Sunday before the
    # summer one (30 August): the Tuesdays after.
    "wave-on-a-bank-holiday": expected(
        ("3 months", 0, (2027, 6, 1, 9, 0)),
        ("3 months", 1, (2027, 6, 8, 9, 0)),
        ("3 months", 2, (2027, 6, 15, 9, 0)),
        ("6 months", 0, (2027, 8, 31, 9, 0)),
        ("6 months", 1, (2027, 9, 7, 9, 0)),
        ("6 months", 2, (2027, 9, 14, 9, 0)),
    ),
    # The first reminder would fall on the early May bank holiday (3 May): the Tuesday.
    "reminder-on-a-bank-holiday": expected(
        ("3 months", 0, (2027, 4, 26, 9, 0)),
        ("3 months", 1, (2027, 5, 4, 9, 0)),
        ("3 months", 2, (2027, 5, 11, 9, 0)),
        ("6 months", 0, (2027, 7, 26, 9, 0)),
        ("6 months", 1, (2027, 8, 2, 9, 0)),
        ("6 months", 2, (2027, 8, 9, 9, 0)),
    ),
    # Screened 20 minutes into 1 May, UK time (still 30 April in UTC): day 90 is 30 July.
    # The 6-month invitation goes out in summer time and its reminders after the clocks go
    # back, still at 9am on the UK clock, never at 8am.
    "after-midnight-in-summer-time": expected(
        ("3 months", 0, (2027, 7, 30, 9, 0)),
        ("3 months", 1, (2027, 8, 6, 9, 0)),
        ("3 months", 2, (2027, 8, 13, 9, 0)),
        ("6 months", 0, (2027, 10, 28, 9, 0)),
        ("6 months", 1, (2027, 11, 4, 9, 0)),
        ("6 months", 2, (2027, 11, 11, 9, 0)),
    ),
    # Screened at 01:30 on the night the clocks go back: day 90 is Saturday 29 January
    # 2028, day 180 Friday 28 April 2028 (after the clocks go forward).
    "in-the-repeated-hour": expected(
        ("3 months", 0, (2028, 1, 31, 9, 0)),
        ("3 months", 1, (2028, 2, 7, 9, 0)),
        ("3 months", 2, (2028, 2, 14, 9, 0)),
        ("6 months", 0, (2028, 4, 28, 9, 0)),
        ("6 months", 1, (2028, 5, 5, 9, 0)),
        ("6 months", 2, (2028, 5, 12, 9, 0)),
    ),
    # Stopped on 21 April, two days after the 3-month invitation: nothing more.
    "stops-follow-up": expected(("3 months", 0, (2027, 4, 19, 9, 0))),
    "stops-everything": expected(("3 months", 0, (2027, 4, 19, 9, 0))),
    # Withdrew consent on 1 April, after both waves were planned: nothing at all.
    "withdraws-consent": [],
    # Paused on 10 April until 3 May (a bank holiday): the invitation due on 19 April
    # waits for Tuesday 4 May, its reminders follow from there.
    "pauses": expected(
        ("3 months", 0, (2027, 5, 4, 9, 0)),
        ("3 months", 1, (2027, 5, 11, 9, 0)),
        ("3 months", 2, (2027, 5, 18, 9, 0)),
        ("6 months", 0, (2027, 7, 19, 9, 0)),
        ("6 months", 1, (2027, 7, 26, 9, 0)),
        ("6 months", 2, (2027, 8, 2, 9, 0)),
    ),
    # Paused until 1 June, after the 3-month window closes (29 May): that wave is never
    # sent; the 6-month one is.
    "pauses-past-the-window": expected(
        ("6 months", 0, (2027, 7, 19, 9, 0)),
        ("6 months", 1, (2027, 7, 26, 9, 0)),
        ("6 months", 2, (2027, 8, 2, 9, 0)),
    ),
}


@pytest.mark.hazard("HAZ-053")
@pytest.mark.parametrize("name", [name for name, _ in SCREENINGS])
def test_each_person_is_emailed_exactly_what_their_schedule_and_choices_allow(year, name):
    worker, people = year
    person = people[name]
    assert messages_of(person) == TIMES[name]
    # The emails themselves: one per row of the record, at those moments.
    emailed = [(each.moment, each.subject) for each in worker.to(person.email)]
    assert [moment for moment, _ in emailed] == [moment for _, _, moment in TIMES[name]]
    assert [("reminder" in subject) for _, subject in emailed] == [
        number > 0 for _, number, _ in TIMES[name]
    ]


@pytest.mark.hazard("HAZ-053")
def test_no_email_is_ever_sent_outside_sending_hours_or_on_a_non_working_day(year):
    worker, _ = year
    assert len(worker.sent) == sum(len(rows) for rows in TIMES.values())
    outside = [(local(each.moment), each.to) for each in worker.sent]
    assert [row for row in outside if not in_sending_hours(row[0])] == []
    recorded = ContactMessage.objects.values_list("sent_at", flat=True)
    assert [local(m) for m in recorded if not in_sending_hours(m)] == []
    assert len(worker.sent) == ContactMessage.objects.count()


@pytest.mark.hazard("HAZ-053")
def test_every_wave_is_sent_at_most_once_and_inside_its_window(year):
    _, people = year
    schedule = ContactSchedule.objects.get(key="follow-up")
    windows = {wave["name"]: (wave["opens"], wave["closes"]) for wave in schedule.waves}
    screened_on = {people[name].pk: local(moment).date() for name, moment in SCREENINGS}
    for contact in PlannedContact.objects.filter(schedule=schedule):
        invitations = contact.messages.filter(number=0)
        assert invitations.count() <= 1
        for message in contact.messages.all():
            opens, closes = windows[contact.wave]
            days = (local(message.sent_at).date() - screened_on[contact.client_id]).days
            assert opens <= days <= closes, (contact.wave, days)


@pytest.mark.hazard("HAZ-053")
def test_what_each_contact_ended_as_and_why_is_on_the_record(year):
    _, people = year

    def ended(name, wave):
        contact = _contact(people[name], wave)
        return contact.status, contact.status_changes.order_by("pk").last().reason

    assert ended("late-evening", "3 months")[0] == S.COMPLETED
    assert ended("late-evening", "6 months")[0] == S.COMPLETED
    assert ended("monday", "3 months") == (S.EXPIRED, "The window closed without an answer.")
    for wave in ("3 months", "6 months"):
        assert ended("stops-follow-up", wave) == (
            S.OPTED_OUT,
            "The person stopped follow-up questionnaires.",
        )
        assert ended("stops-everything", wave) == (S.OPTED_OUT, "The person stopped every contact.")
        assert ended("withdraws-consent", wave)[0] == S.CANCELLED
    assert ended("pauses-past-the-window", "3 months") == (
        S.EXPIRED,
        "The window closed before it could be sent.",
    )
    paused = _contact(people["pauses"], "3 months").status_changes.order_by("pk")
    assert "Paused by the person until 3 May 2027." in [row.reason for row in paused]
    # Nothing is left open once every window has closed.
    assert not PlannedContact.objects.filter(status__in=(S.PLANNED, S.DUE, S.SENT, S.REMINDED))


@pytest.mark.hazard("HAZ-053")
def test_no_email_after_the_answers_the_stop_or_the_withdrawal(year):
    _, people = year
    for contact in PlannedContact.objects.filter(status=S.COMPLETED):
        assert not contact.messages.filter(sent_at__gt=contact.completed_at).exists()
    for name in ("stops-follow-up", "stops-everything"):
        stopped = Client.objects.get(pk=people[name].pk).follow_up_stopped_at
        assert not ContactMessage.objects.filter(client=people[name], sent_at__gt=stopped)
    assert not ContactMessage.objects.filter(client=people["withdraws-consent"]).exists()
