"""Given only a keyboard, a keyworker refers themselves to site B from its home page to
the confirmation, and focus is always visible and never hidden (quality.md A3)."""

import pytest

from .test_intake_support import (  # noqa: F401 - fixtures
    intake_server_fixture,
    journeys_fixture,
    mailbox_fixture,
    page_key,
    person,
    shell,
)

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const labels = el.labels ? [...el.labels] : [];
  const unobscured = !!hit && (hit === el || el.contains(hit) || hit.contains(el)
    || labels.some(l => l === hit || l.contains(hit)));
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
    value: el.value || "", checked: !!el.checked, text: (el.innerText || "").trim(),
    inForm: !!el.closest("main form"), visible: el.matches(":focus-visible"),
    inViewport: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    unobscured,
  };
}"""


def focus(page) -> dict:
    state = page.evaluate(FOCUSED)
    assert state is not None, f"{page.url}: focus was lost"
    where = f"{page.url} {state['tag']} {state['name']} {state['text'][:30]}"
    assert state["visible"], f"{where}: focus is not visible"
    assert state["inViewport"] and state["unobscured"], f"{where}: focus is hidden"
    return state


def enter(page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def press_tab_until(page, wanted, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus(page)
        if wanted(state):
            return state
    raise AssertionError(f"{page.url}: never reached the wanted control by Tab")


def answer_by_keyboard(page, who: dict, choose: dict) -> None:
    """Fill one question page and submit it, using Tab, Shift+Tab, arrows, Space, Enter."""
    answered: set = set()
    texts = {
        "full_name": who["name"],
        "email": who["email"],
        "phone": who["phone"],
        "occupation_role": "Healthcare assistant",
        "answer": None,
    }
    for _ in range(80):
        page.keyboard.press("Tab")
        state = focus(page)
        if not state["inForm"]:
            continue
        name = state["name"]
        if state["type"] == "radio" and name not in answered:
            if name in choose:
                for _ in range(20):
                    if page.evaluate(FOCUSED)["value"] == choose[name]:
                        break
                    page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            assert page.evaluate("document.activeElement.checked")
            answered.add(name)
        elif state["type"] == "checkbox" and name in ("agree", "ways") and not state["checked"]:
            if name == "ways" and state["value"] != "email":
                continue
            page.keyboard.press("Space")
            answered.add(name)
        elif state["tag"] in ("input", "textarea") and state["type"] in (
            "text",
            "email",
            "tel",
            "textarea",
        ):
            if texts.get(name) and not state["value"]:
                page.keyboard.type(texts[name])
        elif state["tag"] == "button":
            enter(page)
            return
    raise AssertionError(f"{page.url}: no submit button reached")


def test_a_whole_referral_by_keyboard_alone(journeys, intake_server):
    journey = journeys()
    page = journey.page
    who = person("site-b-keyboard")
    page.goto("/h/site-b/")
    press_tab_until(page, lambda s: s["tag"] == "a" and s["text"] == "Refer yourself")
    enter(page)
    press_tab_until(page, lambda s: s["tag"] == "a" and s["text"] == "Start now")
    # Shift+Tab moves back and forward again without losing the place.
    page.keyboard.press("Shift+Tab")
    focus(page)
    press_tab_until(page, lambda s: s["tag"] == "a" and s["text"] == "Start now")
    enter(page)
    choose = {"answer": None}
    eligibility = {"who": "staff", "age": "35-to-44", "sector": "nhs", "region": "yes"}
    for _ in range(10):
        if "/eligibility/" not in page.url:
            break
        answer_by_keyboard(page, who, {"answer": eligibility[page_key(page)]})
    pages = []
    for _ in range(40):
        if "/questions/" not in page.url:
            break
        pages.append(page_key(page))
        answer_by_keyboard(page, who, choose)
    assert pages[0] == "your-privacy" and "occupation-4" in pages
    assert page.locator("h1").inner_text().startswith("Check your answers")
    press_tab_until(page, lambda s: s["tag"] == "button" and s["text"] == "Send referral")
    enter(page)
    assert page.locator(".nhsuk-panel__heading").inner_text() == "Referral sent"
    found = shell(
        intake_server,
        "from resiliencehub.intake.models import Client; "
        f"print(sum(1 for c in Client.objects.all() if c.email == '{who['email']}'))",
    )
    assert found == "1"
    journey.close()
