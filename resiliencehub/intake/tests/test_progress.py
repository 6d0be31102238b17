"""Every question page says which section it is in and how many pages are left; headings
are plain words; check-your-answers has one short summary list per section whose "Change"
links walk through a questionnaire and come back (issue 9, defect 8; ADR 0032).

Journeys start where a stranger starts (eligibility, then the public pages) in every demo
hub's own mode, answering only what each page requires.
"""

import re

import pytest
from django.utils import timezone

from conftest import load_demo_hub
from resiliencehub.hub.models import Hub
from resiliencehub.instruments import get_instrument
from resiliencehub.instruments.definitions import ALL
from resiliencehub.intake import pages
from resiliencehub.intake.state import stored_answers

from .fewest import Walk, fewest_answers
from .helpers import eligible, journey_of, page_data

pytestmark = pytest.mark.django_db

HUBS = ["site-a", "site-b", "site-c", "site-d"]
CAPTION = re.compile(r'<span class="nhsuk-caption-l"[^>]*>\s*(.*?)</span>\s*</span>', re.S)
SECTION = re.compile(r"^(?:Section (\d+) of (\d+): )?([^<]+)")
INSTRUMENT_NAMES = re.compile(r"PHQ|GAD|WSAS|AUDIT|PCL|ITQ|TAPS|CORE|part \d+ of \d+")


def walk(client, slug: str, on_page=None) -> tuple[Hub, list[tuple[pages.Page, str]]]:
    """A stranger at the demo hub `slug` passes eligibility, then answers each next page
    with the fewest answers until check-your-answers; returns the hub and each page with
    the caption its heading showed (and calls `on_page(page, body)`)."""
    hub = load_demo_hub(slug)
    eligible(client, hub)
    journey = Walk(hub, client)
    journey.answer_pages()
    seen = []
    for page, body in journey.questions:
        match = CAPTION.search(body)
        assert match, f"{hub.slug} {page.key}: no caption in the heading"
        seen.append((page, match.group(1)))
        if on_page:
            on_page(page, body)
    return hub, seen


def parts(caption: str) -> tuple[int, int, str, str]:
    text = re.sub(r'<span class="nhsuk-u-visually-hidden">[^<]*</span>', "", caption)
    section, _, left = text.partition('<span class="nhsuk-u-display-block nhsuk-u-font-size-16">')
    match = SECTION.match(section.strip())
    return (
        int(match.group(1) or 1),
        int(match.group(2) or 1),
        match.group(3).strip(),
        re.sub(r"<[^>]+>", "", left).strip(),
    )


def pages_left(left: str) -> int:
    if left == "This is the last page before you check your answers":
        return 0
    if left == "1 more page after this one":
        return 1
    match = re.fullmatch(r"About (\d+) more pages after this one", left)
    assert match, left
    return int(match.group(1))


@pytest.mark.hazard("HAZ-048")
@pytest.mark.parametrize("slug", HUBS)
def test_every_page_names_its_section_and_counts_down_to_the_last_page(client, slug):
    _, seen = walk(client, slug)
    shown = [parts(caption) for _, caption in seen]

    numbers = [number for number, _, _, _ in shown]
    counts = {count for _, count, _, _ in shown}
    assert numbers == sorted(numbers), "sections only go forwards"
    assert len(counts) == 1, f"the number of sections changed: {counts}"
    count = counts.pop()
    assert numbers[0] == 1 and numbers[-1] == count, "from the first section to the last"
    assert set(numbers) == set(range(1, count + 1)), "no section is skipped"
    # The sections the captions name are the sections of the pages actually asked.
    asked_sections = list(dict.fromkeys(page.section for page, _ in seen))
    assert list(dict.fromkeys(title for _, _, title, _ in shown)) == asked_sections
    assert len(asked_sections) == count

    left = [pages_left(text) for _, _, _, text in shown]
    assert left[-1] == 0, "the last page says it is the last"
    assert all(n > 0 for n in left[:-1])
    assert all(a > b for a, b in zip(left, left[1:], strict=False)), f"counts go down: {left}"
    # Follow-up pages count until ruled out, so the first count may be higher.
    assert left[0] >= len(seen) - 1, "nothing ahead was left out of the first count"


@pytest.mark.parametrize("slug", HUBS)
def test_headings_are_plain_words_and_never_an_instrument_name(client, slug):
    headings = []

    def heading(page, body):
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1)
        headings.append(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", h1)).strip())

    walk(client, slug, on_page=heading)
    named = [text for text in headings if INSTRUMENT_NAMES.search(text)]
    assert named == []
    assert len(headings) == len(set(headings)), "every page has its own heading"


def test_a_follow_up_question_counts_ahead_until_it_is_ruled_out(client):
    """Covid follow-ups are counted while the question they follow is unanswered, and
    dropped once it rules them out; the count never goes up."""
    hub = load_demo_hub("site-a")
    eligible(client, hub)
    journey = journey_of(client, hub)
    plan = pages.plan(hub, journey, timezone.localdate())
    infection = pages.find(plan, "covid-impact-2")
    follow_up = pages.find(plan, "covid-impact-3")
    before = pages.pages_to_come(plan, infection, stored_answers(journey))
    assert follow_up in before
    client.post(
        "/h/site-a/questions/covid-impact-1/", page_data(pages.find(plan, "covid-impact-1"))
    )
    client.post("/h/site-a/questions/covid-impact-2/", {"covid_infection": "no"})
    after = pages.pages_to_come(plan, pages.find(plan, "covid-impact-5"), stored_answers(journey))
    assert follow_up not in after and len(after) < len(before)


def test_the_returning_journey_and_the_referral_after_a_self_assessment_have_sections():
    from resiliencehub.intake.models import Journey, JourneyKind

    hub = load_demo_hub("site-c")
    today = timezone.localdate()
    for kind, referring in [
        (JourneyKind.RETURNING, False),
        (JourneyKind.SELF_ASSESSMENT, True),
        (JourneyKind.QUESTIONNAIRES, False),
    ]:
        journey = Journey(hub=hub, kind=kind, referring=referring, eligibility={})
        plan = pages.plan(hub, journey, today)
        first = pages.progress(plan, plan[0], {})
        answered = {f"page:{p.key}": True for p in plan[:-1]}
        for page in plan[:-1]:
            for item in page.items:
                value = item.options[0].value if item.options else "Nurse"
                answered[pages.answer_key(page.instrument, item)] = value
        last = pages.progress(plan, plan[-1], answered)
        assert first.number == 1 and last.number == last.count
        assert last.pages_left == 0
        # A section is never split: its pages are next to each other.
        runs = [p.section for i, p in enumerate(plan) if i == 0 or plan[i - 1].section != p.section]
        assert len(runs) == len(set(runs)), (kind, runs)


def test_every_questionnaire_a_hub_can_ask_has_plain_words_for_every_page():
    for definition in ALL:
        words = pages.WORDING.get(definition.id)
        assert words is not None, f"{definition.id} has no plain words for the journey"
        if definition.kind.value == "measure":
            groups = pages.instrument_pages(definition, set())
            assert len(words.headings) == len(groups), definition.id
            for page in groups:
                assert not INSTRUMENT_NAMES.search(page.title), page.title
    assert pages.wording(get_instrument("PHQ-9")).section == pages.FEELING


@pytest.mark.hazard("HAZ-048")
@pytest.mark.parametrize("slug", HUBS)
def test_check_answers_is_one_short_list_per_section(client, slug):
    _, seen = walk(client, slug)
    body = client.get(f"/h/{slug}/check-your-answers/").content.decode()
    headings = re.findall(r'<h2 class="nhsuk-heading-m">([^<]+)</h2>', body)
    asked_sections = list(dict.fromkeys(page.section for page, _ in seen))
    assert [h for h in headings if h in asked_sections] == asked_sections
    changes = re.findall(r'href="(/h/[^"]+/questions/[^"/]+/\?change=1)"', body)
    assert len(changes) == len(set(changes)), "one change link per detail or questionnaire"
    # One for each questionnaire, one for all the contact details, one for each other page.
    assert len(changes) == len({pages.change_group(page) for page, _ in seen})
    questionnaires = {page.instrument.id for page, _ in seen if page.instrument}
    for definition_id in questionnaires:
        words = pages.wording(get_instrument(definition_id))
        assert words.name in body
    assert not re.search(r"Change<span[^>]*> your answer to", body), "no row per item"


@pytest.mark.hazard("HAZ-048")
def test_a_change_link_walks_its_questionnaire_then_returns_and_keeps_every_answer(client):
    hub, _ = walk(client, "site-c")
    journey = journey_of(client, hub)
    before = stored_answers(journey)
    body = client.get("/h/site-c/check-your-answers/").content.decode()
    link = re.search(r'href="([^"]+)">Change<span[^>]*> your answers: about you<', body).group(1)
    assert link == "/h/site-c/questions/demographics-2/?change=1"
    plan = pages.plan(hub, journey, timezone.localdate())
    demographics = [p.key for p in pages.shown_pages(plan, before) if p.key.startswith("demo")]
    walked = []
    location = link
    for _ in range(20):
        if not location.startswith("/h/site-c/questions/"):
            break
        key = location.split("?")[0].rstrip("/").split("/")[-1]
        walked.append(key)
        page = client.get(location).content.decode()
        assert "About you and your work" in CAPTION.search(page).group(1)
        back = re.search(r'class="nhsuk-back-link"[^>]*href="([^"]+)"', page) or re.search(
            r'href="([^"]+)"[^>]*class="nhsuk-back-link', page
        )
        if len(walked) == 1:
            assert back.group(1) == "/h/site-c/check-your-answers/"
        else:
            assert back.group(1).endswith(f"/questions/{walked[-2]}/?change=1")
        choose = {"demographics:8": "bisexual"} if key == "demographics-8" else None
        data = fewest_answers(pages.find(plan, key), choose=choose)
        location = client.post(location, data)["Location"]
    assert walked == demographics
    assert location == "/h/site-c/check-your-answers/"
    after = stored_answers(journey_of(client, hub))
    assert after["demographics:8"] == "bisexual"
    assert {k: v for k, v in after.items() if k != "demographics:8"} == {
        k: v for k, v in before.items() if k != "demographics:8"
    }


def test_a_change_that_opens_a_follow_up_asks_it_before_returning(client):
    hub, _ = walk(client, "site-c")
    journey = journey_of(client, hub)
    stored = stored_answers(journey)
    assert "demographics:4" not in stored
    response = client.post(
        "/h/site-c/questions/demographics-3/?change=1", {"demographics_gender_same_as_birth": "no"}
    )
    assert response["Location"] == "/h/site-c/questions/demographics-4/?change=1"


@pytest.mark.hazard("HAZ-048")
def test_one_change_link_walks_every_contact_page_and_returns(client):
    hub, _ = walk(client, "site-b")
    body = client.get("/h/site-b/check-your-answers/").content.decode()
    for line in ("07700 900982", "zeb@example.org", "Zebedee Canary-Quill"):
        assert line in body, "every contact detail is on check-your-answers"
    location = re.search(
        r'href="([^"]+)">Change<span[^>]*> your name and contact details<', body
    ).group(1)
    walked = []
    for _ in range(10):
        if "/questions/" not in location:
            break
        walked.append(location)
        key = location.split("?")[0].rstrip("/").split("/")[-1]
        plan = pages.plan(hub, journey_of(client, hub), timezone.localdate())
        data = page_data(pages.find(plan, key))
        if key == "phone-number":
            data = {"phone": "07700 900555"}
        location = client.post(location, data)["Location"]
    assert [w.split("/")[-2] for w in walked] == [
        "your-name",
        "email-address",
        "phone-number",
        "how-to-contact-you",
    ]
    assert all(w.endswith("?change=1") for w in walked)
    assert location == "/h/site-b/check-your-answers/"
    assert "07700 900555" in client.get(location).content.decode()
