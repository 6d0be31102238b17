"""The follow-up questionnaires as the person meets them: the link in the email opens the
journey, the pages take the fewest answers they allow, and sending them completes the
invitation, stores the answers as a follow-up screening with its scores, and stops the
reminders; a risk answer reaches the duty queue; a reminder's link reopens the same
answers; the pause and stop page works from any email (ADR 0037; HAZ-053, HAZ-054)."""

from datetime import date

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes.services import appointment_book
from resiliencehub.episodes.tests.factories import auditor_for, make_episode
from resiliencehub.intake.models import Journey, JourneyKind
from resiliencehub.intake.tests.fewest import Walk
from resiliencehub.records.models import (
    AlertStatus,
    Client,
    ContactKind,
    ContactStatus,
    MeasureResponse,
    PlannedContact,
    RiskAlert,
    Screening,
    ScreeningKind,
)

from .helpers import SCREENED, screened
from .worker import PREFERENCES, Worker, at, expected, link_in, messages_of

pytestmark = pytest.mark.django_db

S = ContactStatus
INVITED = at(2027, 4, 12, 9, 0)  # the 3-month invitation: Monday, day 91
EVENING = at(2027, 4, 12, 19, 30)  # when the person opens it
NAME = "Zeb Canary-Quill"
QUESTIONS = ["follow-up-service-use", "FFT", "PHQ-9", "GAD-7", "WSAS", "PCL-5"]


@pytest.fixture
def invited(hub_a):
    """Someone screened at Site A, emailed the 3-month invitation on 12 April 2027."""
    worker = Worker()
    person = worker.then(SCREENED, lambda: screened(hub_a, name=NAME, email="zeb@example.org"))
    worker.run_until(INVITED + (EVENING - INVITED) / 2)
    (invitation,) = worker.sent
    return worker, person, invitation.email


def _contact(person, wave="3 months"):
    return PlannedContact.objects.get(client=person, wave=wave)


def open_link(hub, path: str, walk: Walk | None = None) -> Walk:
    """A browser opens the emailed link: a page with a Start button (the GET alone uses
    nothing up), then the button."""
    walk = walk or Walk(hub, HttpClient())
    page = walk.get(path)
    assert page.status_code == 200
    assert "<h1>How you are now</h1>" in walk.last_page
    assert "Start" in walk.last_page
    started = walk.browser.post(path)
    assert started.status_code == 302, started.content.decode()[:500]
    return walk


@pytest.mark.hazard("HAZ-053")
def test_answering_from_the_link_completes_the_invitation_and_stores_the_answers(hub_a, invited):
    worker, person, invitation = invited
    # The window's last day is day 130 after the screening on 11 January.
    assert "The link works until 21 May 2027." in invitation.body
    with time_machine.travel(EVENING, tick=False):
        walk = open_link(hub_a, link_in(invitation))
        landing = walk.submit()
    assert landing == "/h/site-a/sent/"
    assert "Answers sent" in walk.last_page
    assert "Thank you. Your answers help us improve support" in walk.last_page
    # Every page was the follow-up's own questions, nothing about referring again.
    asked = {page.instrument.id for page, _ in walk.questions if page.instrument}
    assert asked == set(QUESTIONS)

    contact = _contact(person)
    assert contact.status == S.COMPLETED
    assert contact.completed_at == EVENING
    screening = Screening.objects.get(client=person, kind=ScreeningKind.FOLLOW_UP)
    assert contact.result_screening == screening
    responses = {r.instrument_id: r for r in MeasureResponse.objects.filter(screening=screening)}
    scored = {"PHQ-9", "GAD-7", "WSAS", "PCL-5"}
    assert scored <= set(responses)
    for instrument in scored:
        response = responses[instrument]
        assert response.client_id == person.pk
        assert response.answers, instrument  # the raw answers, as given
        assert response.instrument_version
        assert response.total == 0, instrument  # the first option everywhere
        assert response.scores, instrument
        assert response.complete
    phq9 = responses["PHQ-9"].answers
    assert {str(key) for key in phq9} >= {str(n) for n in range(1, 10)}
    assert not RiskAlert.objects.filter(client=person).exists()

    # No reminder for the answered wave, however long the worker runs.
    worker.run_until(at(2027, 6, 1, 0, 0))
    assert [wave for wave, _, _ in messages_of(person)] == ["3 months"]


@pytest.mark.hazard("HAZ-054")
def test_a_risk_answer_on_the_follow_up_mood_page_raises_a_duty_alert_for_the_person(
    hub_a, invited, make_staff, signed_in
):
    _, person, invitation = invited
    with time_machine.travel(EVENING, tick=False):
        walk = open_link(hub_a, link_in(invitation))
        walk.choose = {"PHQ-9:9": 1}  # thoughts of being better off dead: several days
        check = walk.answer_pages()
        # The alert is raised when the page is saved, before anything is sent.
        alert = RiskAlert.objects.get(client=person)
        assert alert.hub_id == hub_a.pk
        assert alert.status == AlertStatus.OPEN
        assert check.endswith("/check-your-answers/")
        walk.get(check)
        landing = walk.browser.post(check)["Location"]
        walk.get(landing)
        duty = signed_in(make_staff(hub_a, Role.DUTY_CLINICIAN), on_client=HttpClient())
        queue = duty.get(reverse("triage:duty_queue", kwargs={"slug": hub_a.slug}))
    assert landing == "/h/site-a/sent/"
    assert RiskAlert.objects.filter(client=person).count() == 1
    assert queue.status_code == 200
    assert NAME in queue.content.decode()
    screening = Screening.objects.get(client=person, kind=ScreeningKind.FOLLOW_UP)
    assert screening.has_risk
    phq9 = MeasureResponse.objects.get(screening=screening, instrument_id="PHQ-9")
    assert phq9.risk
    assert _contact(person).status == S.COMPLETED


@pytest.mark.hazard("HAZ-053")
def test_a_reminders_link_reopens_the_same_answers(hub_a, invited):
    worker, person, invitation = invited
    with time_machine.travel(EVENING, tick=False):
        first = open_link(hub_a, link_in(invitation))
        page = first.browser.get(reverse("intake:next", kwargs={"slug": "site-a"}))["Location"]
        first.answer(page)  # one page, then the person stops
    journey = Journey.objects.get(contact=_contact(person))
    assert journey.kind == JourneyKind.FOLLOW_UP

    # A week later the reminder, with its own link, opened in another browser.
    worker.run_until(at(2027, 4, 19, 12, 0))
    reminder = worker.sent[-1].email
    assert "a reminder" in reminder.subject
    assert link_in(reminder) != link_in(invitation)
    later = at(2027, 4, 19, 20, 0)
    with time_machine.travel(later, tick=False):
        second = open_link(hub_a, link_in(reminder))
        resumed = second.browser.get(reverse("intake:next", kwargs={"slug": "site-a"}))
        assert resumed["Location"] != page  # the page answered a week ago is kept
        landing = second.submit()
    assert landing == "/h/site-a/sent/"
    assert Journey.objects.filter(contact=_contact(person)).count() == 1
    assert _contact(person).status == S.COMPLETED
    answered = {p.instrument.id for p, _ in first.questions + second.questions}
    assert answered == set(QUESTIONS)

    # The invitation's link was used; after the answers, no link of this wave opens.
    with time_machine.travel(later, tick=False):
        for email in (invitation, reminder):
            closed = HttpClient().get(link_in(email))
            assert "These questions are closed" in closed.content.decode()
    worker.run_until(at(2027, 6, 1, 0, 0))
    assert len(messages_of(person)) == 2  # the invitation and one reminder, no more


# --- Pausing and stopping from the email --------------------------------------------


def _preferences(walk_or_browser, path, choice=None):
    if choice is None:
        return walk_or_browser.get(path)
    return walk_or_browser.post(path, {"choice": choice})


@pytest.mark.hazard("HAZ-053")
def test_the_preferences_page_from_the_email_names_no_one(hub_a, invited):
    _, person, invitation = invited
    path = link_in(invitation, PREFERENCES)
    with time_machine.travel(EVENING, tick=False):
        page = HttpClient().get(path)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Your emails from Site A Resilience Hub" in text
    assert NAME not in text and "zeb@example.org" not in text
    for label in (
        "Pause follow-up emails for 1 month",
        "Stop follow-up emails (appointment reminders still come)",
        "Stop all emails from the hub",
        "Start follow-up emails again",
    ):
        assert label in text


@pytest.mark.hazard("HAZ-053")
@pytest.mark.parametrize(
    ("choice", "until"),
    [
        ("pause-1", date(2027, 5, 12)),
        ("pause-3", date(2027, 7, 12)),
        ("pause-6", date(2027, 10, 12)),
    ],
)
def test_pausing_from_the_email_holds_every_follow_up_email_until_then(
    hub_a, invited, choice, until
):
    worker, person, invitation = invited
    with time_machine.travel(EVENING, tick=False):
        done = HttpClient().post(link_in(invitation, PREFERENCES), {"choice": choice})
    text = done.content.decode()
    assert done.status_code == 200
    assert "Your choice is saved" in text
    assert f"We will not send you follow-up emails before {until.day} {until:%B %Y}." in text
    assert Client.objects.get(pk=person.pk).contact_paused_until == until
    worker.run_until(at(2028, 1, 1, 0, 0))
    sent = messages_of(person)
    assert all(moment.date() >= until for _, number, moment in sent[1:]), sent


@pytest.mark.hazard("HAZ-053")
def test_a_one_month_pause_from_the_email_moves_the_reminder_after_it(hub_a, invited):
    worker, person, invitation = invited
    with time_machine.travel(EVENING, tick=False):
        HttpClient().post(link_in(invitation, PREFERENCES), {"choice": "pause-1"})
    worker.run_until(at(2027, 6, 1, 0, 0))
    assert messages_of(person) == expected(
        ("3 months", 0, (2027, 4, 12, 9, 0)),
        ("3 months", 1, (2027, 5, 12, 9, 0)),  # due 19 April: held until 12 May
        ("3 months", 2, (2027, 5, 19, 9, 0)),
    )


@pytest.mark.hazard("HAZ-053")
@pytest.mark.parametrize(
    ("choice", "words", "stopped"),
    [
        (
            "stop-follow-up",
            "We will not send you any more follow-up emails. If you have an appointment with "
            "us, we will still remind you of it.",
            ("follow_up_stopped_at",),
        ),
        (
            "stop-all",
            "We will not contact you by email again.",
            ("follow_up_stopped_at", "contact_stopped_at"),
        ),
    ],
)
def test_stopping_from_the_email_ends_every_follow_up_at_once(
    hub_a, invited, choice, words, stopped
):
    worker, person, invitation = invited
    with time_machine.travel(EVENING, tick=False):
        done = HttpClient().post(link_in(invitation, PREFERENCES), {"choice": choice})
    assert words in done.content.decode()
    person = Client.objects.get(pk=person.pk)
    for name in stopped:
        assert getattr(person, name) == EVENING
    statuses = set(PlannedContact.objects.filter(client=person).values_list("status", flat=True))
    assert statuses == {S.OPTED_OUT}
    worker.run_until(at(2028, 1, 1, 0, 0))
    assert len(messages_of(person)) == 1
    # Coming back to the page shows the choice.
    with time_machine.travel(at(2027, 5, 1, 12, 0), tick=False):
        again = HttpClient().get(link_in(invitation, PREFERENCES)).content.decode()
    assert (
        "You have asked us not to contact you again."
        if choice == "stop-all"
        else "You have stopped our follow-up emails."
    ) in again


@pytest.mark.hazard("HAZ-053")
def test_starting_again_after_a_pause_sends_the_reminders_as_planned(hub_a, invited):
    worker, person, invitation = invited
    path = link_in(invitation, PREFERENCES)
    with time_machine.travel(EVENING, tick=False):
        HttpClient().post(path, {"choice": "pause-3"})
    with time_machine.travel(at(2027, 4, 14, 8, 0), tick=False):
        done = HttpClient().post(path, {"choice": "resume"})
    assert "We may send you follow-up emails again." in done.content.decode()
    assert Client.objects.get(pk=person.pk).contact_paused_until is None
    worker.run_until(at(2027, 6, 1, 0, 0))
    assert [moment for _, _, moment in messages_of(person)] == [
        INVITED,
        at(2027, 4, 19, 9, 0),
        at(2027, 4, 26, 9, 0),
    ]


@pytest.mark.hazard("HAZ-053")
def test_starting_again_after_a_stop_sends_the_later_wave(hub_a, invited):
    worker, person, invitation = invited
    path = link_in(invitation, PREFERENCES)
    with time_machine.travel(EVENING, tick=False):
        HttpClient().post(path, {"choice": "stop-follow-up"})
    with time_machine.travel(at(2027, 5, 1, 12, 0), tick=False):
        HttpClient().post(path, {"choice": "resume"})
    worker.run_until(at(2027, 8, 1, 0, 0))
    assert "6 months" in [wave for wave, _, _ in messages_of(person)]


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "gAAAAABlZ2F3bGVkLXRva2VuLW5vdC1mcm9tLXRoaXMtc2VydmVyLXJlYWxseQ==",
        "x" * 400,
    ],
)
def test_a_bad_preferences_link_is_a_not_found_page_that_says_what_to_do(hub_a, token):
    page = HttpClient().get(f"/h/site-a/your-emails/{token}/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "This link does not work" in text
    assert "0113 496 0001" in text  # Site A's phone number, to pause or stop by phone
    posted = HttpClient().post(f"/h/site-a/your-emails/{token}/", {"choice": "stop-all"})
    assert posted.status_code == 404


def test_a_preferences_link_works_only_at_its_own_hub(hub_a, hub_b, invited):
    _, person, invitation = invited
    token = link_in(invitation, PREFERENCES).rstrip("/").split("/")[-1]
    page = HttpClient().post(f"/h/site-b/your-emails/{token}/", {"choice": "stop-all"})
    assert page.status_code == 404
    assert Client.objects.get(pk=person.pk).contact_stopped_at is None


# --- From an appointment email --------------------------------------------------------


@pytest.fixture
def appointment_email(hub_a, make_staff):
    """Someone with a virtual appointment on Thursday 4 March 2027 at 2pm, booked on the
    Monday morning; the confirmation is in their inbox."""
    clinician = make_staff(hub_a, Role.CLINICIAN)
    booked_at = at(2027, 3, 1, 10, 0)
    with time_machine.travel(booked_at, tick=False):
        episode = make_episode(hub_a, clinician, name=NAME, email="zeb@example.org")
        appointment_book(
            episode,
            clinician=clinician,
            starts_at=at(2027, 3, 4, 14, 0),
            duration_minutes=50,
            kind="assessment",
            mode="virtual",
            joining_details="https://video.example.org/room/1",
            auditor=auditor_for(clinician),
        )
    worker = Worker()
    worker.run(booked_at)
    (confirmation,) = worker.sent
    return worker, episode.client, confirmation.email


@pytest.mark.hazard("HAZ-055")
def test_stopping_everything_from_an_appointment_email_stops_its_reminders(
    hub_a, appointment_email
):
    worker, person, confirmation = appointment_email
    path = link_in(confirmation, PREFERENCES)
    with time_machine.travel(at(2027, 3, 1, 18, 0), tick=False):
        assert HttpClient().get(path).status_code == 200
        done = HttpClient().post(path, {"choice": "stop-all"})
    assert "We will not contact you by email again." in done.content.decode()
    worker.run_until(at(2027, 3, 5, 0, 0))
    assert len(worker.sent) == 1
    reminders = PlannedContact.objects.filter(client=person, kind=ContactKind.APPOINTMENT_REMINDER)
    assert set(reminders.values_list("status", flat=True)) == {S.OPTED_OUT}


@pytest.mark.hazard("HAZ-055")
def test_stopping_follow_up_from_an_appointment_email_still_sends_the_reminders(
    hub_a, appointment_email
):
    worker, person, confirmation = appointment_email
    with time_machine.travel(at(2027, 3, 1, 18, 0), tick=False):
        HttpClient().post(link_in(confirmation, PREFERENCES), {"choice": "stop-follow-up"})
    worker.run_until(at(2027, 3, 5, 0, 0))
    assert [each.subject for each in worker.sent[1:]] == [
        "Site A Resilience Hub: a reminder of your appointment"
    ] * 2
    assert Client.objects.get(pk=person.pk).follow_up_stopped_at is not None
