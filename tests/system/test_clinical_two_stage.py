"""Given a two-stage hub (Site C), the lead allocates a waiting client to a practitioner,
who does the shorter assessment and asks for an in-depth one; and a client completes their
session measures from a link. Every page is checked with axe, error states included."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_clinical_support import (  # noqa: F401 - fixtures
    answer_measure,
    clinical_server_fixture,
    emails_to,
    local,
    staff_fixture,
)

pytestmark = pytest.mark.browser


def test_a_practitioner_does_the_shorter_assessment_after_the_lead_allocates(staff):
    lee = staff("site-c-clinical-lead")
    page = lee.page
    lee.click("Waiting list")
    row = page.locator("#waiting tr", has_text="Grace O'Neill")
    lee.follow(row.get_by_role("link", name=re.compile("^Allocate")))
    lee.submit("Allocate")
    assert "Select who will hold this case" in lee.errors()
    lee.check("allocate with errors")
    page.get_by_label("Who will hold this case?").select_option(
        label="Priya Practitioner (Site C Resilience Hub)"
    )
    lee.submit("Allocate")
    assert "Priya Practitioner" in page.locator("#episode-summary").inner_text()

    priya = staff("site-c-practitioner")
    page = priya.page
    priya.click("My caseload")
    priya.check("practitioner caseload")
    priya.follow(page.get_by_role("link", name=re.compile("^Grace O'Neill")))
    priya.click("Record an assessment")
    kinds = page.locator("fieldset", has_text="Type of assessment").inner_text()
    assert "Shorter assessment (first stage)" in kinds
    assert "In-depth assessment" not in kinds
    page.get_by_label("Shorter assessment (first stage)").check()
    page.get_by_label("When was the assessment?").fill(local(-1, 9))
    page.get_by_label("How long did it take, in minutes?").fill("45")
    page.get_by_label("Face to face").check()
    page.get_by_label("Assessment summary").fill("Complex grief; needs formulation-led work.")
    page.get_by_label("An in-depth assessment is needed").check()
    priya.submit("Save assessment")
    assert "Waiting for assessment" in page.locator("#episode-status").inner_text()
    assert "In-depth assessment needed" in page.locator("#episode-history").inner_text()
    priya.check("episode after shorter assessment")


def test_a_client_completes_session_measures_from_a_link(staff, browser, clinical_server):
    chris = staff("site-c-clinician")
    page = chris.page
    chris.click("My caseload")
    chris.follow(page.get_by_role("link", name=re.compile("^Jonah Fischer")))
    chris.click("Send the client a link to complete their measures")
    chris.check("measure link form")
    page.get_by_label("Show it to me, to give to the client").check()
    chris.submit("Create link")
    assert page.locator("#measure-link code").inner_text().startswith(clinical_server.base_url)
    chris.check("measure link shown")

    # The client agreed to email: the default is to email the link, which never shows it.
    chris.go(page.url)
    assert page.get_by_label("Email it to the client now").is_checked()
    chris.submit("Create link")
    assert "being emailed to the client" in page.locator("#measure-link").inner_text()
    assert page.locator("#measure-link code").count() == 0
    chris.check("measure link emailed")
    [email] = emails_to(clinical_server, "jonah.site-c@example.org")
    assert "Subject: Site C Resilience Hub: a link from your practitioner" in email
    assert "PHQ" not in email.split("\n\n", 1)[0]  # no questionnaire named in the headers
    link = re.search(r"(http://\S+/measures/\S+/)", email).group(1)

    context = browser.new_context()
    client = context.new_page()
    try:
        client.goto(link)
        assert client.locator("h1").inner_text() == "Your questionnaires"
        assert "Jonah" not in client.content()
        assert_accessible(client, "client measures")
        client.get_by_role("button", name="Send my answers").click()
        expect(client.locator(".nhsuk-error-summary")).to_be_visible()
        assert client.title().startswith("Error:")
        assert_accessible(client, "client measures with errors")
        answer_measure(client, dict.fromkeys(range(1, 10), 1), prefix="PHQ9-")
        answer_measure(client, dict.fromkeys(range(1, 8), 0), prefix="GAD7-")
        client.get_by_role("button", name="Send my answers").click()
        expect(client.locator("h1")).to_have_text("Answers sent")
        assert_accessible(client, "client measures sent")
        client.goto(link)
        assert client.locator("h1").inner_text().startswith("This link has expired")
    finally:
        context.close()

    # The answers are on the chart, and item 9 put an alert on the duty queue.
    chris.go(page.url.replace("measures/link/", "measures/"))
    assert "9" in page.locator("#table-PHQ-9").inner_text()
    dana = staff("site-c-duty-clinician")
    dana.follow(dana.page.get_by_role("link", name=re.compile("^Duty risk queue")))
    assert "Jonah Fischer" in dana.page.locator("#duty-queue").inner_text()


def test_the_rota_is_edited_by_the_lead_with_its_error_state(staff):
    lee = staff("site-c-clinical-lead")
    page = lee.page
    lee.click("Duty rota")
    lee.submit("Add to rota")
    assert "Enter the day" in lee.errors()
    lee.check("rota with errors")
    page.get_by_label("Day").fill(local(40)[:10])
    page.get_by_label("Duty clinician").select_option(label="Lee Lead (Site C Resilience Hub)")
    lee.submit("Add to rota")
    assert "Added to the duty rota." in lee.main()
