"""After a risk answer, every feedback leads with it: what the person told us, when the
duty team will contact them (the hub's threshold, in working hours) and the crisis lines
as tel: links; the band follows (ADR 0016, HAZ-046)."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from resiliencehub.audit.services import Auditor
from resiliencehub.instruments import derive_question_set, get_instrument
from resiliencehub.instruments.definitions.shared import YES_NO, question
from resiliencehub.instruments.model import RiskRule
from resiliencehub.intake import feedback, pages
from resiliencehub.records.measures import measure_response_record
from resiliencehub.records.models import ResponseSource

from .conftest import run_tasks
from .helpers import CONTACT, answer_until, eligible, journey_of, page_data

pytestmark = pytest.mark.django_db


TOLD_US = "You told us you have had thoughts that you would be better off dead"
ONLY_ITEM_9 = {"PHQ-9:9": 3}  # "Nearly every day"; every other answer the first option (0)


def text_of(html: str) -> str:
    """The page's words without tags, so phrases split by markup can be found."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_leads_with_risk(page: str, hub, band_words: str) -> None:
    words = text_of(page)
    told = words.index(TOLD_US)
    assert (
        f"Our duty team has been told, and will contact you within "
        f"{hub.risk_acknowledge_hours} working hours" in words
    )
    assert "Monday to Friday, 9am to 5pm" in words
    assert 'href="tel:116123"' in page and 'href="tel:999"' in page
    # The band follows: nothing reassuring comes before what the person told us.
    assert told < words.index(band_words)
    assert page.index("About your safety") < page.index('href="tel:116123"')
    assert page.index('href="tel:116123"') < page.index("Low mood (PHQ-9)")


def risky_self_assessment(client, hub, callback: str = ""):
    eligible(client, hub)
    answer_until(client, hub, stop_at="phq-9")
    phq9 = pages.find(pages.plan(hub, journey_of(client, hub), timezone.localdate()), "phq-9")
    posted = client.post("/h/site-a/questions/phq-9/", page_data(phq9, choose=ONLY_ITEM_9))
    assert posted["Location"] == "/h/site-a/help-now/"
    client.post("/h/site-a/help-now/", {"phone": callback})
    answer_until(client, hub)
    assert client.post("/h/site-a/check-your-answers/")["Location"] == "/h/site-a/your-results/"
    return client.get("/h/site-a/your-results/").content.decode()


@pytest.mark.hazard("HAZ-046")
def test_site_a_results_lead_with_the_risk_answer_and_the_call_back(client, hub_a):
    hub_a.risk_acknowledge_hours = 3
    hub_a.save(update_fields=["risk_acknowledge_hours"])
    page = risky_self_assessment(client, hub_a, callback="07700 900 111")
    assert_leads_with_risk(page, hub_a, "few or no symptoms of low mood")
    assert "within 3 working hours" in text_of(page)
    # The PHQ-9 card itself says the answer matters more than its low score.
    card = text_of(page)[text_of(page).index("Low mood (PHQ-9)") :]
    assert card.index("That matters more than this score") < card.index("few or no symptoms")


@pytest.mark.hazard("HAZ-046")
def test_an_anonymous_self_assessor_is_told_the_team_cannot_reach_them(client, hub_a):
    words = text_of(risky_self_assessment(client, hub_a))
    assert TOLD_US in words
    assert "you have not given us a way to contact you" in words
    assert "has been told, and will contact you" not in words
    assert hub_a.contact_phone in words


@pytest.mark.hazard("HAZ-046")
@pytest.mark.parametrize("callback", ["", "07700 900 111"])
def test_choosing_not_to_refer_after_a_risk_answer_still_says_what_the_team_was_told(
    client, hub_a, callback
):
    risky_self_assessment(client, hub_a, callback=callback)
    assert client.post("/h/site-a/refer-yourself/", {"refer": "no"})["Location"] == (
        "/h/site-a/finished/"
    )
    page = client.get("/h/site-a/finished/").content.decode()
    words = text_of(page)
    assert words.index(TOLD_US) < words.index("You have not referred yourself")
    assert 'href="tel:116123"' in page
    if callback:
        assert "Our duty team has been told, and will contact you within" in words
    else:
        assert "you have not given us a way to contact you" in words
        # No referral is offered on this page, so it does not point "below".
        assert "start again and refer yourself" in words and "below" not in words


def test_results_without_a_risk_answer_have_no_risk_lead(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a)
    client.post("/h/site-a/check-your-answers/")
    page = client.get("/h/site-a/your-results/").content.decode()
    assert "About your safety" not in page and "few or no symptoms" in page


@pytest.mark.hazard("HAZ-046")
@pytest.mark.parametrize("slug", ["site-c", "site-d"])
def test_screening_within_referral_leads_with_it_on_screen_and_in_the_email(client, slug):
    from conftest import load_demo_hub

    hub = load_demo_hub(slug)
    hub.risk_acknowledge_hours = 2
    hub.save(update_fields=["risk_acknowledge_hours"])
    eligible(client, hub)
    answer_until(client, hub, choose=ONLY_ITEM_9)
    sent = client.post(f"/h/{slug}/check-your-answers/")
    page = client.get(sent["Location"]).content.decode()
    assert_leads_with_risk(page, hub, "few or no symptoms of low mood")
    assert "within 2 working hours" in text_of(page)

    assert run_tasks(named="send_feedback_email") == ["sent"]
    (email,) = [m for m in mail.outbox if m.to == [CONTACT["email"]]]
    body = email.body
    assert email.to == [CONTACT["email"]]
    assert "risk" not in email.subject.lower() and "dead" not in email.subject.lower()
    first_line = body.splitlines()[0]
    assert first_line.startswith("Thank you for your referral")  # the preview line is neutral
    assert body.index(TOLD_US) < body.index("few or no symptoms of low mood")
    assert "will contact you within 2 working hours" in body
    assert "Monday to Friday, 9am to 5pm" in body
    assert body.index("tel:116123") < body.index("Low mood (PHQ-9)")
    assert body.index("That matters more than this score") < body.index("few or no symptoms")


@pytest.mark.hazard("HAZ-046")
def test_core10_item_6_and_a_hubs_own_risk_question_are_led_with_too(hub_a, monkeypatch):
    from resiliencehub.instruments import DEFAULT_REGISTRY

    auditor = Auditor.system("tests")
    core10 = measure_response_record(
        hub_a,
        "CORE-10",
        dict.fromkeys(range(1, 11), 0) | {6: 1},
        auditor=auditor,
        source=ResponseSource.CLIENT,
    ).response
    own = derive_question_set(
        get_instrument("covid-impact"),
        id="covid-impact-site-a",
        version="1.0.0",
        add=[
            question(
                1,
                "covid.harm",
                "Have you thought about harming yourself?",
                options=YES_NO,
                risk_if=RiskRule(any_of=frozenset({"yes"})),
            )
        ],
    )
    number = own.items[-1].number
    monkeypatch.setattr(DEFAULT_REGISTRY, "_versions", dict(DEFAULT_REGISTRY._versions))
    monkeypatch.setattr(DEFAULT_REGISTRY, "_latest", dict(DEFAULT_REGISTRY._latest))
    DEFAULT_REGISTRY.register(own)
    hub_question = measure_response_record(
        hub_a, own, {number: "yes"}, auditor=auditor, source=ResponseSource.CLIENT
    ).response
    assert core10.risk and hub_question.risk  # the instruments' own flags

    risk = feedback.risk_feedback(hub_a, [core10, hub_question], reachable=True)
    assert risk.told_us[0] == "You told us you have made plans to end your life."
    assert "“Have you thought about harming yourself?”" in risk.told_us[1]
    assert feedback.risk_feedback(hub_a, [], reachable=True) is None
