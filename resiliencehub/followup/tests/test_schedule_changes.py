"""A schedule changed on the follow-up schedules page or in the hub file: what the preview
says the change will do is what saving it does to the emails not yet sent, and nothing is
ever sent under the rule the hub has replaced (ADR 0037; HAZ-053)."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core import mail

from conftest import DEMO_HUBS
from resiliencehub.followup.planning import Change, schedule_change_preview, schedule_save
from resiliencehub.followup.sending import handle
from resiliencehub.hub.config_file import hub_config_load
from resiliencehub.hub.models import ContactSchedule
from resiliencehub.records.contacts import Stop, contact_complete, contact_pause, contact_stop
from resiliencehub.records.models import ContactStatus, PlannedContact

from .helpers import screened
from .worker import SYSTEM, Worker, at, expected, messages_of

pytestmark = pytest.mark.django_db

S = ContactStatus
CHANGED_AT = at(2027, 4, 20, 12, 0)  # a Tuesday
PLANNING = ("send_after", "expires_at", "instruments", "reminders_planned", "reminder_days")


def _snapshot():
    return {
        contact.pk: {name: getattr(contact, name) for name in ("status", *PLANNING)}
        for contact in PlannedContact.objects.all()
    }


def _what_happened(before, after) -> Change:
    """What a change did to each contact, read from the rows themselves."""
    done = Change()
    for pk, was in before.items():
        now = after[pk]
        if was["status"] in (S.SENT, S.REMINDED):
            assert now == was, "a contact already sent was changed"
            done.sent_kept += 1
        elif was["status"] in (S.PLANNED, S.DUE):
            if now["status"] == S.CANCELLED:
                done.cancelled += 1
            elif (now["send_after"], now["expires_at"]) != (was["send_after"], was["expires_at"]):
                done.moved += 1
            elif any(now[name] != was[name] for name in PLANNING):
                done.updated += 1
            else:
                done.unchanged += 1
    return done


@pytest.fixture
def people(hub_a):
    """On 20 April 2027, at Site A: contacts sent, waiting, answered and stopped."""
    worker = Worker()
    who = {}
    for name, moment in [
        ("invited", at(2027, 1, 11, 10, 0)),  # 3 months sent and reminded; 6 months planned
        ("answered", at(2027, 1, 11, 11, 0)),  # 3 months answered
        ("stopped", at(2027, 1, 11, 12, 0)),  # stopped after the invitation
        ("paused", at(2027, 1, 12, 10, 0)),  # 3 months held by a pause: due, not sent
        ("waiting", at(2027, 2, 1, 10, 0)),  # 3 months planned for 2 May
        ("later", at(2027, 3, 1, 10, 0)),  # 3 months planned for 30 May
    ]:
        who[name] = worker.then(
            moment, lambda m=moment, n=name: screened(hub_a, at=m, email=f"{n}@example.org")
        )
    worker.then(
        at(2027, 4, 10, 12, 0),
        lambda: contact_pause(who["paused"], date(2027, 6, 1), auditor=SYSTEM),
    )
    worker.then(
        at(2027, 4, 13, 12, 0),
        lambda: (
            contact_complete(
                PlannedContact.objects.get(client=who["answered"], wave="3 months"),
                None,
                auditor=SYSTEM,
            ),
            contact_stop(who["stopped"], Stop.FOLLOW_UP, auditor=SYSTEM),
        ),
    )
    worker.run_until(CHANGED_AT)
    statuses = {
        name: PlannedContact.objects.get(client=person, wave="3 months").status
        for name, person in who.items()
    }
    assert statuses == {
        "invited": S.REMINDED,
        "answered": S.COMPLETED,
        "stopped": S.OPTED_OUT,
        "paused": S.DUE,
        "waiting": S.PLANNED,
        "later": S.PLANNED,
    }
    return worker, who


def _schedule() -> ContactSchedule:
    return ContactSchedule.objects.get(key="follow-up")


def _waves(**days):
    """Site A's waves, with some of their numbers changed: three_months=(day, opens,
    closes)."""
    waves = []
    for wave in _schedule().waves:
        key = wave["name"].replace(" ", "_").replace("3", "three").replace("6", "six")
        if key in days and days[key] is None:
            continue
        if key in days:
            day, opens, closes = days[key]
            wave = {**wave, "day": day, "opens": opens, "closes": closes}
        waves.append(wave)
    return waves


def _preview_then_save(proposed):
    schedule = _schedule()
    with time_machine.travel(CHANGED_AT, tick=False):
        preview = schedule_change_preview(schedule, proposed)
        before = _snapshot()
        saved = schedule_save(schedule, proposed, auditor=SYSTEM)
    return preview, saved, _what_happened(before, _snapshot())


@pytest.mark.hazard("HAZ-053")
def test_moving_a_wave_and_changing_the_questions_does_what_the_preview_said(people):
    questions = ["follow-up-service-use", "FFT", "PHQ-9", "GAD-7"]
    preview, saved, happened = _preview_then_save(
        {"waves": _waves(three_months=(100, 80, 130)), "instruments": questions}
    )
    # The 3-month contacts not yet sent move (waiting, later, paused); every 6-month one
    # not yet sent (invited, answered, paused, waiting, later) asks the new questions;
    # the 3-month one already sent keeps its questions.
    assert preview == Change(moved=3, updated=5, cancelled=0, unchanged=0, sent_kept=1)
    assert happened == preview
    assert saved.affected == preview.affected == 8
    schedule = _schedule()
    assert schedule.version == 2
    waiting = PlannedContact.objects.get(client=people[1]["waiting"], wave="3 months")
    assert waiting.send_after == at(2027, 5, 12, 9, 0)  # day 100 after 1 February
    assert waiting.instruments == questions and waiting.schedule_version == 2
    sent = PlannedContact.objects.get(client=people[1]["invited"], wave="3 months")
    assert "PCL-5" in sent.instruments and sent.schedule_version == 1
    reasons = [row.reason for row in waiting.status_changes.all()]
    assert "Follow-up at 3 and 6 months changed (version 2)." in reasons


@pytest.mark.hazard("HAZ-053")
def test_removing_a_wave_cancels_what_it_had_planned_as_the_preview_said(people):
    preview, saved, happened = _preview_then_save({"waves": _waves(six_months=None)})
    assert preview == Change(moved=0, updated=0, cancelled=5, unchanged=3, sent_kept=1)
    assert happened == preview
    assert saved.affected == preview.affected
    assert not PlannedContact.objects.filter(wave="6 months", status__in=(S.PLANNED, S.DUE))


@pytest.mark.hazard("HAZ-053")
def test_fewer_reminders_updates_what_is_not_sent_and_leaves_the_rest(people):
    preview, saved, happened = _preview_then_save({"reminders": 1})
    assert preview == Change(moved=0, updated=8, cancelled=0, unchanged=0, sent_kept=1)
    assert happened == preview
    assert saved.affected == 8


@pytest.mark.hazard("HAZ-053")
def test_making_the_schedule_inactive_cancels_everything_not_yet_sent(people):
    preview, saved, happened = _preview_then_save({"is_active": False})
    assert preview == Change(moved=0, updated=0, cancelled=8, unchanged=0, sent_kept=1)
    assert happened == preview
    worker = people[0]
    worker.run_until(at(2028, 1, 1, 0, 0))
    # Not even the second reminder of the one already sent: the schedule is no longer used.
    assert [each.to for each in worker.sent if each.moment > CHANGED_AT] == []


@pytest.mark.hazard("HAZ-053")
def test_a_window_that_has_closed_under_the_new_rule_is_counted_as_cancelled(people):
    """Shortening a wave's window so that it has closed already for the paused person:
    the preview must not promise to move an email that saving will cancel."""
    preview, saved, happened = _preview_then_save({"waves": _waves(three_months=(90, 80, 95))})
    # paused: screened 12 January, day 95 was 17 April: closed. waiting and later: moved
    # (their windows end sooner).
    assert happened == Change(moved=2, updated=0, cancelled=1, unchanged=5, sent_kept=1)
    assert preview == happened
    assert saved.affected == preview.affected == 3
    paused = PlannedContact.objects.get(client=people[1]["paused"], wave="3 months")
    assert paused.status == S.CANCELLED
    assert paused.status_changes.last().reason.endswith("Its window has closed.")


@pytest.mark.hazard("HAZ-053")
def test_after_the_change_each_person_is_emailed_on_the_new_dates(people):
    _preview_then_save({"waves": _waves(three_months=(100, 80, 130))})
    worker, who = people
    worker.run_until(at(2027, 6, 1, 0, 0))
    assert messages_of(who["waiting"]) == expected(
        ("3 months", 0, (2027, 5, 12, 9, 0)),  # day 100, not day 90 (2 May)
        ("3 months", 1, (2027, 5, 19, 9, 0)),
        ("3 months", 2, (2027, 5, 26, 9, 0)),
    )


# --- A hub file loaded again ------------------------------------------------------------


def _site_a_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (DEMO_HUBS / "site-a.toml").read_text()
    assert old in text
    changed = tmp_path / "site-a.toml"
    changed.write_text(text.replace(old, new))
    return changed


THREE_MONTHS = '{ name = "3 months", day = 90, opens = 80, closes = 130 }'


@pytest.mark.hazard("HAZ-053")
def test_after_a_file_load_moves_a_wave_nothing_is_sent_under_the_old_version(hub_a, tmp_path):
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    planned = PlannedContact.objects.get(client=person, wave="3 months")
    assert planned.next_send_at == at(2027, 4, 12, 9, 0)
    later = _site_a_with(
        tmp_path, THREE_MONTHS, '{ name = "3 months", day = 100, opens = 80, closes = 130 }'
    )
    with time_machine.travel(at(2027, 3, 1, 10, 0), tick=False):
        hub_config_load(later, SYSTEM)
    assert _schedule().version == 2
    worker.run(at(2027, 4, 12, 9, 0))  # when the old version would have sent it
    assert mail.outbox == []
    planned.refresh_from_db()
    assert planned.status == S.PLANNED
    assert planned.schedule_version == 2
    assert planned.next_send_at == at(2027, 4, 21, 9, 0)  # day 100
    worker.run_until(at(2027, 4, 22, 0, 0))
    assert messages_of(person) == expected(("3 months", 0, (2027, 4, 21, 9, 0)))
    moves = [(row.to_status, row.reason) for row in planned.status_changes.order_by("pk")]
    assert moves[1] == (S.PLANNED, "Follow-up at 3 and 6 months changed (version 2).")
    assert moves[-1][0] == S.SENT


@pytest.mark.hazard("HAZ-053")
def test_after_a_file_load_brings_a_wave_earlier_it_is_sent_on_the_new_day(hub_a, tmp_path):
    """The hub brings the 3-month wave forward to day 82 and closes it on day 88: the
    person is emailed on day 82, not left to the old day 90 (by which time the new window
    has closed and the wave would be lost)."""
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    sooner = _site_a_with(
        tmp_path, THREE_MONTHS, '{ name = "3 months", day = 82, opens = 80, closes = 88 }'
    )
    with time_machine.travel(at(2027, 3, 1, 10, 0), tick=False):
        hub_config_load(sooner, SYSTEM)
    worker.run(at(2027, 3, 1, 10, 5))
    worker.run_until(at(2027, 4, 30, 0, 0))
    # Day 82 is Saturday 3 April 2027: Monday 5 April, 9am.
    assert messages_of(person)[:1] == expected(("3 months", 0, (2027, 4, 5, 9, 0)))
    contact = PlannedContact.objects.get(client=person, wave="3 months")
    assert contact.schedule_version == _schedule().version


@pytest.mark.hazard("HAZ-053")
def test_a_schedule_left_out_of_the_file_sends_nothing_more(hub_a, tmp_path):
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    text = (DEMO_HUBS / "site-a.toml").read_text()
    start = text.index("[[schedules]]")
    end = text.index("reminder_days = 7", start) + len("reminder_days = 7")
    without = tmp_path / "site-a.toml"
    without.write_text(text[:start] + text[end:])
    with time_machine.travel(at(2027, 3, 1, 10, 0), tick=False):
        hub_config_load(without, SYSTEM)
    assert not _schedule().is_active
    worker.run_until(at(2028, 1, 1, 0, 0))
    assert messages_of(person) == []
    statuses = set(PlannedContact.objects.filter(client=person).values_list("status", flat=True))
    assert statuses == {S.CANCELLED}


@pytest.mark.hazard("HAZ-053")
def test_the_sender_itself_replans_a_contact_under_an_old_version_before_sending(hub_a):
    """Without the planner run before it (a contact handed to `handle` straight from the
    due query), the sender still re-plans first and sends nothing under the old rule."""
    worker = Worker()
    person = worker.then(at(2027, 1, 11, 10, 0), lambda: screened(hub_a))
    schedule = _schedule()
    schedule.waves = _waves(three_months=(100, 80, 130))
    schedule.version += 1
    schedule.save(update_fields=["waves", "version"])
    contact = PlannedContact.objects.get(client=person, wave="3 months")
    old_time = at(2027, 4, 12, 9, 0)
    with time_machine.travel(old_time, tick=False):
        outcome = handle(contact.pk, old_time, auditor=SYSTEM)
    assert outcome == "re-planned"
    assert mail.outbox == []
    contact.refresh_from_db()
    assert (contact.status, contact.schedule_version) == (S.PLANNED, 2)
    assert contact.next_send_at == at(2027, 4, 21, 9, 0)
