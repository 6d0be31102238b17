"""Given each demo hub on a 375 px phone, a keyworker who gives the fewest answers always
sees which section they are in and how many pages are left, and check-your-answers fits
in about four phone screens (issue 9, defect 8; ADR 0032)."""

import re

import pytest

from .test_intake_support import (  # noqa: F401 - fixtures
    STAFF,
    assert_accessible,
    continue_button,
    eligibility,
    intake_server_fixture,
    journeys_fixture,
    mailbox_fixture,
    page_key,
    person,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
FOUR_SCREENS = 4 * PHONE["height"] + 32  # about 2,700 px
SECTION = re.compile(r"^(?:Section (\d+) of (\d+): )?(.+)$")
LEFT = re.compile(r"About (\d+) more pages after this one|1 more page after this one")


CAPTION_PARTS = """caption => {
  const copy = caption.cloneNode(true);
  copy.querySelectorAll(".nhsuk-u-visually-hidden").forEach(el => el.remove());
  const left = copy.querySelector(".nhsuk-u-display-block");
  const leftText = left ? left.textContent.trim() : "";
  if (left) left.remove();
  return [copy.textContent.trim(), leftText];
}"""


def fill_only_what_is_required(page, who: dict) -> None:
    """Submit the page empty; answer only the questions the error summary names (radios
    with their first option, so AUDIT's skip rules leave out the drinking pages)."""
    url = page.url
    continue_button(page).click()
    page.wait_for_load_state()
    if page.url != url:
        return
    targets = page.eval_on_selector_all(
        ".nhsuk-error-summary a", "links => links.map(a => a.getAttribute('href').slice(1))"
    )
    texts = {"full_name": who["name"], "email": who["email"], "phone": who["phone"]}
    for target in targets:
        field = page.locator(f"[id='{target}']")
        kind = field.get_attribute("type")
        name = field.get_attribute("name")
        if kind in ("radio", "checkbox"):
            field.check()
        else:
            field.fill(texts.get(name, "Staff nurse"))
    continue_button(page).click()
    page.wait_for_load_state()


def walk_with_fewest_answers(page, who: dict) -> list[tuple[str, str, str]]:
    """Every question page until check-your-answers: (page key, section caption, pages
    left) as the page shows them in its heading."""
    seen = []
    for _ in range(80):
        if "/help-now/" in page.url:
            continue_button(page).click()
            page.wait_for_load_state()
            continue
        if "/questions/" not in page.url:
            return seen
        caption = page.locator("h1 .nhsuk-caption-l")
        assert caption.count() == 1, f"{page_key(page)}: no section caption in the heading"
        assert caption.is_visible()
        section, left = caption.evaluate(CAPTION_PARTS)
        seen.append((page_key(page), section, left))
        fill_only_what_is_required(page, who)
    raise AssertionError("the journey did not reach check-your-answers")


@pytest.mark.hazard("HAZ-048")
@pytest.mark.parametrize("slug", ["site-a", "site-b", "site-c", "site-d"])
def test_every_question_page_says_where_you_are_and_check_answers_fits_a_phone(
    journeys, intake_server, slug
):
    """Given a 375 px phone, when a keyworker answers only what is required, then every
    question page names its section and the pages left, counting down to 'last page',
    and check-your-answers is at most about four screens tall."""
    journey = journeys()
    page = journey.open(viewport=PHONE)
    who = person(f"{slug}-progress")
    eligibility(page, slug, STAFF, audit=False)
    seen = walk_with_fewest_answers(page, who)
    assert len(seen) > 5

    numbers = []
    for key, section, left in seen:
        match = SECTION.match(section)
        assert match, f"{key}: caption {section!r}"
        numbers.append((int(match.group(1) or 1), int(match.group(2) or 1)))
        assert LEFT.fullmatch(left) or left.startswith("This is the last page"), (key, left)
    assert [n for n, _ in numbers] == sorted(n for n, _ in numbers), "sections go forwards"
    assert numbers[-1][0] == numbers[-1][1], "the last page is in the last section"
    assert seen[-1][2] == "This is the last page before you check your answers"
    assert all("last page" not in left for _, _, left in seen[:-1])
    for key, section, _ in seen:
        assert not re.search(r"PHQ|GAD|WSAS|AUDIT|PCL|ITQ|TAPS|part \d of", section), key

    assert page.url.endswith("/check-your-answers/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= FOUR_SCREENS, f"{slug}: check-your-answers is {height}px tall at 375px"
    headings = page.locator("main h2").all_inner_texts()
    sections_asked = list(dict.fromkeys(SECTION.match(s).group(3) for _, s, _ in seen))
    assert [h for h in headings if h in sections_asked] == sections_asked
    assert_accessible(page, f"{slug} check answers at 375px")
    journey.close()


@pytest.mark.hazard("HAZ-048")
def test_a_change_link_walks_its_questionnaire_and_returns_to_check_answers(
    journeys, intake_server
):
    """Given site C's check-your-answers, when the keyworker changes their answers about
    themselves, then they see each of those pages with the section caption (axe-checked)
    and come back to check-your-answers with nothing lost."""
    journey = journeys()
    page = journey.open(viewport=PHONE)
    who = person("site-c-change")
    eligibility(page, "site-c", STAFF, audit=False)
    walk_with_fewest_answers(page, who)
    before = page.locator("main .nhsuk-summary-list").all_inner_texts()
    page.get_by_role("link", name="Change your answers: about you").click()
    page.wait_for_load_state()
    walked = []
    for _ in range(20):
        if page.url.endswith("/check-your-answers/"):
            break
        assert "?change=1" in page.url
        walked.append(page_key(page))
        assert "About you and your work" in page.locator("h1 .nhsuk-caption-l").inner_text()
        if len(walked) == 1:
            assert_accessible(page, "a question page reached from Change, at 375px")
        continue_button(page).click()
        page.wait_for_load_state()
    assert walked and all(key.startswith("demographics-") for key in walked)
    assert page.url.endswith("/check-your-answers/")
    assert page.locator("main .nhsuk-summary-list").all_inner_texts() == before
    journey.close()
