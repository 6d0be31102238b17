"""The sender as the worker runs it, on a frozen clock, and independent checks of what a
person received: every email with the moment it was sent.

The worker runs `run_due` every 5 minutes. Instead of running it every 5 minutes for a
year, `Worker` runs it at the first 5-minute tick at or after the moment the earliest open
contact asks to be looked at (nothing can happen in between), so a year of schedules
takes a few hundred runs. The checks here do not use the product's calendar: the bank
holidays are written out from GOV.UK's list.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import time_machine
from django.core import mail
from django.db.models import Min
from django.utils import timezone

from resiliencehub.audit.services import Auditor
from resiliencehub.followup.sending import Run, run_due
from resiliencehub.records.models import (
    OPEN_CONTACT_STATUSES,
    ContactMessage,
    PlannedContact,
)

SYSTEM = Auditor.system("tests")
TICK = timedelta(minutes=5)

# England and Wales bank holidays (GOV.UK), written out rather than computed.
BANK_HOLIDAYS = {
    date(2027, 1, 1),
    date(2027, 3, 26),  # Good Friday
    date(2027, 3, 29),  # Easter Monday
    date(2027, 5, 3),
    date(2027, 5, 31),
    date(2027, 8, 30),
    date(2027, 12, 27),  # Christmas Day, observed
    date(2027, 12, 28),  # Boxing Day, observed
    date(2028, 1, 3),  # New Year's Day, observed
    date(2028, 4, 14),
    date(2028, 4, 17),
    date(2028, 5, 1),
    date(2028, 5, 29),
    date(2028, 8, 28),
    date(2028, 12, 25),
    date(2028, 12, 26),
}

LINK = re.compile(r"https?://\S+?(/h/[\w-]+/follow-up/[^\s/]+/)")
PREFERENCES = re.compile(r"https?://\S+?(/h/[\w-]+/your-emails/[^\s/]+/)")


def at(*args) -> datetime:
    """A UK wall-clock moment."""
    return timezone.make_aware(datetime(*args))


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def in_sending_hours(moment: datetime, start=time(9, 0), end=time(18, 0)) -> bool:
    """Monday to Friday, not a bank holiday, from 9am to before 6pm UK time."""
    when = local(moment)
    return when.weekday() < 5 and when.date() not in BANK_HOLIDAYS and start <= when.time() < end


def in_quiet_hours(moment: datetime) -> bool:
    """9pm to 7am UK time, when no appointment message is sent."""
    clock = local(moment).time()
    return clock >= time(21, 0) or clock < time(7, 0)


def _tick(moment: datetime) -> datetime:
    """The worker's first run at or after `moment` (runs at :00, :05, … UTC)."""
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    steps = -(-(moment - epoch) // TICK)
    return epoch + steps * TICK


@dataclass
class Sent:
    moment: datetime
    email: object

    @property
    def to(self) -> str:
        return self.email.to[0]

    @property
    def subject(self) -> str:
        return self.email.subject


@dataclass
class Worker:
    """Runs the sender on a frozen clock and keeps every email sent with its moment."""

    now: datetime | None = None
    sent: list[Sent] = field(default_factory=list)
    runs: int = 0

    def run(self, moment: datetime) -> Run:
        before = len(mail.outbox)
        with time_machine.travel(moment, tick=False):
            run = run_due(moment)
        self.runs += 1
        self.now = moment
        self.sent += [Sent(moment, email) for email in mail.outbox[before:]]
        return run

    def next_look(self) -> datetime | None:
        return PlannedContact.objects.filter(
            status__in=OPEN_CONTACT_STATUSES, next_send_at__isnull=False
        ).aggregate(first=Min("next_send_at"))["first"]

    def run_until(self, end: datetime) -> None:
        """Every run the worker would make that does something, before `end`."""
        for _ in range(5000):
            due = self.next_look()
            if due is None:
                return
            moment = _tick(max(due, self.now) if self.now else due)
            if self.now and moment <= self.now:
                moment = _tick(self.now + TICK)
            if moment >= end:
                return
            self.run(moment)
        raise AssertionError("the sender keeps finding work: a contact never settles")

    def then(self, moment: datetime, action=None):
        """Run the worker up to `moment`, do `action` at that moment (on the frozen clock),
        then run the worker's next tick (which plans what the action made due)."""
        self.run_until(moment)
        result = None
        if action is not None:
            with time_machine.travel(moment, tick=False):
                result = action()
        self.run(_tick(moment + timedelta(seconds=1)))
        return result

    def to(self, address: str) -> list[Sent]:
        return [each for each in self.sent if each.to == address]


def expected(*rows) -> list[tuple[str, int, datetime]]:
    """(wave or kind, number, (year, month, day, hour, minute)) rows as `messages_of` gives."""
    return [(wave, number, at(*moment)) for wave, number, moment in rows]


def messages_of(client) -> list[tuple[str, int, datetime]]:
    """(wave or kind, number, UK moment) of every email the record says was sent."""
    rows = ContactMessage.objects.filter(client=client).select_related("contact")
    return [
        (row.contact.wave or row.contact.kind, row.number, local(row.sent_at))
        for row in rows.order_by("sent_at", "id")
    ]


def most_in_any_30_days(moments) -> int:
    """The most of `moments` inside any 30-day window."""
    ordered = sorted(moments)
    most = 0
    for index, moment in enumerate(ordered):
        inside = [m for m in ordered[: index + 1] if m > moment - timedelta(days=30)]
        most = max(most, len(inside))
    return most


def link_in(email, pattern=LINK) -> str:
    found = pattern.search(email.body)
    assert found, email.body
    return found.group(1)
