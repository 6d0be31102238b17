"""The follow-up staff pages: who may see them, the response rates they show, the people
who have not answered, and a schedule change shown before it is made."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditEvent
from resiliencehub.followup.sending import run_due
from resiliencehub.records.contacts import contact_complete
from resiliencehub.records.models import ContactStatus, PlannedContact, Screening

from .helpers import SCREENED, screened

pytestmark = pytest.mark.django_db

INVITED_AT = SCREENED + timedelta(days=91)  # a Monday, 10am


def _invite(hub, people: int, answered: int):
    """`people` screened and invited to the 3-month wave; the first `answered` answer."""
    clients = [screened(hub, email=f"p{n}@example.org") for n in range(people)]
    with time_machine.travel(INVITED_AT, tick=False):
        run_due(INVITED_AT)
        for contact in PlannedContact.objects.filter(wave="3 months").order_by("pk")[:answered]:
            contact_complete(contact, None, auditor=_auditor())
    return clients


def _auditor():
    from resiliencehub.audit.services import Auditor

    return Auditor.system("tests")


def _url(name, hub, **kwargs):
    return reverse(f"followup:{name}", kwargs={"slug": hub.slug, **kwargs})


def test_the_schedule_page_shows_each_waves_response_rate_and_not_stated_groups(
    hub_a, make_staff, signed_in
):
    _invite(hub_a, 4, 1)
    with time_machine.travel(INVITED_AT + timedelta(hours=1), tick=False):
        manager = signed_in(make_staff(hub_a, Role.SERVICE_MANAGER))
        page = manager.get(_url("schedule", hub_a, key="follow-up"))
        refused = manager.get(_url("non_responders", hub_a, key="follow-up"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "25% (1 of 4)" in text  # the 3-month wave
    assert "No one invited yet" in text  # the 6-month wave
    # The demo screening has no sex answer: counted as not stated, never dropped.
    assert "Not stated" in text
    # A service manager sees rates, not names.
    assert "People who have not answered" not in text
    assert refused.status_code == 403


def test_an_administrator_sees_the_three_who_have_not_answered_and_the_read_is_audited(
    hub_a, make_staff, signed_in
):
    clients = _invite(hub_a, 4, 1)
    with time_machine.travel(INVITED_AT + timedelta(hours=1), tick=False):
        admin = signed_in(make_staff(hub_a, Role.ADMINISTRATOR))
        page = admin.get(_url("non_responders", hub_a, key="follow-up"))
    assert page.status_code == 200
    assert "3 people" in page.content.decode()
    event = AuditEvent.objects.filter(object_type="followup.non_responders").get()
    answered = PlannedContact.objects.get(status=ContactStatus.COMPLETED).client_id
    assert sorted(event.detail["clients"]) == sorted(c.pk for c in clients if c.pk != answered)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ORGANISATION_CONTACT, Role.RESEARCHER])
def test_roles_without_a_need_are_refused(hub_a, make_staff, signed_in, role):
    other = signed_in(make_staff(hub_a, role))
    assert other.get(_url("schedules", hub_a)).status_code == 403


def test_a_member_of_another_hub_gets_not_found(hub_a, hub_b, make_staff, signed_in):
    outsider = signed_in(make_staff(hub_b, Role.SERVICE_MANAGER))
    assert outsider.get(_url("schedules", hub_a)).status_code == 404


def test_a_schedule_change_is_shown_then_made_on_confirmation(hub_a, make_staff, signed_in):
    screened(hub_a)
    screened(hub_a, email="second@example.org")
    with time_machine.travel(SCREENED + timedelta(hours=1), tick=False):
        run_due(SCREENED + timedelta(hours=1))
    form = {
        "waves": "4 months: day 120, window day 110 to 150\n"
        "6 months: day 180, window day 150 to 240",
        "instruments": ["PHQ-9", "GAD-7"],
        "reminders": "1",
        "reminder_days": "10",
        "active": "yes",
    }
    url = _url("schedule_change", hub_a, key="follow-up")
    with time_machine.travel(SCREENED + timedelta(days=1), tick=False):
        lead = signed_in(make_staff(hub_a, Role.CLINICAL_LEAD))
        preview = lead.post(url, form)
        text = preview.content.decode()
        assert "2 will be cancelled" in text  # the 3-month wave is gone
        assert "2 will ask different questions" in text  # the 6-month wave's questions
        assert PlannedContact.objects.filter(status=ContactStatus.CANCELLED).count() == 0
        fingerprint = text.split('name="confirm" value="')[1].split('"')[0]
        # Changed on the preview page: previewed again, not made.
        again = lead.post(url, {**form, "reminders": "2", "confirm": fingerprint})
        assert "What this change will do" in again.content.decode()
        assert PlannedContact.objects.filter(status=ContactStatus.CANCELLED).count() == 0
        done = lead.post(url, {**form, "confirm": fingerprint}, follow=True)
    assert "4 planned emails changed to match it" in done.content.decode()
    assert PlannedContact.objects.filter(status=ContactStatus.CANCELLED).count() == 2
    six = PlannedContact.objects.filter(wave="6 months")
    assert {tuple(c.instruments) for c in six} == {("PHQ-9", "GAD-7")}
    assert {c.reminders_planned for c in six} == {1}
    assert {c.schedule_version for c in six} == {2}


@pytest.mark.parametrize(
    ("waves", "message"),
    [
        ("3 months", "Write line 1 like"),
        ("3 months: day 90, window day 100 to 130", "must include day 90"),
        (
            "A: day 90, window day 80 to 130\nA: day 91, window day 80 to 130",
            "two waves are called",
        ),
        ("", "Enter at least one wave"),
    ],
)
def test_a_wrong_wave_is_explained_and_nothing_typed_is_lost(
    hub_a, make_staff, signed_in, waves, message
):
    lead = signed_in(make_staff(hub_a, Role.CLINICAL_LEAD))
    page = lead.post(
        _url("schedule_change", hub_a, key="follow-up"),
        {
            "waves": waves,
            "instruments": ["PHQ-9"],
            "reminders": "1",
            "reminder_days": "10",
            "active": "yes",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in text
    assert message in text
    assert "reminder_days" in text and 'value="10"' in text


def test_the_client_record_lists_the_emails_planned_and_sent(hub_a, make_staff, signed_in):
    person = screened(hub_a)
    with time_machine.travel(INVITED_AT, tick=False):
        run_due(INVITED_AT)
    with time_machine.travel(INVITED_AT + timedelta(hours=1), tick=False):
        lead = signed_in(make_staff(hub_a, Role.CLINICAL_LEAD))
        page = lead.get(
            reverse("episodes:client", kwargs={"slug": hub_a.slug, "client_id": person.pk})
        )
    text = page.content.decode()
    assert "Emails from the hub" in text
    assert "Follow-up questionnaires, 3 months" in text
    assert "Invitation emailed." in text
    assert Screening.objects.filter(client=person).count() == 1


def test_groups_are_named_as_the_person_chose_them_not_by_their_stored_code(
    hub_a, make_staff, signed_in
):
    from resiliencehub.records.models import Referral

    _invite(hub_a, 1, 0)
    Referral.objects.update(staff_group="medical-and-dental")  # as the public journey stores it
    with time_machine.travel(INVITED_AT + timedelta(hours=1), tick=False):
        manager = signed_in(make_staff(hub_a, Role.SERVICE_MANAGER))
        text = manager.get(_url("schedule", hub_a, key="follow-up")).content.decode()
    assert "Medical and dental" in text
    assert "medical-and-dental" not in text
