"""A referral made the way a stranger makes one: through the public pages of a hub, giving
only what each page requires (no optional answer, no optional detail)."""

import re

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from resiliencehub.instruments.model import AnswerType
from resiliencehub.intake import pages
from resiliencehub.intake.models import Referral
from resiliencehub.intake.tests.helpers import eligible, journey_of

REQUIRED_DETAILS = {
    "consent": {"agree": ["yes"]},
    "contact-name": {"full_name": "Ada Fewest"},
    "contact-email": {"email": "ada.fewest@example.org"},
    "contact-phone": {"phone": "07700 900982"},
}


def fewest_answers(page: pages.Page, risk: bool = False, shown=None) -> dict:
    """The least a page accepts: required details, and the first option of each required
    question (one of each group of alternatives, such as TAPS-1's questions by sex); with
    `risk`, the lowest answer to each risk question that raises an alert. `shown` is the
    set of field names the page showed, when known: only those are answered."""
    if page.instrument is None:
        return dict(REQUIRED_DETAILS.get(page.kind, {}))
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
        if item.optional and item.number not in one_of_each:
            continue
        name = pages.item_field(item)
        if item.answer_type is AnswerType.TEXT:
            data[name] = "Nurse"
        else:
            value = str(item.options[0].value)
            if risk and item.risk_if is not None and item.risk_if.minimum is not None:
                value = str(item.risk_if.minimum)
            data[name] = [value] if item.repeats else value
    return data


def _answer_every_page(browser, hub, risk: bool = False) -> None:
    for _ in range(200):
        response = browser.get(reverse("intake:next", kwargs={"slug": hub.slug}))
        location = response["Location"]
        if "/questions/" not in location:
            return
        key = location.rstrip("/").split("/")[-1]
        plan = pages.plan(hub, journey_of(browser, hub), timezone.localdate())
        shown = set(re.findall(r'name="([^"]+)"', browser.get(location).content.decode()))
        response = browser.post(location, fewest_answers(pages.find(plan, key), risk, shown))
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        if "/help-now/" in response["Location"]:
            browser.post(response["Location"], {})
    raise AssertionError("the journey did not finish")


def refer_with_fewest_answers(hub, risk: bool = False) -> Referral:
    """Walk the hub's public journey in its own mode and return the referral it made
    (with `risk`, answering each risk question so that it raises a duty alert)."""
    browser = HttpClient()
    eligible(browser, hub)
    _answer_every_page(browser, hub, risk)
    response = browser.post(f"/h/{hub.slug}/check-your-answers/")
    if response["Location"].endswith("/your-results/"):
        browser.post(f"/h/{hub.slug}/refer-yourself/", {"refer": "yes"})
        _answer_every_page(browser, hub)
        response = browser.post(f"/h/{hub.slug}/check-your-answers/")
    assert response["Location"].endswith("/sent/"), response["Location"]
    return Referral.objects.filter(hub=hub).latest("submitted_at")
