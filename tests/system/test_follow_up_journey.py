"""Given a demo hub, a keyworker who agreed to be checked in with later is emailed a
follow-up about 3 months on, answers it with a risk answer that reaches the duty queue,
pauses the emails from the link in the email, and gets no reminder for the answered wave.

Emails go through a real SMTP server (aiosmtpd) from `send_due_contacts --now`, run as of
moments months ahead; the browser pages are real, and every page and error state passes
axe-core (ADR 0037; HAZ-054).
"""

import re
from datetime import date, datetime, timedelta
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

HUB = "site-b"  # referral first: the fewest pages before the referral is sent
HUB_NAME = "Site B Resilience Hub"
UK = ZoneInfo("Europe/London")
FOLLOW_UP_LINK = re.compile(r"http://127\.0\.0\.1:\d+(/h/[\w-]+/follow-up/[^\s/]+/)")
PREFERENCES_LINK = re.compile(r"http://127\.0\.0\.1:\d+(/h/[\w-]+/your-emails/[^\s/]+/)")


@pytest.fixture(scope="module")
def follow_up_server(tmp_path_factory, mailbox):
    """The app with its own database (the sender is run months ahead, which no other
    journey should see), emailing the local SMTP server; the worker sends the duty
    clinician's alert email. `manage` runs with the same env, so the sender's emails go
    to the same SMTP server."""
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
    moment = datetime.combine(day, datetime.min.time()).replace(hour=10)
    return server.manage("send_due_contacts", "--now", moment.isoformat(timespec="minutes"))


def to(mailbox, address: str) -> list:
    return [m for m in mailbox.messages if address in m["To"]]


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
    visited = run_pages(page, who, seen=seen)
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

    # When the sender runs on the first working day from 91 days on, at 10am.
    first = working_day_from(datetime.now(UK).date() + timedelta(days=91))
    send_due(server, first)
    message = mailbox.wait_for(who["email"], "how are you now?", timeout=5)
    assert message["Subject"] == f"{HUB_NAME}: how are you now?"
    body = mailbox.body(message)
    follow_up_link = FOLLOW_UP_LINK.search(body).group(1)
    preferences_link = PREFERENCES_LINK.search(body).group(1)
    assert follow_up_link.startswith(f"/h/{HUB}/") and preferences_link.startswith(f"/h/{HUB}/")
    assert "116 123" in body and "PHQ" not in body

    # Then the link opens the follow-up questions, and a risk answer shows help first.
    journey = Journey(browser, server)
    page = journey.page
    page.goto(follow_up_link)
    assert page.locator("h1").inner_text() == "How you are now"
    check_page(page, "follow-up link", seen)
    page.get_by_role("button", name="Start").click()
    page.wait_for_load_state()
    page.screenshot(path="/tmp/fu_question.png", full_page=True)
    duty_emails = len(to(mailbox, f"{HUB}-duty-clinician@demo.invalid"))
    risk_pages = []
    visited = run_pages(
        page,
        who,
        seen=seen,
        choose={"phq9_9": "1"},
        on_risk=lambda risk: risk_pages.append(risk.content()),
    )
    assert visited[0] == "follow-up-service-use", visited
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
    mailbox.wait_for(f"{HUB}-duty-clinician@demo.invalid", "a new alert is on the duty queue")
    assert len(to(mailbox, f"{HUB}-duty-clinician@demo.invalid")) > duty_emails

    # And the duty clinician sees the alert about them on the duty queue.
    staff = Journey(browser, server)
    sign_in(staff.page, f"{HUB}-duty-clinician")
    staff.page.goto(f"/staff/{HUB}/duty/")
    assert who["name"] in staff.page.locator("#duty-queue").inner_text()
    assert_accessible(staff.page, "duty queue with the follow-up alert")
    staff.close()

    # When they pause the emails from the link in the email.
    journey = Journey(browser, server)
    page = journey.page
    page.goto(preferences_link)
    assert page.locator("h1").inner_text() == f"Your emails from {HUB_NAME}"
    check_page(page, "your emails", seen)
    page.get_by_role("button", name="Save my choice").click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    assert "Select what you would like us to do" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page, "your emails (error)")
    page.get_by_label("Pause follow-up emails for 3 months").check()
    page.screenshot(path="/tmp/fu_pause.png", full_page=True)
    page.get_by_role("button", name="Save my choice").click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-panel__heading").inner_text() == "Your choice is saved"
    check_page(page, "your choice is saved", seen)
    journey.close()

    # Then a week later no reminder comes for the wave they answered.
    emails = len(to(mailbox, who["email"]))
    send_due(server, working_day_from(first + timedelta(days=7)))
    contact = shell(
        server,
        referral_of(who["email"])
        + "from resiliencehub.records.models import PlannedContact; "
        "print(*[(c.wave, c.status, c.messages_sent) for c in "
        "PlannedContact.objects.filter(client=r.client).order_by('send_after')], sep='|')",
    )
    assert contact.split("|")[0] == "('3 months', 'completed', 1)", contact
    assert len(to(mailbox, who["email"])) == emails, mailbox.summary()
