"""Walking the public journey with the Django test client, page by page."""

from django.urls import reverse
from django.utils import timezone

from resiliencehub.instruments.model import AnswerType
from resiliencehub.intake import pages
from resiliencehub.intake.models import Journey

CONTACT = {
    "full_name": "Zebedee Canary-Quill",
    "preferred_name": "Zeb",
    "email": "zeb@example.org",
    "phone": "07700 900982",
    "ways": ["email", "text"],
    "notes": "Not before 10am",
}

STAFF_ELIGIBILITY = {
    "who": "staff",
    "age": "35-to-44",
    "sector": "nhs",
    "condition": "yes",
    "critical_care": "yes",
    "region": "yes",
}


def eligible(client, hub, answers=None, campaign: str = ""):
    """Answer the eligibility questions; returns the last response."""
    answers = {**STAFF_ELIGIBILITY, **(answers or {})}
    url = reverse("intake:eligibility", kwargs={"slug": hub.slug, "key": "who"})
    if campaign:
        client.get(url + f"?c={campaign}")
    response = client.get(url)
    for _ in range(10):
        key = response.request["PATH_INFO"].rstrip("/").split("/")[-1]
        response = client.post(
            reverse("intake:eligibility", kwargs={"slug": hub.slug, "key": key}),
            {"answer": answers[key]},
        )
        if response.status_code != 302 or "/eligibility/" not in response["Location"]:
            return response
        response = client.get(response["Location"])
    raise AssertionError("eligibility did not finish")


def page_data(page: pages.Page, risky: bool = False, choose: dict | None = None) -> dict:
    """Valid answers for one page: the first option of each item unless told otherwise."""
    choose = choose or {}
    if page.kind == "consent":
        return {"agree": ["yes"], "research": ["yes"]}
    if page.kind == "contact-name":
        return {"full_name": CONTACT["full_name"], "preferred_name": CONTACT["preferred_name"]}
    if page.kind == "contact-email":
        return {"email": CONTACT["email"]}
    if page.kind == "contact-phone":
        return {"phone": CONTACT["phone"]}
    if page.kind == "contact-preferences":
        return {"ways": CONTACT["ways"], "notes": CONTACT["notes"]}
    if page.kind == "reason":
        return {"reason": "Sleeping badly since the winter."}
    if page.kind == "confirm-details":
        return {}
    data = {}
    for item in page.items:
        name = pages.item_field(item)
        key = f"{page.instrument.id}:{item.number}"
        if key in choose:
            value = choose[key]
        elif risky and item.risk_if is not None:
            value = item.risk_if.minimum
        elif item.answer_type is AnswerType.TEXT:
            value = "Nurse"
        else:
            value = item.options[0].value
        if item.repeats:
            data[name] = [str(value)]
        else:
            data[name] = str(value)
    return data


def journey_of(client, hub) -> Journey:
    from resiliencehub.intake import journeys, links

    return journeys.journey_for_secret(hub, client.cookies[links.cookie_name()].value)


def answer_until(client, hub, stop_at=None, risky=False, choose=None, limit=200):
    """Answer each next page until the check-answers page (or `stop_at` page key).

    Returns the last response (a redirect to the page where it stopped).
    """
    response = None
    for _ in range(limit):
        journey = journey_of(client, hub)
        response = client.get(reverse("intake:next", kwargs={"slug": hub.slug}))
        location = response["Location"]
        if "/questions/" not in location:
            return response
        key = location.rstrip("/").split("/")[-1]
        if stop_at and key == stop_at:
            return response
        plan = pages.plan(hub, journey, timezone.localdate())
        page = pages.find(plan, key)
        response = client.post(location, page_data(page, risky=risky, choose=choose))
        assert response.status_code == 302, (key, response.content.decode()[:3000])
        if "/help-now/" in response["Location"]:
            client.post(response["Location"], {})
    if limit < 200:
        return response
    raise AssertionError("journey did not finish")
