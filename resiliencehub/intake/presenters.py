"""Display-ready data for the journey's templates."""

from django.urls import reverse

from resiliencehub.instruments.model import AnswerType

from . import feedback, pages
from .answers import NA
from .forms import ContactPreferencesForm

WAY_LABELS = dict(ContactPreferencesForm.base_fields["ways"].choices)


def _item_value(page: pages.Page, item, stored: dict) -> str:
    value = stored.get(page.fields[pages.item_field(item)])
    if value is None:
        return "Not answered"
    if item.answer_type is AnswerType.TEXT:
        return str(value)
    if value == NA:
        return item.not_applicable or "Not applicable"
    values = value if isinstance(value, list) else [value]
    labels = []
    for each in values:
        option = next((o for o in item.options if o.value == each), None)
        labels.append(option.label if option else str(each))
    return ", ".join(labels)


def _rows_for(page: pages.Page, stored: dict, hub_slug: str) -> list[dict]:
    href = reverse("intake:question", kwargs={"slug": hub_slug, "page": page.key}) + "?change=1"
    if page.kind in ("item", "measure"):
        answers = pages.instrument_answers(page.instrument, stored)
        rows = []
        for item in page.items:
            if not pages.is_asked(page.instrument, item, answers, stored):
                continue
            label = item.text if page.kind == "item" else f"{item.display_label}. {item.text}"
            rows.append(
                {
                    "key": label,
                    "value": _item_value(page, item, stored),
                    "href": f"{href}#id_{pages.item_field(item)}",
                    "hidden": f"your answer to “{item.text}”",
                }
            )
        return rows
    if page.kind == "consent":
        research = stored.get("consent:research")
        return [
            {
                "key": "How we use your information",
                "value": "You agreed",
                "href": href,
                "hidden": "your agreement",
            },
            {
                "key": "Research",
                "value": "You agreed" if research else "You did not agree",
                "href": href,
                "hidden": "your research choice",
            },
        ]
    if page.kind == "contact-name":
        rows = [
            {
                "key": "Full name",
                "value": stored.get("contact:full_name", ""),
                "href": href,
                "hidden": "your name",
            }
        ]
        preferred = stored.get("contact:preferred_name")
        rows.append(
            {
                "key": "What we call you",
                "value": preferred or "Not given",
                "href": href + "#id_preferred_name",
                "hidden": "what we call you",
            }
        )
        return rows
    if page.kind == "contact-email":
        return [
            {
                "key": "Email address",
                "value": stored.get("contact:email", ""),
                "href": href,
                "hidden": "your email address",
            }
        ]
    if page.kind == "contact-phone":
        return [
            {
                "key": "Phone number",
                "value": stored.get("contact:phone", ""),
                "href": href,
                "hidden": "your phone number",
            }
        ]
    if page.kind == "contact-preferences":
        ways = stored.get("contact:ways") or []
        return [
            {
                "key": "Ways we can contact you",
                "value": ", ".join(WAY_LABELS[w] for w in ways if w in WAY_LABELS)
                or "Phone calls only, without leaving a message",
                "href": href,
                "hidden": "how we can contact you",
            },
            {
                "key": "About contacting you",
                "value": stored.get("contact:notes") or "Nothing added",
                "href": href + "#id_notes",
                "hidden": "what we should know about contacting you",
            },
        ]
    if page.kind == "reason":
        return [
            {
                "key": "What you would like help with",
                "value": stored.get("reason:text") or "Not given",
                "href": href,
                "hidden": "what you would like help with",
            }
        ]
    return []


def check_answer_sections(plan: list[pages.Page], stored: dict, hub_slug: str) -> list[dict]:
    sections: list[dict] = []
    for page in pages.shown_pages(plan, stored):
        rows = _rows_for(page, stored, hub_slug)
        if not rows:
            continue
        if not sections or sections[-1]["title"] != page.section:
            sections.append({"title": page.section, "rows": []})
        sections[-1]["rows"].extend(rows)
    return sections


def contact_summary(stored: dict, hub_slug: str) -> list[dict]:
    rows = []
    for page in pages.contact_pages():
        rows += _rows_for(page, stored, hub_slug)
    return rows


def journey_risk(journey) -> feedback.RiskFeedback | None:
    """The risk lead for a journey's feedback: every administration it recorded, the
    superseded ones too (an answer changed after its alert was raised was still given)."""
    from .models import JourneyResponse

    responses = [
        row.response
        for row in JourneyResponse.objects.filter(journey=journey, response__risk=True)
        .select_related("response")
        .order_by("id")
    ]
    if not responses:
        return None
    client = journey.client
    reachable = (client is not None and bool(client.phone or client.email)) or (
        journey.answers.filter(key="risk:callback_phone").exists()
    )
    return feedback.risk_feedback(journey.hub, responses, reachable=reachable)


def journey_feedback(journey) -> list[feedback.MeasureFeedback]:
    from .models import JourneyResponse

    responses = [
        row.response
        for row in JourneyResponse.objects.filter(journey=journey, superseded=False)
        .select_related("response")
        .order_by("id")
    ]
    return feedback.for_responses(responses)
