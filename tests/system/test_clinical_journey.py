"""Given the demo hubs, a clinician takes a client from the worklist through assessment,
a pathway with sessions and measures, an onward referral with its letter, to discharge
with outcome flags; the duty clinician works an alert from the queue; and every other
role sees only what it may. Every page is checked with axe, error states included.
"""

import re

import pytest

from .test_clinical_support import (  # noqa: F401 - fixtures
    CHECKED,
    answer_measure,
    clinical_server_fixture,
    local,
    staff_fixture,
)

pytestmark = pytest.mark.browser

PHQ9_START = dict(zip(range(1, 10), [2, 2, 2, 2, 1, 2, 2, 2, 0], strict=True))  # 15
GAD7_START = dict(zip(range(1, 8), [2, 2, 2, 1, 1, 1, 1], strict=True))  # 10
PHQ9_END = dict(zip(range(1, 10), [1, 1, 1, 1, 0, 0, 0, 0, 0], strict=True))  # 4
GAD7_END = dict(zip(range(1, 8), [1, 1, 0, 0, 0, 0, 0], strict=True))  # 2


@pytest.mark.hazard("HAZ-008")
def test_a_clinician_takes_a_client_from_the_worklist_to_discharge(staff):
    chris = staff("site-a-clinician")
    page = chris.page
    # Given the worklist, new referrals with their screening summaries.
    chris.click("Triage worklist")
    assert page.locator("h1").inner_text() == "Triage worklist"
    chris.check("worklist")
    row = page.locator("#worklist tr", has_text="Ben Hartley")
    assert "PHQ-9: moderately severe (15)" in row.inner_text()
    # When the clinician accepts the referral and takes the case.
    chris.follow(row.get_by_role("link", name=re.compile("^Accept")))
    chris.check("accept referral")
    page.get_by_label("Allocate to (optional)").select_option(label="Me")
    chris.submit("Accept referral")
    assert "Waiting for assessment" in page.locator("#episode-status").inner_text()
    chris.check("episode waiting for assessment")

    # The assessment: errors first, then a formulation and a plan from the hub's pathways.
    chris.click("Record an assessment")
    chris.check("assessment form")
    chris.submit("Save assessment")
    assert "Enter a summary of the assessment" in chris.errors()
    assert page.title().startswith("Error:")
    chris.check("assessment form with errors")
    page.get_by_label("When was the assessment?").fill(local(-1))
    page.get_by_label("How long did it take, in minutes?").fill("75")
    page.get_by_label("Virtual (video or phone)").check()
    page.get_by_label("Assessment summary").fill("Paramedic; flashbacks since a fatal RTC.")
    page.get_by_label("Presenting difficulties (optional)").fill("Flashbacks, poor sleep.")
    page.get_by_label("Protective factors (optional)").fill("Supportive crew mate.")
    page.get_by_label("The client's goals (optional)").fill("Drive past the junction again.")
    page.get_by_label("A plan was agreed").check()
    page.get_by_label("High-intensity therapy (Step 3)").check()
    chris.submit("Save assessment")
    assert "Waiting for intervention" in page.locator("#episode-status").inner_text()
    chris.follow(page.locator("#assessments a").first)
    assert "Drive past the junction again." in page.locator("#formulation").inner_text()
    chris.check("assessment with formulation")
    page.go_back()

    # Sessions: the first attended treatment session starts the intervention.
    for days, when in ((-14, 10), (-7, 18)):
        chris.click("Book an appointment")
        if days == -14:
            chris.submit("Book appointment")
            assert "Enter the date and time" in chris.errors()
            chris.check("book appointment with errors")
        page.get_by_label("Date and time").fill(local(days, when))
        page.get_by_label("Treatment session").check()
        page.get_by_label("Virtual (video or phone)").check()
        # A virtual appointment says how to join: it goes in the client's emails.
        page.get_by_label("How to join (virtual appointments)").fill(
            "We will call your mobile at the time"
        )
        chris.submit("Book appointment")
        chris.follow(page.get_by_role("link", name=re.compile("^Record outcome")).first)
        chris.check("appointment outcome")
        page.get_by_label("Attended", exact=True).check()
        chris.submit("Save outcome")
    assert "In intervention" in page.locator("#episode-status").inner_text()
    assert "(evening)" in page.locator("#appointments").inner_text()
    chris.check("episode in intervention")

    chris.click("Write a session note")
    chris.check("session note")
    page.get_by_label("Note").fill("Grounding skills; imagery rescripting planned.")
    chris.submit("Save note")
    assert "imagery rescripting" in page.locator("#session-notes").inner_text()

    # Session measures: the first at the start, then closing measures.
    for instrument, answers, stage in (
        ("PHQ-9", PHQ9_START, "session"),
        ("GAD-7", GAD7_START, "session"),
        ("PHQ-9", PHQ9_END, "closing"),
        ("GAD-7", GAD7_END, "closing"),
    ):
        chris.click(f"Enter a {instrument}")
        if instrument == "PHQ-9" and stage == "session":
            chris.submit(f"Save {instrument}")
            assert "Select an answer for question 1" in chris.errors()
            chris.check("measure with errors")
        page.get_by_label("Closing measure" if stage == "closing" else "Session measure").check()
        answer_measure(page, answers)
        chris.submit(f"Save {instrument}")
        assert page.locator("h1").inner_text() == "Scores over time"
        chris.go(page.url.replace("measures/", ""))
    chris.click("See scores over time")
    svg = page.locator("svg.app-chart").first
    assert svg.get_attribute("role") == "img"
    assert "Caseness 10" in svg.inner_html()
    table = page.locator("#table-PHQ-9").inner_text()
    assert "Reliable improvement" in table
    chris.check("scores over time")
    page.go_back()

    # Onward referral with consent and a letter that shares only what was agreed.
    chris.click("Refer on to another service")
    chris.submit("Record referral")
    assert "Select the service" in chris.errors()
    chris.check("onward referral with errors")
    page.get_by_label("Service", exact=True).select_option(
        label="Frontline Walk and Talk (charity) (Charity or third sector)"
    )
    page.locator("input[name=consent][value=yes]").check()
    page.locator("input[name=shared_items][value=goals]").check()
    page.locator("input[name=shared_items][value=scores]").check()
    page.get_by_label("Covering note for the letter (optional)").fill("Keen to walk with peers.")
    page.locator("input[name=mark_referred_on][value=no]").check()
    chris.submit("Record referral")
    chris.check("onward referral")
    chris.click("Facilitated referral letter (printable)")
    letter = page.locator("#letter").inner_text()
    assert "Drive past the junction again." in letter
    assert "PHQ-9" in letter
    assert "Flashbacks, poor sleep." not in letter  # not agreed: presenting difficulties
    assert "fatal RTC" not in letter  # not agreed: assessment summary
    chris.check("referral letter")
    page.go_back()
    page.get_by_label("Accepted", exact=True).check()
    chris.submit("Update status")
    assert page.locator("#onward-status").inner_text() == "Accepted"
    chris.click("Back to the episode")

    # Discharge with the NHS Talking Therapies outcome flags.
    chris.click("Discharge")
    preview = page.locator("#outcome-preview").inner_text()
    assert "Finished treatment\tYes" in preview
    chris.check("discharge")
    chris.submit("Discharge")
    assert "Select why the client is being discharged" in chris.errors()
    chris.check("discharge with errors")
    page.get_by_label("Completed the planned support").check()
    chris.submit("Discharge")
    flags = page.locator("#outcome-flags").inner_text()
    assert "Discharged" in page.locator("#episode-status").inner_text()
    for line in (
        "Finished treatment\tYes",
        "Caseness at start\tYes",
        "Recovery\tYes",
        "Reliable improvement\tYes",
        "Reliable deterioration\tNo",
        "Reliable recovery\tYes",
    ):
        assert line in flags
    chris.check("discharged episode")


@pytest.mark.hazard("HAZ-030")
def test_the_duty_clinician_works_an_overdue_alert_from_the_queue(staff):
    dana = staff("site-a-duty-clinician")
    page = dana.page
    assert ", 1 overdue" in dana.main()
    dana.check("duty home")
    dana.follow(page.get_by_role("link", name=re.compile("^Duty risk queue")))
    assert "1 alert not acknowledged within 4 working hours" in dana.main()
    overdue = page.locator("#duty-queue tr.app-alert-overdue")
    assert overdue.count() == 1
    dana.check("duty queue")
    dana.follow(overdue.get_by_role("link"))
    dana.check("alert")
    dana.submit("Acknowledge alert")
    assert page.locator("#alert-status").inner_text() == "Acknowledged"
    dana.click("Record a contact attempt")
    page.get_by_label("When did you try to contact them?").fill("")
    dana.submit("Save contact attempt")
    assert "Select how you tried to contact them" in dana.errors()
    dana.check("contact attempt with errors")
    page.get_by_label("When did you try to contact them?").fill(local(0, 0))
    page.get_by_label("Phone call").check()
    page.get_by_label("Spoke to the client").check()
    dana.submit("Save contact attempt")
    dana.click("Record the risk assessment")
    dana.submit("Save risk assessment")
    assert "Select the level of risk" in dana.errors()
    dana.check("risk assessment with errors")
    for label, text in (
        ("Thoughts of suicide or self-harm", "Passive thoughts after night shifts."),
        ("Intent", "None."),
        ("Plan", "None."),
        ("Access to means", "None at home."),
        ("Protective factors", "Partner; dog; wants help."),
    ):
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_label("Moderate").check()
    page.get_by_label("Safety plan agreed").check()
    page.get_by_label("Crisis lines given").check()
    dana.submit("Save risk assessment")
    assert "Moderate" in page.locator("#risk-assessment").inner_text()
    dana.click("Close the alert")
    dana.check("close alert")
    page.get_by_label("Why are you closing this alert?").fill(
        "Safety plan agreed; assessment booked."
    )
    dana.submit("Close alert")
    assert "0 overdue" not in dana.main()
    assert page.locator("#overdue-count").inner_text() == "0"
    dana.check("duty queue after closing")


@pytest.mark.hazard("HAZ-036")
def test_an_administrator_books_appointments_but_never_sees_notes(staff):
    alex = staff("site-a-administrator")
    page = alex.page
    alex.click("Waiting list")
    alex.check("waiting list")
    alex.go("/staff/site-a/waiting-list/?stage=intervention")
    alex.follow(page.get_by_role("link", name="Isla McKenzie"))
    main = alex.main()
    assert "Book an appointment" in main
    assert "Session notes" not in main
    assert "Assessments" not in main
    alex.check("episode as administrator")
    # The client in therapy: their notes, measures and supervision are not shown.
    chris = staff("site-a-clinician")
    chris.click("My caseload")
    chris.follow(chris.page.get_by_role("link", name=re.compile("^Jonah Fischer")))
    episode_url = chris.page.url
    assert "Reviewed sleep diary" in chris.page.locator("#session-notes").inner_text()
    alex.go(episode_url)
    assert "Reviewed sleep diary" not in alex.main()
    assert "Supervision" not in alex.main()
    for suffix in ("measures/", "supervision/", "notes/new/"):
        response = alex.go(episode_url + suffix)
        assert response.status in (403, 404)
        assert "Jonah" not in alex.main()


def test_every_role_sees_only_its_own_links(staff):
    for username, present, absent in (
        ("site-a-practitioner", ["My caseload"], ["Triage worklist", "Duty risk queue"]),
        ("site-a-service-manager", ["Duty rota"], ["Triage worklist", "My caseload"]),
        ("site-a-clinical-lead", ["Team caseload", "Break-glass access to review"], []),
    ):
        person = staff(username)
        main = person.main()
        for text in present:
            assert text in main, (username, text)
        for text in absent:
            assert text not in main, (username, text)


def test_the_clinical_lead_reviews_break_glass_and_team_caseload(staff):
    lee = staff("site-a-clinical-lead")
    page = lee.page
    lee.click("Team caseload")
    assert page.locator("#caseload-counts").count() == 1
    lee.check("team caseload")
    lee.go("/staff/site-a/")
    lee.follow(page.get_by_role("link", name="Break-glass access to review"))
    lee.check("break-glass log")
    lee.follow(page.get_by_role("link", name=re.compile("^Review")).first)
    lee.submit("Save review")
    assert "Enter your review note" in lee.errors()
    lee.check("break-glass review with errors")
    page.get_by_label("Review note").fill("Appropriate: administrative call only.")
    lee.submit("Save review")
    assert "Reviewed by" in page.locator("#break-glass").inner_text()


def test_the_remaining_pages_are_accessible(staff):
    lee = staff("site-b-clinical-lead")
    page = lee.page
    for link, label in (
        ("Duty rota", "rota"),
        ("Service directory", "directory"),
        ("Groups", "groups"),
        ("My caseload", "my caseload"),
    ):
        lee.go("/staff/site-b/")
        lee.follow(page.get_by_role("link", name=link, exact=True).first)
        lee.check(label)
    lee.go("/staff/site-b/")
    lee.click("Groups")
    lee.follow(page.get_by_role("link", name="Bereavement support group"))
    lee.check("group")
    lee.follow(page.get_by_role("link", name=re.compile("^Record attendance")).first)
    lee.check("group attendance")
    lee.go("/staff/site-b/")
    lee.click("Service directory")
    lee.follow(page.get_by_role("button", name="Add service"))
    assert "Enter the name of the service" in lee.errors()
    lee.check("directory with errors")
    lee.go("/staff/site-b/")
    lee.click("Team caseload")
    lee.follow(page.get_by_role("link", name=re.compile("^Liam Byrne")))
    lee.click("Client record")
    lee.check("client record")
    lee.click("Change contact details")
    lee.check("contact details")
    lee.go(page.url.replace("contact/", "conflicts/"))
    lee.submit("Record conflict")
    assert "Select the member of staff" in lee.errors()
    lee.check("conflicts with errors")
    assert len(CHECKED) > 10
