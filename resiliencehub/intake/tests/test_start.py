"""The way in from each hub's public page, in the hub's own mode, keeping campaign codes."""

import pytest

pytestmark = pytest.mark.django_db


def test_site_a_offers_a_self_assessment_and_keeps_the_campaign_code(client, hub_a):
    page = client.get("/h/site-a/?c=MEN2021").content.decode()
    assert "Check how you are feeling" in page
    assert 'href="/h/site-a/start/?c=MEN2021"' in page
    start = client.get("/h/site-a/start/?c=MEN2021").content.decode()
    assert 'href="/h/site-a/eligibility/who/?c=MEN2021"' in start
    assert "see your results straight away" in start.lower() or "results straight away" in start


def test_referral_hubs_offer_a_referral_in_their_mode(client, hub_b, hub_c):
    assert "Refer yourself" in client.get("/h/site-b/").content.decode()
    assert (
        "questionnaires before your assessment" in client.get("/h/site-b/start/").content.decode()
        or "link to some questionnaires" in client.get("/h/site-b/start/").content.decode()
    )
    assert "email it to you too" in client.get("/h/site-c/start/").content.decode()


def test_a_campaign_code_that_could_carry_markup_is_dropped(client, hub_a):
    start = client.get('/h/site-a/start/?c="><script>').content.decode()
    assert "<script>" not in start.split("</head>")[1].split('<script type="module"')[0]
    assert 'href="/h/site-a/eligibility/who/"' in start


def test_the_start_page_quotes_the_typical_wait_and_crisis_lines(client, hub_a):
    start = client.get("/h/site-a/start/").content.decode()
    assert f"within about {hub_a.typical_wait_days} days" in start
    assert "116 123" in start
