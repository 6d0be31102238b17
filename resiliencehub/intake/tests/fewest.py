"""A stranger's public journey with the fewest optional answers, from the hub's own pages.

Every page is reached by following the product's redirects and answered with only what
the page requires; the text of each page seen is kept, so a test can ask what the
person was told (for example, that an email will follow).
"""

import re
from dataclasses import dataclass, field

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from resiliencehub.instruments.model import AnswerType
from resiliencehub.intake import pages

from .helpers import CONTACT, eligible, journey_of


@dataclass
class Walk:
    """What a stranger saw: each page's path and text, in order."""

    browser: HttpClient
    seen: list[tuple[str, str]] = field(default_factory=list)

    def get(self, path: str):
        response = self.browser.get(path)
        if response.status_code == 200:
            self.seen.append((path, response.content.decode()))
        return response

    @property
    def last_page(self) -> str:
        return self.seen[-1][1]


def _answer(item):
    if item.answer_type is AnswerType.TEXT:
        value = "Nurse"
    elif item.options:
        value = item.options[0].value
    else:
        value = item.minimum if item.minimum is not None else 1
    return [str(value)] if item.repeats else str(value)


def fewest_answers(page: pages.Page, ways: list[str], asked: frozenset = frozenset()) -> dict:
    """Only what the page requires; `ways` are the contact methods the person agrees to.
    `asked` names optional fields the page's error summary asked for after all."""
    if page.kind == "consent":
        return {"agree": ["yes"]}
    if page.kind == "contact-name":
        return {"full_name": CONTACT["full_name"]}
    if page.kind == "contact-email":
        return {"email": CONTACT["email"]}
    if page.kind == "contact-phone":
        return {"phone": CONTACT["phone"]}
    if page.kind == "contact-preferences":
        return {"ways": ways} if ways else {}
    if page.kind in ("reason", "confirm-details"):
        return {}
    return {
        pages.item_field(item): _answer(item)
        for item in page.items
        if not item.optional or pages.item_field(item) in asked
    }


def _asked_for(page: pages.Page, html: str) -> frozenset:
    """The fields an error summary links to, as a person following it would answer."""
    anchors = re.findall(r"nhsuk-error-summary__list.*?</ul>", html, flags=re.S)
    targets = re.findall(r'href="#(?:id_)?([^"]+)"', anchors[0]) if anchors else []
    names = {pages.item_field(item) for item in page.items}
    return frozenset(n for n in names if any(t == n or t.startswith(n + "-") for t in targets))


def _answer_pages(walk: Walk, hub, ways: list[str]) -> str:
    """Answer each next page; returns where the journey goes when no question is left."""
    for _ in range(200):
        location = walk.browser.get(reverse("intake:next", kwargs={"slug": hub.slug}))["Location"]
        if "/questions/" not in location:
            return location
        walk.get(location)
        key = location.rstrip("/").split("/")[-1]
        plan = pages.plan(hub, journey_of(walk.browser, hub), timezone.localdate())
        page = pages.find(plan, key)
        asked = frozenset()
        for _ in range(3):
            response = walk.browser.post(location, fewest_answers(page, ways, asked))
            if response.status_code != 200:
                break
            asked = asked | _asked_for(page, response.content.decode())
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        if "/help-now/" in response["Location"]:
            walk.get(response["Location"])
            walk.browser.post(response["Location"], {})
    raise AssertionError("the journey did not finish")


def _submit(walk: Walk, hub, ways: list[str]) -> str:
    check = _answer_pages(walk, hub, ways)
    assert check.endswith("/check-your-answers/"), check
    walk.get(check)
    landing = walk.browser.post(check)["Location"]
    walk.get(landing)
    return landing


def refer_with_fewest_answers(hub, ways: list[str], browser: HttpClient | None = None) -> Walk:
    """A stranger refers themselves at `hub` (a self-assessment first, then a referral
    where the hub works that way) and lands on the "sent" page."""
    walk = Walk(browser or HttpClient())
    eligible(walk.browser, hub)
    landing = _submit(walk, hub, ways)
    if landing.endswith("/your-results/"):
        walk.browser.post(reverse("intake:refer", kwargs={"slug": hub.slug}), {"refer": "yes"})
        landing = _submit(walk, hub, ways)
    assert landing.endswith("/sent/"), landing
    return walk


def answer_questionnaires(walk: Walk, hub) -> str:
    """Answer an invited client's questionnaires and send them; returns the landing page."""
    return _submit(walk, hub, [])
