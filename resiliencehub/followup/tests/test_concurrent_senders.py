"""`manage.py send_due_contacts` run twice at the same moment (a cron line and the worker,
or two workers) emails each person once: planning twice makes one contact per wave, and
sending twice sends each message once (ADR 0037; HAZ-053).

The concurrent tests commit for real, against a file database (SQLite with
SQLITE_TEST_NAME, or PostgreSQL): two threads with their own connections, and two
processes running the command itself.
"""

import io
import os
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import load_demo_hub
from resiliencehub.hub.models import ContactSchedule
from resiliencehub.records.models import (
    ContactMessage,
    ContactStatus,
    PlannedContact,
    PlannedContactStatusChange,
)

from .helpers import SCREENED, screened
from .worker import at, in_sending_hours

S = ContactStatus
PEOPLE = 8
MANY = 30  # for two processes: enough work that they overlap
INVITATIONS_DUE = at(2027, 4, 12, 9, 0)  # day 91 after SCREENED: a Monday, 9am
FIRST_REMINDERS_DUE = INVITATIONS_DUE + timedelta(days=7)


def _file_database_or_skip():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "shared-cache in-memory SQLite refuses concurrent writers at once instead of "
            "waiting; run with SQLITE_TEST_NAME=<file> or on PostgreSQL"
        )


def _screen_everyone(people=PEOPLE):
    hub = load_demo_hub("site-a")
    return [screened(hub, email=f"person{n}@example.org") for n in range(people)]


def _in_two_threads(moment):
    """`send_due_contacts --now moment` in two threads released at the same instant;
    returns what each printed."""
    barrier = threading.Barrier(2)
    printed, errors = [], []

    def send():
        out = io.StringIO()
        try:
            barrier.wait(timeout=10)
            call_command("send_due_contacts", "--now", moment.isoformat(), stdout=out)
            printed.append(out.getvalue())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    with time_machine.travel(moment, tick=False):
        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert errors == []
    assert len(printed) == 2
    return printed


def _outcomes(summary: str) -> dict:
    """What one run's summary line says: how many it looked at, and each outcome."""
    found = re.search(r"looked at (\d+)(?: \((.*)\))?", summary)
    counts = dict(part.split(": ") for part in found.group(2).split(", ")) if found.group(2) else {}
    return {"looked at": int(found.group(1)), **{k: int(v) for k, v in counts.items()}}


def _outcomes_planned(summary: str) -> int:
    return int(re.search(r"planned (\d+)", summary).group(1))


def _sent_in(summary: str) -> int:
    """The emails one run says it sent (sent and reminded)."""
    counts = _outcomes(summary)
    return counts.get("sent", 0) + counts.get("reminded", 0)


@pytest.fixture
def slow_mail(monkeypatch):
    """Each email takes a moment to hand to the mail server (as a real one does), so the
    two senders are at work at the same time rather than one after the other."""
    from resiliencehub.followup import sending

    real = sending.send_mail

    def send_mail(*args, **kwargs):
        time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(sending, "send_mail", send_mail)


def _each_person_once(subject_part: str):
    recipients = sorted(email.to[0] for email in mail.outbox if subject_part in email.subject)
    assert recipients == sorted(f"person{n}@example.org" for n in range(PEOPLE))


@pytest.mark.hazard("HAZ-053")
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_plan_once_and_email_each_person_once(slow_mail):
    _file_database_or_skip()
    _screen_everyone()
    # Both plan at the same moment, an hour after the screenings: one contact per wave
    # and person (the second planner's rows fail on the unique constraint).
    printed = _in_two_threads(SCREENED + timedelta(hours=1))
    assert PlannedContact.objects.count() == 2 * PEOPLE
    assert sum(_outcomes_planned(summary) for summary in printed) == 2 * PEOPLE
    assert mail.outbox == []

    # Both send at the moment the invitations are due.
    printed = _in_two_threads(INVITATIONS_DUE)
    # Both were at work on the same contacts (the test would prove nothing otherwise).
    assert all(_outcomes(summary)["looked at"] > 0 for summary in printed), printed
    assert len(mail.outbox) == PEOPLE
    _each_person_once("how are you now?")
    assert sum(_sent_in(summary) for summary in printed) == PEOPLE
    assert ContactMessage.objects.count() == PEOPLE
    invited = PlannedContact.objects.filter(wave="3 months")
    assert set(invited.values_list("status", flat=True)) == {S.SENT}
    for contact in invited:
        moves = [row.to_status for row in contact.status_changes.order_by("pk")]
        assert moves == [S.PLANNED, S.DUE, S.SENT]

    # The reminders a week later: the same again.
    mail.outbox.clear()
    printed = _in_two_threads(FIRST_REMINDERS_DUE)
    assert len(mail.outbox) == PEOPLE
    _each_person_once("a reminder")
    assert sum(_sent_in(summary) for summary in printed) == PEOPLE
    assert ContactMessage.objects.filter(number=1).count() == PEOPLE
    assert set(invited.values_list("status", flat=True)) == {S.REMINDED}


@pytest.mark.hazard("HAZ-053")
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_replan_each_contact_once_after_a_schedule_change(slow_mail):
    _file_database_or_skip()
    _screen_everyone()
    _in_two_threads(SCREENED + timedelta(hours=1))
    schedule = ContactSchedule.objects.get(key="follow-up")
    schedule.waves = [{**schedule.waves[0], "day": 100}, *schedule.waves[1:]]
    schedule.version += 1
    schedule.save(update_fields=["waves", "version"])
    _in_two_threads(SCREENED + timedelta(days=30))
    replanned = [
        row.contact_id
        for row in PlannedContactStatusChange.objects.all()
        if row.reason == "Follow-up at 3 and 6 months changed (version 2)."
    ]
    # Each contact not yet sent is re-planned once, by one of the two.
    assert sorted(replanned) == sorted(PlannedContact.objects.values_list("pk", flat=True))
    assert set(PlannedContact.objects.values_list("schedule_version", flat=True)) == {2}
    assert mail.outbox == []


def _database_env() -> dict:
    """The environment that points a new process at this test's database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SQLITE_PATH", "SQLITE_TEST_NAME")
    }
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(database["NAME"])
    else:
        user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
        host = database["HOST"] or "127.0.0.1"
        port = database["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{database['NAME']}"
    # Each process prints the emails it sends.
    env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    env["DJANGO_SETTINGS_MODULE"] = "resiliencehub.config.settings"
    return env


def _command(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_due_contacts", *args],
        cwd=Path(settings.BASE_DIR),
        env=_database_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.hazard("HAZ-053")
@pytest.mark.django_db(transaction=True)
def test_two_processes_running_the_command_at_once_email_each_person_once():
    _file_database_or_skip()
    _screen_everyone(MANY)
    connection.close()  # the processes get the database to themselves
    processes = [_command("--now", INVITATIONS_DUE.isoformat()) for _ in range(2)]
    finished = [process.communicate(timeout=180) for process in processes]
    for process, (_, stderr) in zip(processes, finished, strict=True):
        assert process.returncode == 0, stderr
    printed = "".join(stdout for stdout, _ in finished)
    recipients = sorted(
        line.removeprefix("To: ") for line in printed.splitlines() if line.startswith("To: ")
    )
    assert recipients == sorted(f"person{n}@example.org" for n in range(MANY))
    summaries = [line for line in printed.splitlines() if line.startswith("As of ")]
    assert len(summaries) == 2
    assert sum(_sent_in(summary) for summary in summaries) == MANY
    assert PlannedContact.objects.count() == 2 * MANY
    assert ContactMessage.objects.count() == MANY
    assert all(
        in_sending_hours(m) for m in ContactMessage.objects.values_list("sent_at", flat=True)
    )


# --- The command's --now ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["next tuesday", "2027-13-01T10:00", "12/04/2027 09:00"])
def test_a_bad_now_is_a_clear_error_and_sends_nothing(hub_a, bad):
    screened(hub_a)
    with pytest.raises(CommandError) as raised:
        call_command("send_due_contacts", "--now", bad, stdout=io.StringIO())
    assert str(raised.value) == (
        f"--now {bad!r} is not a date and time: use ISO 8601, like 2027-03-01T10:00"
    )
    assert not PlannedContact.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_bad_now_from_the_shell_exits_with_the_message(hub_a):
    process = _command("--now", "tomorrow")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "--now 'tomorrow' is not a date and time" in stderr
    assert "Traceback" not in stderr


def _run(now_text: str) -> str:
    out = io.StringIO()
    call_command("send_due_contacts", "--now", now_text, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_now_without_a_zone_is_uk_time_and_with_one_is_that_moment(hub_a):
    screened(hub_a)
    with time_machine.travel(SCREENED + timedelta(hours=1), tick=False):
        assert _run("2027-01-11T11:00").startswith("As of 2027-01-11T11:00+00:00: planned 2")
    # 12 April is in summer time: 08:59 on the UK clock is before the hub's hours.
    assert _run("2027-04-12T08:59").startswith("As of 2027-04-12T08:59+01:00")
    assert mail.outbox == []
    # 08:30 UTC is 09:30 in the UK: inside them.
    summary = _run("2027-04-12T08:30+00:00")
    assert summary.startswith("As of 2027-04-12T08:30+00:00")
    assert "sent: 1" in summary
    assert len(mail.outbox) == 1
    assert ContactMessage.objects.get().sent_at == at(2027, 4, 12, 9, 30)
