"""Every question page follows the NHS.UK question-page pattern (quality.md A2, A5), shows
errors with what was typed kept, and the journey asks nothing twice."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from resiliencehub.intake import pages
from resiliencehub.intake.forms import form_for
from resiliencehub.intake.state import stored_answers

from .helpers import eligible, journey_of, page_data

pytestmark = pytest.mark.django_db

H1_IN_LEGEND = re.compile(r"<legend[^>]*>\s*<h1", re.S)
H1_WRAPS_LABEL = re.compile(r"<h1[^>]*>\s*<label", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
FIELD_NAMES = re.compile(r'<(?:input|textarea|select)[^>]*name="([^"]+)"')


def walk_journey(client, hub, on_page):
    """Visit every page of the current stage, calling on_page(page, get_response) first."""
    for _ in range(200):
        location = client.get(reverse("intake:next", kwargs={"slug": hub.slug}))["Location"]
        if "/questions/" not in location:
            return location
        journey = journey_of(client, hub)
        key = location.rstrip("/").split("/")[-1]
        page = pages.find(pages.plan(hub, journey, timezone.localdate()), key)
        page = pages.asked_page(page, stored_answers(journey))  # as the person sees it
        on_page(page, client.get(location))
        response = client.post(location, page_data(page))
        assert response.status_code == 302
        if "/help-now/" in response["Location"]:
            client.post(response["Location"], {})
    raise AssertionError("did not finish")


@pytest.mark.parametrize("slug", ["site-a", "site-b", "site-c", "site-d"])
def test_every_question_page_follows_the_question_page_pattern(client, slug):
    from conftest import load_demo_hub

    hub = load_demo_hub(slug)
    eligible(client, hub)
    titles, names, problems = [], [], []

    def check(page, response):
        body = response.content.decode()
        where = f"{slug} {page.key}"
        if body.count("<h1") != 1:
            problems.append(f"{where}: {body.count('<h1')} h1 elements")
        if page.kind != "confirm-details" and not (
            H1_IN_LEGEND.search(body) or H1_WRAPS_LABEL.search(body)
        ):
            problems.append(f"{where}: the h1 is not the legend or label")
        titles.append(TITLE.search(body).group(1).strip())
        if "nhsuk-back-link" not in body:
            problems.append(f"{where}: no back link")
        if not re.search(r"<button[^>]*>\s*Continue\s*</button>", body):
            problems.append(f"{where}: no Continue button")
        if re.search(r"\*\s*</(label|legend|span|h1)", body):
            problems.append(f"{where}: a * marker")
        form = form_for(page)
        for name, form_field in form.fields.items():
            if not form_field.required and "(optional)" not in str(form_field.label):
                label = escape(str(form_field.label))
                if f"{label} (optional)" not in body and "(optional)" not in label:
                    problems.append(f"{where}: {name} is optional but not marked")
        names.extend(n for n in FIELD_NAMES.findall(body) if n != "csrfmiddlewaretoken")

    walk_journey(client, hub, check)
    assert problems == []
    assert len(titles) == len(set(titles)), [t for t in titles if titles.count(t) > 1]
    assert names


def test_each_field_name_is_asked_once_in_a_journey(client, hub_c):
    """quality.md A5: collect names per page (unique per page), then across pages."""
    eligible(client, hub_c)
    seen: dict[str, str] = {}
    repeats = []

    def collect(page, response):
        for name in set(FIELD_NAMES.findall(response.content.decode())):
            if name == "csrfmiddlewaretoken":
                continue
            if name in seen:
                repeats.append((name, seen[name], page.key))
            seen[name] = page.key

    walk_journey(client, hub_c, collect)
    assert repeats == []
    # Age and sector were answered during eligibility, so they are not asked again.
    assert "demographics_age_band" not in seen and "occupation_sector" not in seen


def test_submitting_a_question_page_empty_shows_linked_errors(client, hub_a):
    eligible(client, hub_a)
    client.post("/h/site-a/questions/your-privacy/", {"agree": ["yes"]})
    response = client.post("/h/site-a/questions/demographics-2/", {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: What is your sex?" in body
    assert 'href="#id_demographics_sex"' in body
    assert 'id="id_demographics_sex"' in body


@pytest.mark.hazard("HAZ-005")
def test_a_measure_page_with_a_missing_answer_keeps_every_answer_given(client, hub_a):
    eligible(client, hub_a)
    journey = journey_of(client, hub_a)
    plan = pages.plan(hub_a, journey, timezone.localdate())
    phq9 = pages.find(plan, "phq-9")
    data = page_data(phq9, choose={"PHQ-9:2": 2, "PHQ-9:5": 3})
    del data["phq9_4"]
    response = client.post("/h/site-a/questions/phq-9/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select an answer for question 4" in body
    assert 'href="#id_phq9_4"' in body
    for name, value in data.items():
        assert (
            re.search(rf'name="{name}"[^>]*value="{value}"[^>]*checked', body)
            or re.search(rf'value="{value}"[^>]*name="{name}"[^>]*checked', body)
            or _checked(body, name, value)
        ), name


def _checked(body: str, name: str, value: str) -> bool:
    for tag in re.findall(r"<input[^>]*>", body):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False


def test_a_changed_answer_returns_to_check_your_answers(client, hub_a):
    from .helpers import answer_until

    eligible(client, hub_a)
    response = answer_until(client, hub_a)
    assert response["Location"].endswith("/check-your-answers/")
    check = client.get(response["Location"]).content.decode()
    assert 'href="/h/site-a/questions/gad-7/?change=1"' in check
    journey = journey_of(client, hub_a)
    gad7 = pages.find(pages.plan(hub_a, journey, timezone.localdate()), "gad-7")
    response = client.post(
        "/h/site-a/questions/gad-7/?change=1", page_data(gad7, choose={"GAD-7:1": 3})
    )
    assert response["Location"].endswith("/check-your-answers/")
    assert "All 8 questions answered" in client.get(response["Location"]).content.decode()
    assert _checked(client.get("/h/site-a/questions/gad-7/").content.decode(), "gad7_1", "3")


def test_audit_skip_rules_leave_out_the_drinking_pages_for_a_non_drinker(client, hub_a):
    from .helpers import answer_until

    eligible(client, hub_a)
    answer_until(client, hub_a)
    journey = journey_of(client, hub_a)
    from resiliencehub.intake.state import stored_answers

    stored = stored_answers(journey)
    plan = pages.plan(hub_a, journey, timezone.localdate())
    shown = [p.key for p in pages.shown_pages(plan, stored)]
    assert "audit-part-1" in shown and "audit-part-4" in shown
    assert "audit-part-2" not in shown and "audit-part-3" not in shown


def test_follow_up_questions_are_asked_only_after_the_answer_they_follow(client, hub_a):
    from .helpers import answer_until

    eligible(client, hub_a)
    answer_until(client, hub_a, choose={"demographics:3": "no", "demographics:6": "no"})
    journey = journey_of(client, hub_a)
    from resiliencehub.intake.state import stored_answers

    stored = stored_answers(journey)
    plan = pages.plan(hub_a, journey, timezone.localdate())
    shown = [p.key for p in pages.shown_pages(plan, stored)]
    assert "demographics-4" in shown and "demographics-7" not in shown


def test_a_no_answer_cannot_be_combined_with_others(client, hub_a):
    eligible(client, hub_a)
    response = client.post(
        "/h/site-a/questions/covid-impact-1/", {"covid_bereavement": ["no", "yes-a-friend"]}
    )
    assert "on its own" in response.content.decode()
