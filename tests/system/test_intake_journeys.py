"""Given the demo hubs, a keyworker refers themselves in each hub's own mode.

Every page and every error state passes axe-core; emails arrive through a real SMTP
server; nothing typed is lost (issue 4; quality.md A1, A2, R2, R3).
"""

import pytest

from .test_intake_support import (  # noqa: F401 - fixtures
    STAFF,
    check_page,
    continue_button,
    eligibility,
    intake_server,
    journeys,
    mailbox,
    person,
    run_pages,
    shell,
)

pytestmark = pytest.mark.browser


@pytest.mark.hazard("HAZ-005")
def test_site_c_screening_within_referral_shows_and_emails_feedback(
    journeys, intake_server, mailbox
):
    """Given site C, when a keyworker refers themselves, then feedback is shown and emailed."""
    journey = journeys()
    page = journey.page
    who = person("site-c")
    seen: set = set()
    eligibility(page, "site-c", STAFF, seen=seen)
    visited = run_pages(page, who, seen=seen)
    assert visited[:5] == [
        "your-privacy",
        "your-name",
        "email-address",
        "phone-number",
        "how-to-contact-you",
    ]
    assert "itq-part-1" in visited and "audit-part-1" in visited
    assert "demographics-1" not in visited, "age was asked during eligibility"
    check_page(page, "check answers", seen)
    assert who["email"] in page.content()
    continue_button(page).click()
    assert page.locator(".nhsuk-panel__heading").inner_text() == "Referral sent"
    reference = page.locator(".nhsuk-panel strong").inner_text()
    check_page(page, "confirmation", seen)
    assert "Low mood (PHQ-9)" in page.content() and "not a diagnosis" in page.content()

    message = mailbox.wait_for(who["email"], "thank you for your referral")
    assert message["Subject"] == "Site C Resilience Hub: thank you for your referral"
    body = mailbox.body(message)
    assert reference in body and "low mood" in body and "116 123" in body
    journey.close()
