"""Given a demo hub, a keyworker who agreed to be checked in with later is emailed a
follow-up about 3 months on, answers it with a risk answer that reaches the duty queue,
pauses the emails from the link in the email, and gets no reminder for the answered wave.

Emails go through a real SMTP server (aiosmtpd) from `send_due_contacts --now`, run as of
moments months ahead; the pages are real, and every page and error state passes axe-core
(ADR 0037; HAZ-054).
"""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from .conftest import AppServer, sign_in
from .test_intake_support import (  # noqa: F401 - fixtures
    STAFF,
    Journey,
    assert_accessible,
    check_page,
    continue_button,
    eligibility,
    error_state,
    fill,
    mailbox_fixture,
    page_key,
    person,
    referral_of,
    run_pages,
    shell,
)

pytestmark = pytest.mark.browser

HUB = "site-b"  # referral first: the fewest pages to a referral (and so to a screening)
HUB_NAME = "Site B Resilience Hub"
DUTY_EMAIL = f"{HUB}-duty-clinician@demo.invalid"
UK = ZoneInfo("Europe/London")
FOLLOW_UP_LINK = re.compile(r"http://127\.0\.0\.1:\d+(/h/[\w-]+/follow-up/[^\s/]+/)")
PREFERENCES_LINK = re.compile(r"http://127\.0\.0\.1:\d+(/h/[\w-]+/your-emails/[^\s/]+/)")


@pytest.fixture(scope="module")
def follow_up_server(tmp_path_factory, mailbox):
    """The app with its own database (the sender is run months ahead, which no other
    journey should see), emailing the local SMTP server, with the worker (it emails the
    duty clinician). `manage` runs in the same env, so the sender's emails go there too."""
    server = AppServer(tmp_path_factory.mktemp("follow-up-app"))
    server.env.update(
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mailbox.port),
            "SITE_URL": server.base_url,
        }
    )
    try:
        server.manage("migrate", "--noinput")
        server.manage("load_demo")
        server.start()
        server.start_worker()
        yield server
    finally:
        server.stop()


def working_day_from(day: date) -> date:
    """`day`, or the next England and Wales working day after it."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(day.year, day.year + 2))
    while day.weekday() >= 5 or day in bank:
        day += timedelta(days=1)
    return day


def send_due(server, day: date) -> str:
    """The sender as of 10am UK time on `day` (inside the hubs' sending hours)."""
    moment = datetime.combine(day, time(10, 0)).isoformat(timespec="minutes")
    return server.manage("send_due_contacts", "--now", moment)


def to(mailbox, address: str) -> list:
    return [m for m in mailbox.messages if address in m["To"]]


def answer_follow_up(page, who: dict, seen: set, choose: dict, on_risk) -> list[str]:
    """Answer the follow-up pages to check-your-answers (counts 0, otherwise the first
    option unless `choose` names one), checking each page and its error state with axe;
    returns the pages seen."""
    visited = []
    for _ in range(60):
        key = page_key(page)
        if "/help-now/" in page.url:
            visited.append("help-now")
            check_page(page, "follow-up help now", seen)
            on_risk(page)
            continue_button(page).click()
            page.wait_for_load_state()
            continue
        if "/questions/" not in page.url:
            return visited
        visited.append(key)
        check_page(page, f"follow-up {key}", seen)
        error_state(page, f"follow-up {key}", seen)
        fill(page, who, choose)
        for box in page.locator(
            "main form input[inputmode=numeric], main form input[type=number]"
        ).all():
            box.fill("0")  # a count: the generic fill types words into any text box
        continue_button(page).click()
        page.wait_for_load_state()
        if page_key(page) == key:
            page.screenshot(path="/tmp/fu_stuck.png", full_page=True)
            errors = page.locator(".nhsuk-error-summary").all_inner_texts()
            raise AssertionError(f"{key}: answers not accepted ({errors}); see /tmp/fu_stuck.png")
    raise AssertionError(f"the follow-up did not reach the end: {visited}")


def on_duty_queue(page, name: str) -> bool:
    """Whether `name` is on any page of the duty queue (oldest alerts come first)."""
    page.goto(f"/staff/{HUB}/duty/")
    for _ in range(10):
        if name in page.locator("#duty-queue").inner_text():
            return True
        following = page.locator("main a[rel=next]")
        if not following.count():
            return False
        following.click()
        page.wait_for_load_state()
    return False


@pytest.mark.hazard("HAZ-054")
def test_a_follow_up_from_its_email_to_the_duty_queue_then_paused(
    browser, follow_up_server, mailbox
):
    server = follow_up_server
    who = person("follow-up")
    seen: set = set()

    # Given a keyworker who refers themselves and agrees to be checked in with later.
    journey = Journey(browser, server)
    page = journey.page
    eligibility(page, HUB, STAFF, seen=seen)
    assert page_key(page) == "your-privacy"
    check_page(page, "your privacy", seen)
    error_state(page, "your privacy", seen)
    page.get_by_label("I understand how my information will be used and I agree to it").check()
    later = page.get_by_role("group", name="Checking in later (optional)").get_by_label(
        "If I give my email address, you may email me a few months from now"
    )
    assert later.get_attribute("name") == "follow_up" and not later.is_checked()
    later.check()
    continue_button(page).click()
    page.wait_for_load_state()
    visited = run_pages(page, who, seen=seen)  # email given, and email ticked as a way
    assert "email-address" in visited and "how-to-contact-you" in visited
    check_page(page, "check answers", seen)
    assert "Checking in later: you agreed" in page.content()
    continue_button(page).click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-panel__heading").inner_text() == "Referral sent"
    check_page(page, "referral sent", seen)
    journey.close()
    consent = shell(
        server,
        referral_of(who["email"]) + "print(r.client.follow_up_consent, r.client.may_email)",
    )
    assert consent == "True True"

    # When the sender runs at 10am on the first working day from 91 days on.
    first = working_day_from(datetime.now(UK).date() + timedelta(days=91))
    send_due(server, first)
    message = mailbox.wait_for(who["email"], "how are you now?", timeout=5)
    assert message["Subject"] == f"{HUB_NAME}: how are you now?"
    body = mailbox.body(message)
    follow_up_link = FOLLOW_UP_LINK.search(body).group(1)
    preferences_link = PREFERENCES_LINK.search(body).group(1)
    assert follow_up_link.startswith(f"/h/{HUB}/") and preferences_link.startswith(f"/h/{HUB}/")
    assert "116 123" in body and "PHQ" not in body

    # Then its link opens the follow-up, and a risk answer brings help first.
    journey = Journey(browser, server)
    page = journey.page
    page.goto(follow_up_link)
    assert page.locator("h1").inner_text() == "How you are now"
    check_page(page, "follow-up link", seen)
    page.get_by_role("button", name="Start").click()
    page.wait_for_load_state()
    page.screenshot(path="/tmp/fu_question.png", full_page=True)
    duty_emails = len(to(mailbox, DUTY_EMAIL))
    risk_pages = []
    visited = answer_follow_up(
        page, who, seen, {"phq9_9": "1"}, lambda risk: risk_pages.append(risk.content())
    )
    assert visited[0] == "follow-up-service-use-1", visited  # the questions it was sent
    assert visited[visited.index("phq-9") + 1] == "help-now", visited
    assert "your-name" not in visited and "email-address" not in visited
    assert risk_pages and all(n in risk_pages[0] for n in ("999", "111", "116 123"))
    check_page(page, "follow-up check answers", seen)
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-panel__heading").inner_text() == "Answers sent"
    check_page(page, "follow-up answers sent", seen)
    page.screenshot(path="/tmp/fu_confirmation.png", full_page=True)
    journey.close()

    # And the duty clinician is emailed, and sees the alert about them on the duty queue.
    deadline = datetime.now() + timedelta(seconds=30)
    while len(to(mailbox, DUTY_EMAIL)) <= duty_emails and datetime.now() < deadline:
        page.wait_for_timeout(200)
    assert len(to(mailbox, DUTY_EMAIL)) > duty_emails, "the duty clinician was not emailed"
    staff = Journey(browser, server)
    sign_in(staff.page, f"{HUB}-duty-clinician")
    assert on_duty_queue(staff.page, who["name"]), "the alert is not on the duty queue"
    assert_accessible(staff.page, "duty queue with the follow-up alert")
    staff.close()

    # When they pause the emails from the other link in the email.
    journey = Journey(browser, server)
    page = journey.page
    page.goto(preferences_link)
    assert page.locator("h1").inner_text() == f"Your emails from {HUB_NAME}"
    check_page(page, "your emails", seen)
    page.screenshot(path="/tmp/fu_pause.png", full_page=True)
    page.get_by_role("button", name="Save my choice").click()
    page.wait_for_load_state()
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible() and page.title().startswith("Error:")
    assert "Select what you would like us to do" in summary.inner_text()
    assert_accessible(page, "your emails (error)")
    page.screenshot(path="/tmp/fu_pause_error.png", full_page=True)
    page.get_by_label("Pause follow-up emails for 3 months").check()
    page.get_by_role("button", name="Save my choice").click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-panel__heading").inner_text() == "Your choice is saved"
    check_page(page, "your choice is saved", seen)
    journey.close()

    # Then a week on, when its first reminder would have been due, none comes.
    emails = len(to(mailbox, who["email"]))
    send_due(server, working_day_from(first + timedelta(days=7)))
    contacts = shell(
        server,
        referral_of(who["email"]) + "from resiliencehub.records.models import PlannedContact; "
        "print(*[(c.wave, c.status, c.messages_sent) for c in "
        "PlannedContact.objects.filter(client=r.client).order_by('send_after')], sep='|')",
    )
    assert contacts.split("|")[0] == "('3 months', 'completed', 1)", contacts
    assert len(to(mailbox, who["email"])) == emails, mailbox.summary()
