"""The eligibility check follows each hub's configuration and keeps nothing about people
it turns away except an anonymous count by reason."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from resiliencehub.audit.models import AuditEvent
from resiliencehub.intake import eligibility
from resiliencehub.intake.models import IneligibleCount, Journey, JourneyAnswer

from .helpers import STAFF_ELIGIBILITY, eligible

pytestmark = pytest.mark.django_db


def walk(hub, today=date(2026, 1, 5), **answers):
    return eligibility.walk(hub, answers, today)


def test_a_hub_without_family_eligibility_turns_family_members_away_kindly(hub_b):
    nxt, outcome = walk(hub_b, who="family")
    assert nxt is None and outcome.reason == "family_not_in_scope"


def test_site_a_asks_family_about_immediate_family_only_and_where_they_live(hub_a):
    question = eligibility.question(hub_a, "relationship", {"who": "family"})
    assert [v for v, _ in question.options] == ["immediate", "other"]
    assert walk(hub_a, who="family", relationship="other")[1].reason == "family_relationship"
    answers = {"who": "family", "relationship": "immediate", "age": "35-to-44", "sector": "nhs"}
    assert walk(hub_a, **answers) == ("region", None)
    assert "live in" in eligibility.question(hub_a, "region", answers).title


def test_site_c_accepts_chosen_family_living_anywhere(hub_c):
    question = eligibility.question(hub_c, "relationship", {"who": "family"})
    assert "chosen" in [v for v, _ in question.options]
    answers = {
        "who": "family",
        "relationship": "chosen",
        "age": "25-to-34",
        "sector": "social_care",
    }
    assert "family member work in" in eligibility.question(hub_c, "region", answers).title
    assert walk(hub_c, **answers, region="yes")[1].eligible


@pytest.mark.hazard("HAZ-022")
def test_sixteen_and_seventeen_year_olds_only_where_the_hub_accepts_them(hub_a, hub_b):
    answers = {"who": "staff", "age": "16-to-17"}
    assert walk(hub_a, **answers) == ("sector", None)
    assert walk(hub_b, **answers)[1].reason == "age"
    assert walk(hub_a, who="staff", age="under-16")[1].reason == "age"


@pytest.mark.hazard("HAZ-022")
def test_conditional_sectors_ask_the_hubs_own_question(hub_b, hub_d):
    answers = {"who": "staff", "age": "35-to-44", "sector": "vcse"}
    assert walk(hub_b, **answers) == ("condition", None)
    assert "local authority" in eligibility.question(hub_b, "condition", answers).title
    assert walk(hub_b, **answers, condition="no")[1].reason == "condition"
    police = {"who": "staff", "age": "35-to-44", "sector": "police"}
    assert "COVID" in eligibility.question(hub_d, "condition", police).title
    assert walk(hub_d, **police, condition="yes") == ("region", None)


def test_a_sector_not_in_scope_or_none_of_these_is_turned_away(hub_b):
    assert walk(hub_b, who="staff", age="35-to-44", sector="education")[1].reason == "sector"
    assert walk(hub_b, who="staff", age="35-to-44", sector="none")[1].reason == "sector"


@pytest.mark.hazard("HAZ-022")
def test_site_b_phased_roll_out_is_applied_on_the_day(hub_b):
    """Critical care Feb 2021, other NHS Mar, social care Jul, non-NHS emergency services Aug."""
    february = date(2021, 2, 15)
    nhs = {"who": "staff", "age": "35-to-44", "sector": "nhs"}
    assert walk(hub_b, february, **nhs) == ("critical_care", None)
    assert walk(hub_b, february, **nhs, critical_care="yes") == ("region", None)
    outcome = walk(hub_b, february, **nhs, critical_care="no")[1]
    assert (outcome.reason, outcome.opens_on) == ("not_yet_open", date(2021, 3, 1))
    assert walk(hub_b, date(2021, 3, 1), **nhs) == ("region", None)
    social = {"who": "staff", "age": "35-to-44", "sector": "social_care"}
    assert walk(hub_b, date(2021, 6, 30), **social)[1].opens_on == date(2021, 7, 1)
    assert walk(hub_b, date(2021, 7, 1), **social) == ("region", None)
    police = {"who": "staff", "age": "35-to-44", "sector": "police"}
    assert walk(hub_b, date(2021, 7, 31), **police)[1].reason == "not_yet_open"


def test_working_outside_the_region_is_turned_away(hub_a):
    answers = {**STAFF_ELIGIBILITY, "region": "no"}
    answers.pop("condition")
    answers.pop("critical_care")
    assert walk(hub_a, **answers)[1].reason == "region"


def test_prefilled_answers_carry_age_sector_and_critical_care_forward():
    given = eligibility.prefilled_answers(
        {"who": "staff", "age": "16-to-17", "sector": "social_care", "critical_care": "no"}
    )
    assert given == {
        ("demographics", "demographics.age_band"): "16-to-17",
        ("occupation", "occupation.sector"): "social-care",
        ("occupation", "occupation.critical_care"): "no",
    }


@pytest.mark.hazard("HAZ-022")
def test_someone_turned_away_leaves_only_an_anonymous_count(client, hub_b):
    audit_before = AuditEvent.objects.count()
    response = eligible(client, hub_b, {"age": "16-to-17"})
    assert response["Location"] == reverse(
        "intake:not_eligible", kwargs={"slug": "site-b", "reason": "age"}
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "aged 18 or over" in body and "116 123" in body and "Nothing you told us" in body
    assert Journey.objects.count() == 0 and JourneyAnswer.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
    count = IneligibleCount.objects.get()
    assert (count.hub, count.reason, count.count) == (hub_b, "age", 1)
    assert count.month.day == 1
    client.get(eligible(client, hub_b, {"age": "16-to-17"})["Location"])
    assert IneligibleCount.objects.get().count == 2
    # The signed cookie that held the answers is cleared by the not-eligible page.
    assert client.cookies[eligibility.COOKIE].value == ""


@time_machine.travel(date(2021, 2, 15), tick=False)
def test_the_not_yet_open_page_gives_the_opening_date(client, hub_b):
    response = eligible(client, hub_b, {"critical_care": "no"})
    page = client.get(response["Location"])
    assert "not open to your group yet" in page.content.decode()
    assert "1 March 2021" in page.content.decode()


def test_an_eligible_person_gets_a_journey_with_coded_eligibility_and_campaign(client, hub_a):
    response = eligible(client, hub_a, campaign="MEN2021")
    assert response["Location"].endswith("/questions/your-privacy/")
    journey = Journey.objects.get()
    assert journey.campaign_code == "MEN2021"
    assert journey.eligibility == {
        "who": "staff",
        "age": "35-to-44",
        "sector": "nhs",
        "region": "yes",
    }
    assert journey.kind == "self_assessment"
    keys = set(journey.answers.values_list("key", flat=True))
    assert {"demographics:1", "occupation:1"} <= keys


def test_an_unusable_campaign_code_is_ignored(client, hub_a):
    eligible(client, hub_a, campaign="x" * 41)
    assert Journey.objects.get().campaign_code == ""


def test_eligibility_errors_are_shown_with_the_question_kept(client, hub_a):
    url = reverse("intake:eligibility", kwargs={"slug": "site-a", "key": "who"})
    response = client.post(url, {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "Select who the support is for" in body
    assert "<title>Error: Who is the support for?" in body


def test_a_later_question_cannot_be_reached_before_the_earlier_ones(client, hub_a):
    url = reverse("intake:eligibility", kwargs={"slug": "site-a", "key": "region"})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith("/eligibility/who/")
    assert client.get("/h/site-a/eligibility/nonsense/").status_code == 404
