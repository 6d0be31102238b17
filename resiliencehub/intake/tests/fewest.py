"""Journeys a stranger makes through a hub's public pages, generated from the hub's own
configuration, with the fewest optional answers.

Every page is reached by following the product's redirects and answered with only what
the page shows and requires: the first option of each required question, one of each
group of alternatives (such as TAPS-1's questions by sex), and the optional questions
its error summary asks for after all. `choose` names answers to give even if optional
("PHQ-9:9" for item 9 of the PHQ-9); with `risk`, each risk question gets the lowest
answer that raises an alert. The text of each page seen is kept, so a test can ask what
the person was told (for example, that an email will follow).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from resiliencehub.instruments.model import AnswerType
from resiliencehub.intake import pages
from resiliencehub.records.models import Referral

from .helpers import CONTACT, eligible, journey_of


def _value(item, chosen, risk: bool):
    if chosen is not None:
        return chosen
    if risk and item.risk_if is not None and item.risk_if.minimum is not None:
        return item.risk_if.minimum
    if item.answer_type is AnswerType.TEXT:
        return "Nurse"
    if item.options:
        return item.options[0].value
    return item.minimum if item.minimum is not None else 1


def fewest_answers(
    page: pages.Page,
    *,
    shown: set[str] | None = None,
    ways: Sequence[str] = (),
    choose: dict | None = None,
    risk: bool = False,
    asked: frozenset = frozenset(),
) -> dict:
    """Only what the page requires. `shown` is the set of field names the page showed,
    when known: only those are answered. `ways` are the contact methods the person agrees
    to; `choose` maps "INSTRUMENT-ID:item-number" to an answer given even if optional;
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
        return {"ways": list(ways)} if ways else {}
    if page.instrument is None:
        return {}
    choose = choose or {}
    scoring = page.instrument.scoring
    on_page = [i for i in page.items if shown is None or pages.item_field(i) in shown]
    numbers = {i.number for i in on_page}
    one_of_each = {
        min(set(group) & numbers)
        for group in (scoring.alternatives if scoring else ())
        if set(group) & numbers
    }
    data = {}
    for item in on_page:
        name = pages.item_field(item)
        chosen = choose.get(f"{page.instrument.id}:{item.number}")
        wanted = chosen is not None or item.number in one_of_each or name in asked
        if item.optional and not wanted:
            continue
        value = _value(item, chosen, risk)
        data[name] = [str(value)] if item.repeats else str(value)
    return data


def _asked_for(page: pages.Page, html: str) -> frozenset:
    """The fields an error summary links to, as a person following it would answer."""
    anchors = re.findall(r"nhsuk-error-summary__list.*?</ul>", html, flags=re.S)
    targets = re.findall(r'href="#(?:id_)?([^"]+)"', anchors[0]) if anchors else []
    names = {pages.item_field(item) for item in page.items}
    return frozenset(n for n in names if any(t == n or t.startswith(n + "-") for t in targets))


def _errors(html: str) -> str:
    """The error summary of a page that refused its answers, in words."""
    found = re.search(r"nhsuk-error-summary.*?</div>", html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else html[:2000]


@dataclass
class Walk:
    """A stranger's journey at `hub`, and what they saw: each page's path and text in
    `seen`, and each question page with its text in `questions`. On the crisis page they
    leave `callback` as a number to call back (or nothing)."""

    hub: object
    browser: HttpClient = field(default_factory=HttpClient)
    ways: Sequence[str] = ()
    choose: dict | None = None
    risk: bool = False
    callback: str = ""
    seen: list[tuple[str, str]] = field(default_factory=list)
    questions: list[tuple[pages.Page, str]] = field(default_factory=list)

    def get(self, path: str):
        response = self.browser.get(path)
        if response.status_code == 200:
            self.seen.append((path, response.content.decode()))
        return response

    @property
    def last_page(self) -> str:
        return self.seen[-1][1]

    @property
    def referral(self) -> Referral:
        """The latest referral made at the hub (the one this journey sent)."""
        return Referral.objects.filter(hub=self.hub).latest("submitted_at", "pk")

    def answer(self, location: str) -> None:
        """Answer one question page with the fewest answers, retrying with the optional
        questions its error summary asks for; then leave the crisis page if sent there."""
        key = location.rstrip("/").split("/")[-1]
        plan = pages.plan(self.hub, journey_of(self.browser, self.hub), timezone.localdate())
        page = pages.find(plan, key)
        response = self.get(location)
        assert response.status_code == 200, (key, response.status_code)
        html = response.content.decode()
        self.questions.append((page, html))
        shown = set(re.findall(r'name="([^"]+)"', html))
        asked = frozenset()
        for _ in range(3):
            answers = fewest_answers(
                page, shown=shown, ways=self.ways, choose=self.choose, risk=self.risk, asked=asked
            )
            response = self.browser.post(location, answers)
            if response.status_code != 200:
                break
            asked = asked | _asked_for(page, response.content.decode())
        assert response.status_code == 302, (key, _errors(response.content.decode()))
        if "/help-now/" in response["Location"]:
            assert self.get(response["Location"]).status_code == 200
            self.browser.post(
                response["Location"], {"phone": self.callback} if self.callback else {}
            )

    def answer_pages(self) -> str:
        """Answer each next page until no question is left; returns where the journey
        goes then (check-your-answers, usually)."""
        for _ in range(200):
            location = self.browser.get(reverse("intake:next", kwargs={"slug": self.hub.slug}))
            if "/questions/" not in location["Location"]:
                return location["Location"]
            self.answer(location["Location"])
        raise AssertionError("the journey did not finish")

    def submit(self) -> str:
        """Answer every question and send them from check-your-answers; returns the
        landing page (seen, so its text is kept)."""
        check = self.answer_pages()
        assert check.endswith("/check-your-answers/"), check
        assert self.get(check).status_code == 200
        landing = self.browser.post(check)["Location"]
        self.get(landing)
        return landing


def refer_with_fewest_answers(
    hub,
    *,
    ways: Sequence[str] = (),
    choose: dict | None = None,
    risk: bool = False,
    callback: str = "",
    browser: HttpClient | None = None,
) -> Walk:
    """A stranger refers themselves at `hub` (a self-assessment first, then a referral
    where the hub works that way) and lands on the "sent" page. `choose`, `risk` and
    `callback` apply to the first questionnaires sent; the referral after a
    self-assessment is answered plainly. `walk.referral` is the referral made."""
    walk = Walk(
        hub, browser or HttpClient(), ways=ways, choose=choose, risk=risk, callback=callback
    )
    eligible(walk.browser, hub)
    landing = walk.submit()
    if landing.endswith("/your-results/"):
        walk.choose, walk.risk, walk.callback = None, False, ""
        walk.browser.post(reverse("intake:refer", kwargs={"slug": hub.slug}), {"refer": "yes"})
        landing = walk.submit()
    assert landing.endswith("/sent/"), landing
    return walk
