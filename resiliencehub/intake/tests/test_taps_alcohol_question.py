"""The TAPS-1 page asks one alcohol question: the one for the sex the person already gave,
or a neutral one naming both thresholds when they did not say (PhenX protocol 511601;
instruments.md section 7; HAZ-047)."""

import re

import pytest

from resiliencehub.audit.services import Auditor
from resiliencehub.intake import journeys, links
from resiliencehub.intake.models import AccessLink, JourneyResponse
from resiliencehub.records.models import Referral

from .helpers import answer_until, eligible

pytestmark = pytest.mark.django_db

RADIO_NAMES = re.compile(r'<input[^>]*name="([^"]+)"')
SEX = "demographics:2"


def alcohol_questions(html: str) -> list[str]:
    return sorted({name for name in RADIO_NAMES.findall(html) if name in TAPS_ALCOHOL})


TAPS_ALCOHOL = {"taps1_2", "taps1_3", "taps1_6"}


def taps_response(journey):
    row = JourneyResponse.objects.get(journey=journey, instrument_id="TAPS-1", superseded=False)
    return row.response


@pytest.mark.hazard("HAZ-047")
@pytest.mark.parametrize(
    ("sex", "asked", "wording"),
    [
        ("male", "taps1_2", "5 or more drinks containing alcohol in one day?"),
        ("female", "taps1_3", "4 or more drinks containing alcohol in one day?"),
        ("prefer-not-to-say", "taps1_6", "if you are a man, or 4 or more if you are a woman"),
    ],
)
def test_the_taps_page_asks_the_one_alcohol_question_for_the_sex_given(
    client, hub_a, sex, asked, wording
):
    eligible(client, hub_a)
    answer_until(client, hub_a, stop_at="taps-1", choose={SEX: sex})
    page = client.get("/h/site-a/questions/taps-1/").content.decode()
    assert alcohol_questions(page) == [asked]
    assert wording in page and "For men" not in page and "For women" not in page
    # Numbered as shown: 1 to 4, with no gap where another sex's question would be.
    assert re.findall(r">\s*(\d)\. In the past 12 months", page) == ["1", "2", "3", "4"]

    empty = client.post("/h/site-a/questions/taps-1/", {})
    assert "Select an answer for question 2" in empty.content.decode()
    answers = {"taps1_1": "0", asked: "3", "taps1_4": "0", "taps1_5": "0"}
    assert client.post("/h/site-a/questions/taps-1/", answers).status_code == 302
    journey = journeys.journey_for_secret(hub_a, client.cookies[links.cookie_name()].value)
    scored = taps_response(journey)
    assert (scored.complete, scored.band, scored.scores["subscales"]["alcohol"]) == (
        True,
        "positive",
        3,
    )
    assert scored.instrument_version == "1.1.0"


@pytest.mark.hazard("HAZ-047")
def test_changing_the_sex_answer_asks_the_alcohol_question_that_now_applies(client, hub_a):
    eligible(client, hub_a)
    answer_until(client, hub_a, choose={SEX: "male", "TAPS-1:2": 2})
    client.post("/h/site-a/questions/demographics-2/?change=1", {"demographics_sex": "female"})
    # The page is asked again, now with the women's question, before anything is sent.
    assert client.get("/h/site-a/questions/")["Location"] == "/h/site-a/questions/taps-1/"
    assert client.post("/h/site-a/check-your-answers/")["Location"].endswith("/taps-1/")
    page = client.get("/h/site-a/questions/taps-1/").content.decode()
    assert alcohol_questions(page) == ["taps1_3"]
    answers = {"taps1_1": "0", "taps1_3": "1", "taps1_4": "0", "taps1_5": "0"}
    assert client.post("/h/site-a/questions/taps-1/", answers).status_code == 302
    journey = journeys.journey_for_secret(hub_a, client.cookies[links.cookie_name()].value)
    scored = taps_response(journey)
    assert scored.answers == {"1": 0, "3": 1, "4": 0, "5": 0}  # the men's answer is not scored
    assert scored.scores["subscales"]["alcohol"] == 1


@pytest.mark.hazard("HAZ-047")
def test_site_b_asks_the_alcohol_question_for_the_sex_given_at_referral(client, hub_b):
    eligible(client, hub_b)
    answer_until(client, hub_b, choose={SEX: "male"})
    client.post("/h/site-b/check-your-answers/")
    referral = Referral.objects.get()
    journeys.questionnaire_invitation_send(referral, auditor=Auditor.system("tests"))
    link = AccessLink.objects.get(purpose="questionnaires")
    url = f"/h/site-b/questionnaires/{links.link_token(link)}/"
    client.cookies.clear()
    client.post(url)
    answer_until(client, hub_b, stop_at="taps-1")
    page = client.get("/h/site-b/questions/taps-1/").content.decode()
    assert alcohol_questions(page) == ["taps1_2"]
