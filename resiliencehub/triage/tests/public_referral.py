"""A referral made the way a stranger makes one: through the public pages of a hub, giving
only what each page requires (no optional answer, no optional detail)."""

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


def fewest_answers(page: pages.Page) -> dict:
    """The least a page accepts: required details, and the first option of each required
    question (one of each group of alternatives, such as TAPS-1's questions by sex)."""
    if page.instrument is None:
        return dict(REQUIRED_DETAILS.get(page.kind, {}))
    scoring = page.instrument.scoring
    one_of_each = {min(group) for group in (scoring.alternatives if scoring else ())}
    data = {}
    for item in page.items:
        if item.optional and item.number not in one_of_each:
            continue
        name = pages.item_field(item)
        if item.answer_type is AnswerType.TEXT:
            data[name] = "Nurse"
        else:
            value = str(item.options[0].value)
            data[name] = [value] if item.repeats else value
    return data


def _answer_every_page(browser, hub) -> None:
    for _ in range(200):
        response = browser.get(reverse("intake:next", kwargs={"slug": hub.slug}))
        location = response["Location"]
        if "/questions/" not in location:
            return
        key = location.rstrip("/").split("/")[-1]
        plan = pages.plan(hub, journey_of(browser, hub), timezone.localdate())
        response = browser.post(location, fewest_answers(pages.find(plan, key)))
        assert response.status_code == 302, (key, response.content.decode()[:2000])
    raise AssertionError("the journey did not finish")


def refer_with_fewest_answers(hub) -> Referral:
    """Walk the hub's public journey in its own mode and return the referral it made."""
    browser = HttpClient()
    eligible(browser, hub)
    _answer_every_page(browser, hub)
    response = browser.post(f"/h/{hub.slug}/check-your-answers/")
    if response["Location"].endswith("/your-results/"):
        browser.post(f"/h/{hub.slug}/refer-yourself/", {"refer": "yes"})
        _answer_every_page(browser, hub)
        response = browser.post(f"/h/{hub.slug}/check-your-answers/")
    assert response["Location"].endswith("/sent/"), response["Location"]
    return Referral.objects.filter(hub=hub).latest("submitted_at")
