"""Given a keyworker part-way through, nothing they typed is lost: not when the browser is
thrown away, the page sits idle, the server is killed, or the final submit is replayed
three times at once; and a returning client re-engages without registering again
(quality.md R1-R3; hazards HAZ-005, HAZ-023, HAZ-024, HAZ-025)."""

import re
import threading
import urllib.parse
import urllib.request

import pytest

from .test_intake_support import (  # noqa: F401 - fixtures
    STAFF,
    check_page,
    continue_button,
    eligibility,
    intake_server_fixture,
    journeys_fixture,
    mailbox_fixture,
    page_key,
    person,
    run_pages,
    shell,
)

pytestmark = pytest.mark.browser


def back(page) -> None:
    page.locator("a.nhsuk-back-link").click()
    page.wait_for_load_state()


def checked(page, name: str) -> str | None:
    box = page.locator(f"input[name='{name}']:checked")
    return box.get_attribute("value") if box.count() else None


@pytest.mark.hazard("HAZ-005")
@pytest.mark.hazard("HAZ-023")
def test_resume_after_the_browser_is_thrown_away_restores_every_answer(
    journeys, intake_server, mailbox
):
    """Given answers on k pages, when the browser is closed and the emailed link opened in
    a new one, then every answer is there and the person lands on page k+1."""
    journey = journeys()
    page = journey.page
    who = person("site-d-resume")
    seen: set = set()
    eligibility(page, "site-d", STAFF, seen=seen, audit=False)
    choices = {"phq9_1": "2", "phq9_2": "3", "phq9_9": "0", "gad7_1": "1"}
    answered = run_pages(page, who, seen=seen, audit=False, choose=choices, stop_at="wsas")
    assert answered[-2:] == ["phq-9", "gad-7"] and page_key(page) == "wsas"

    page.get_by_role("link", name="Save your answers and come back later").click()
    check_page(page, "save for later", seen)
    assert (
        page.get_by_label("Get a link to come back to your answers").input_value() == (who["email"])
    )
    continue_button(page).click()
    check_page(page, "check your email", seen)
    message = mailbox.wait_for(who["email"], "continue where you left off")
    journey.close()  # the browser, its cookies and its session are gone

    fresh = journeys()
    page = fresh.page
    page.goto(mailbox.link_in(message))
    check_page(page, "resume link", seen)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page_key(page) == "wsas"
    back(page)
    assert page_key(page) == "gad-7" and checked(page, "gad7_1") == "1"
    back(page)
    assert page_key(page) == "phq-9"
    assert (checked(page, "phq9_1"), checked(page, "phq9_2")) == ("2", "3")
    fresh.close()


@pytest.mark.hazard("HAZ-005")
@pytest.mark.hazard("HAZ-023")
def test_after_an_idle_hour_the_answers_hide_and_come_back_by_email(
    journeys, intake_server, mailbox
):
    journey = journeys()
    page = journey.page
    who = person("site-d-idle")
    eligibility(page, "site-d", STAFF, audit=False)
    run_pages(page, who, audit=False, stop_at="gad-7")
    shell(
        intake_server,
        "from datetime import timedelta; from django.utils import timezone; "
        "from resiliencehub.intake.models import Journey; "
        "[j.__class__.objects.filter(pk=j.pk).update(access_seen_at=timezone.now() - "
        "timedelta(hours=2)) for j in Journey.objects.all() "
        f"if j.email == '{who['email']}']; "
        "from django.contrib.sessions.models import Session; Session.objects.all().delete()",
    )
    page.reload()
    assert page.locator("h1").inner_text() == "Your answers are saved"
    assert who["name"] not in page.content()
    check_page(page, "answers hidden", set())
    continue_button(page).click()
    message = mailbox.wait_for(who["email"], "continue where you left off")
    page.goto(mailbox.link_in(message))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page_key(page) == "gad-7"
    journey.close()


def _post_concurrently(server, path: str, cookies: list, csrf_token: str, times: int = 3):
    header = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf_token}).encode()
    barrier = threading.Barrier(times)
    results = []

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def send():
        request = urllib.request.Request(
            server.base_url + path,
            data=data,
            headers={"Cookie": header, "Referer": server.base_url + path},
        )
        barrier.wait(timeout=10)
        try:
            with opener.open(request, timeout=30) as response:
                results.append((response.status, response.headers.get("Location")))
        except urllib.error.HTTPError as error:
            results.append((error.code, error.headers.get("Location")))

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.hazard("HAZ-005")
@pytest.mark.hazard("HAZ-024")
@pytest.mark.every_database
def test_a_killed_server_loses_nothing_and_three_replayed_submits_make_one_referral(
    journeys, intake_server
):
    """Given answers acknowledged before a kill -9 of the server, when it restarts, then the
    person carries on from the next page; three concurrent final submits make one referral."""
    journey = journeys()
    page = journey.page
    who = person("site-c-kill")
    eligibility(page, "site-c", STAFF, audit=False)
    run_pages(page, who, audit=False, choose={"phq9_4": "3"}, stop_at="gad-7")
    intake_server.kill()
    intake_server.start()
    page.reload()
    assert page_key(page) == "gad-7"
    back(page)
    assert checked(page, "phq9_4") == "3"
    page.go_forward()
    page.wait_for_load_state()
    run_pages(page, who, audit=False)
    assert "check-your-answers" in page.url
    # Every answer survived the kill: check-your-answers names the person and counts the
    # PHQ-9 (answered before the kill) and the GAD-7 (after it) as wholly answered.
    assert who["name"] in page.content()
    for measure in ("Your mood", "Worry and anxiety"):
        row = page.locator(".nhsuk-summary-list__row", has_text=measure).first
        assert re.search(r"All \d+ questions answered", row.inner_text()), row.inner_text()

    token = page.locator("main form input[name=csrfmiddlewaretoken]").last.input_value()
    results = _post_concurrently(
        intake_server, "/h/site-c/check-your-answers/", journey.context.cookies(), token
    )
    assert sorted(status for status, _ in results) == [302, 302, 302], results
    assert sorted(location for _, location in results) == [
        "/h/site-c/sent/",
        "/h/site-c/sent/?already=1",
        "/h/site-c/sent/?already=1",
    ]
    count = shell(
        intake_server,
        "from resiliencehub.intake.models import Referral; "
        f"print(sum(1 for r in Referral.objects.all() if r.client.email == '{who['email']}'))",
    )
    assert count == "1"
    # The page still shows "Send referral" (as after the back button): sending again
    # says it was already sent, and sends nothing.
    continue_button(page).click()
    page.wait_for_load_state()
    assert "/sent/" in page.url and "You have already sent this" in page.content()
    check_page(page, "already sent", set())
    journey.close()


@pytest.mark.hazard("HAZ-025")
def test_a_returning_client_is_recognised_without_registering_again(
    journeys, intake_server, mailbox
):
    who = person("site-c-returning")
    shell(
        intake_server,
        "from django.utils import timezone; from resiliencehub.hub.models import Hub; "
        "from resiliencehub.core.crypto import email_lookup; "
        "from resiliencehub.intake.models import Client, Referral; "
        "hub = Hub.objects.get(slug='site-c'); "
        f"c = Client.objects.create(hub=hub, full_name='{who['name']}', email='{who['email']}', "
        f"email_lookup=email_lookup('{who['email']}'), phone='07700 900321', may_email=True); "
        "Referral.objects.create(hub=hub, client=c, submitted_at=timezone.now(), sector='nhs')",
    )
    journey = journeys()
    page = journey.page
    seen: set = set()
    page.goto("/h/site-c/")
    page.get_by_role("link", name="Used the hub before? Get back in touch").click()
    check_page(page, "returning", seen)
    continue_button(page).click()
    assert page.title().startswith("Error:")
    check_page(page, "returning (error)", set())
    page.get_by_label("Get back in touch with us").fill(who["email"])
    continue_button(page).click()
    message = mailbox.wait_for(who["email"], "your sign-in link")
    page.goto(mailbox.link_in(message))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().endswith("Are your details still correct?")
    check_page(page, "your details", seen)
    assert "07700 900321" in page.content()
    page.get_by_role("link", name="Change your phone number").click()
    page.get_by_label("What is your phone number?").fill("07700 900999")
    continue_button(page).click()
    page.wait_for_load_state()
    visited = run_pages(page, who, audit=False)
    assert "your-name" not in visited and "demographics-2" not in visited
    assert "phq-9" in visited
    continue_button(page).click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-panel__heading").inner_text() == "Referral sent"
    result = shell(
        intake_server,
        "from resiliencehub.intake.models import Client; "
        f"c = [c for c in Client.objects.all() if c.email == '{who['email']}']; "
        "r = c[0].referrals.order_by('submitted_at'); "
        "print(len(c), r.count(), r.last().returning, r.last().previous_id == r.first().id, "
        "c[0].phone)",
    )
    assert result == "1 2 True True 07700 900999"
    journey.close()
