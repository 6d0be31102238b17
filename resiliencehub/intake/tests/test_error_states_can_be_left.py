"""No error state in the public journey can only be escaped by reloading (HAZ-047).

Every question page of every demo hub's journey, at every stage (self-assessment,
referral, questionnaires after acceptance, returning), is read as a stranger's browser
sees it: the fields come from the page's HTML, not from the code that built it. Each is
sent the submissions that produce errors (nothing, every choice ticked, text too long,
a malformed email address or phone number). After each error the person must be able to
correct it by sending different answers, with one constraint a browser imposes: a radio
choice, once ticked, cannot be unticked, so every radio answered in the failing
submission stays answered in the correction (only its value may change).
"""

import html
import itertools
import re

import pytest
from django.core import mail

from conftest import load_demo_hub
from resiliencehub.audit.services import Auditor
from resiliencehub.core.models import RateLimitCounter
from resiliencehub.intake import journeys, links
from resiliencehub.intake.models import AccessLink
from resiliencehub.records.models import Referral

from .conftest import run_tasks
from .helpers import STAFF_ELIGIBILITY

pytestmark = pytest.mark.django_db


FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.S)
INPUT = re.compile(r"<input\b([^>]*)>")
TEXTAREA = re.compile(r'<textarea\b[^>]*name="([^"]+)"')
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
ERROR_SUMMARY = "nhsuk-error-summary"
EMAIL = "stranger@example.org"
TEXT = {
    "full_name": "Avery Stranger",
    "preferred_name": "Avery",
    "email": EMAIL,
    "phone": "07700 900 321",
}


def form_fields(page: str) -> dict[str, dict]:
    """The main form's fields as the browser sees them: name -> kind and values."""
    match = FORM.search(page)
    assert match, "no form on the page"
    fields: dict[str, dict] = {}
    for raw in INPUT.findall(match.group(1)):
        attrs = dict(ATTRIBUTE.findall(raw))
        kind, name = attrs.get("type", "text"), attrs.get("name")
        if not name or kind in ("hidden", "submit"):
            continue
        field = fields.setdefault(name, {"kind": kind, "values": []})
        if kind in ("radio", "checkbox"):
            field["values"].append(html.unescape(attrs.get("value", "")))
    for name in TEXTAREA.findall(match.group(1)):
        fields[name] = {"kind": "textarea", "values": []}
    return fields


def good_answers(fields: dict) -> dict:
    """Answers a person could give: every radio's first choice, one box where there are
    boxes, and sensible text."""
    data = {}
    for name, field in fields.items():
        if field["kind"] == "radio":
            data[name] = field["values"][0]
        elif field["kind"] == "checkbox":
            data[name] = [field["values"][0]]
        else:
            data[name] = TEXT.get(name, "Some words")
    return data


def error_making_submissions(fields: dict) -> list[dict]:
    everything = good_answers(fields)
    for name, field in fields.items():
        if field["kind"] == "checkbox":
            everything[name] = list(field["values"])
    attempts = [{}, everything]
    typed = [n for n, f in fields.items() if f["kind"] not in ("radio", "checkbox")]
    if typed:
        attempts.append({**good_answers(fields), **dict.fromkeys(typed, "x" * 5001)})
    checked = [n for n in typed if n in ("email", "phone")]
    if checked:
        attempts.append({**good_answers(fields), **dict.fromkeys(checked, "not-valid")})
    return attempts


def corrections(fields: dict, failed: dict):
    """Corrections a browser allows after `failed`: good answers, then each radio's other
    values in turn. Radios answered in `failed` are never left blank."""
    base = good_answers(fields)
    for name in failed:
        if fields.get(name, {}).get("kind") == "radio":
            base.setdefault(name, fields[name]["values"][0])
    yield base
    for name, field in fields.items():
        if field["kind"] == "radio":
            for value in field["values"][1:]:
                yield {**base, name: value}


def leave_error_states(client, url: str, problems: list[str]) -> None:
    """Send every error-making submission to `url`; each error must be correctable."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    fields = form_fields(page.content.decode())
    for attempt in error_making_submissions(fields):
        response = client.post(url, attempt)
        if response.status_code == 302:
            continue
        body = response.content.decode()
        assert response.status_code == 200 and ERROR_SUMMARY in body, (url, response.status_code)
        for correction in itertools.islice(corrections(fields, attempt), 60):
            fixed = client.post(url, correction)
            if fixed.status_code == 302:
                follow_help_now(client, fixed)
                break
        else:
            ticked = sorted(n for n in attempt if fields[n]["kind"] == "radio")
            problems.append(f"{url}: an error that cannot be corrected (radios ticked: {ticked})")


def follow_help_now(client, response) -> None:
    if "/help-now/" in response.get("Location", ""):
        client.post(response["Location"], {})


def walk_question_pages(client, hub, problems: list[str], risky: bool = False) -> str:
    """Every question page of the stage, in turn; returns where the stage ends. With
    `risky`, PHQ-9 item 9 is answered "Several days", so the crisis page's own form (a
    call-back number) is checked too."""
    for _ in range(200):
        location = client.get(f"/h/{hub.slug}/questions/")["Location"]
        if "/questions/" not in location:
            return location
        leave_error_states(client, location, problems)
        assert problems == [], "a person cannot get past this page"
        page = client.get(location).content.decode()
        answers = good_answers(form_fields(page))
        if risky and "phq9_9" in answers:
            answers["phq9_9"] = "1"
        done = client.post(location, answers)
        assert done.status_code == 302, location
        if "/help-now/" in done["Location"]:
            leave_crisis_page(client, done["Location"], problems)
    raise AssertionError("the journey did not end")


def leave_crisis_page(client, url: str, problems: list[str]) -> None:
    asks_phone = 'name="phone"' in client.get(url).content.decode()
    if asks_phone and ERROR_SUMMARY not in client.post(url, {"phone": "x"}).content.decode():
        problems.append(f"{url}: a malformed call-back number was not questioned")
    if client.post(url, {"phone": ""}).status_code != 302:
        problems.append(f"{url}: an error that cannot be corrected")


def eligible_after_errors(client, hub, problems: list[str]) -> None:
    """The eligibility questions: one radio each, so nothing chosen is the only error.
    (Another answer can end the journey as not eligible, so only the right one is sent.)"""
    url = f"/h/{hub.slug}/eligibility/who/"
    for _ in range(10):
        key = url.rstrip("/").split("/")[-1]
        client.get(url)
        if ERROR_SUMMARY not in client.post(url, {}).content.decode():
            problems.append(f"{url}: no error for no answer")
        response = client.post(url, {"answer": STAFF_ELIGIBILITY[key]})
        if "/eligibility/" not in response["Location"]:
            return
        url = response["Location"]
    raise AssertionError("eligibility did not finish")


def submit(client, hub) -> str:
    return client.post(f"/h/{hub.slug}/check-your-answers/")["Location"]


def returning_journey(client, hub, problems: list[str]) -> None:
    RateLimitCounter.objects.all().delete()  # a later day: the error attempts used emails up
    client.cookies.clear()
    leave_error_states(client, f"/h/{hub.slug}/returning/", problems)
    client.post(f"/h/{hub.slug}/returning/", {"email": EMAIL})
    run_tasks(named="send_link_email")
    link = AccessLink.objects.filter(purpose="returning", client__isnull=False).latest("pk")
    client.post(f"/h/{hub.slug}/returning/{links.link_token(link)}/")
    walk_question_pages(client, hub, problems)
    submit(client, hub)


@pytest.mark.hazard("HAZ-047")
@pytest.mark.parametrize("slug", ["site-a", "site-b", "site-c", "site-d"])
def test_every_error_on_every_page_of_every_hubs_journey_can_be_corrected(client, slug):
    hub = load_demo_hub(slug)
    problems: list[str] = []
    eligible_after_errors(client, hub, problems)
    leave_error_states(client, f"/h/{slug}/save/", problems)
    end = walk_question_pages(client, hub, problems, risky=True)
    assert end.endswith("/check-your-answers/"), end
    landed = submit(client, hub)
    if slug == "site-a":
        assert landed.endswith("/your-results/")
        response = client.post(f"/h/{slug}/refer-yourself/", {})
        assert ERROR_SUMMARY in response.content.decode()
        client.post(f"/h/{slug}/refer-yourself/", {"refer": "yes"})
        walk_question_pages(client, hub, problems)
        submit(client, hub)
    if slug == "site-b":
        referral = Referral.objects.get()
        journeys.questionnaire_invitation_send(referral, auditor=Auditor.system("tests"))
        link = AccessLink.objects.get(purpose="questionnaires")
        client.cookies.clear()
        client.post(f"/h/{slug}/questionnaires/{links.link_token(link)}/")
        walk_question_pages(client, hub, problems)
        submit(client, hub)
    else:
        returning_journey(client, hub, problems)
    mail.outbox.clear()
    assert problems == []
