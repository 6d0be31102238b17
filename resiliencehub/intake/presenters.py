"""Display-ready data for the journey's templates."""

from django.urls import reverse
from django.utils.html import format_html
from markupsafe import Markup

from . import feedback, pages
from .forms import ContactPreferencesForm
from .models import JourneyResponse

WAY_LABELS = dict(ContactPreferencesForm.base_fields["ways"].choices)


def progress_caption(progress: pages.Progress) -> Markup:
    """The caption above a question page's heading (ADR 0032): the section, then how
    many pages are left. Inside the h1, so a screen reader hears it with the question."""
    if progress.count > 1:
        section = f"Section {progress.number} of {progress.count}: {progress.section}"
    else:
        section = progress.section
    if progress.pages_left == 0:
        left = "This is the last page before you check your answers"
    elif progress.pages_left == 1:
        left = "1 more page after this one"
    else:
        left = f"About {progress.pages_left} more pages after this one"
    return format_html(
        '{}<span class="nhsuk-u-visually-hidden">. </span>'
        '<span class="nhsuk-u-display-block nhsuk-u-font-size-16">{}</span>',
        section,
        left,
    )


def _change_href(page: pages.Page, hub_slug: str) -> str:
    return reverse("intake:question", kwargs={"slug": hub_slug, "page": page.key}) + "?change=1"


def _answered(group: list[pages.Page], stored: dict) -> str:
    """How many of the questions the person was asked in a questionnaire they answered
    (a question its skip rules or follow-up conditions left out is not counted)."""
    definition = group[0].instrument
    answers = pages.instrument_answers(definition, stored)
    asked = [
        item
        for page in group
        for item in page.items
        if pages.is_asked(definition, item, answers, stored)
    ]
    given = sum(1 for item in asked if answers.get(item.number) is not None)
    if len(asked) == 1:
        return "1 question answered" if given else "Not answered"
    if given == len(asked):
        return f"All {len(asked)} questions answered"
    return f"{given} of {len(asked)} questions answered"


def _questionnaire_row(group: list[pages.Page], stored: dict, hub_slug: str) -> dict:
    name = pages.wording(group[0].instrument).name
    return {
        "key": name,
        "value": _answered(group, stored),
        "href": _change_href(group[0], hub_slug),
        "hidden": f"your answers: {name[0].lower()}{name[1:]}",
    }


def _name_lines(stored: dict) -> list[str]:
    """The name given, and the name they would like to be called (blank if none)."""
    preferred = stored.get("contact:preferred_name")
    return [
        stored.get("contact:full_name", ""),
        f"We will call you {preferred}" if preferred else "",
    ]


def _contact_way_lines(stored: dict) -> list[str]:
    """How they may be contacted, and what they added about it (blank if nothing)."""
    ways = stored.get("contact:ways") or []
    notes = stored.get("contact:notes")
    return [
        ", ".join(WAY_LABELS[w] for w in ways if w in WAY_LABELS)
        or "Phone calls only, without leaving a message",
        f"About contacting you: {notes}" if notes else "",
    ]


def _contact_row(stored: dict, href: str) -> dict:
    """All the contact details in one row: the duty team relies on every line of it."""
    return {
        "key": "Name and contact details",
        "lines": [
            *_name_lines(stored),
            stored.get("contact:email", ""),
            stored.get("contact:phone", ""),
            *_contact_way_lines(stored),
        ],
        "href": href,
        "hidden": "your name and contact details",
    }


def _rows_for(page: pages.Page, stored: dict, hub_slug: str) -> list[dict]:
    """The summary rows of one page that is not part of a questionnaire."""
    href = _change_href(page, hub_slug)
    if page.kind == "consent":
        research = stored.get("consent:research")
        follow_up = stored.get("consent:follow_up")
        return [
            {
                "key": "How we use your information",
                "lines": [
                    "You agreed",
                    "Research: you agreed" if research else "Research: you did not agree",
                    "Checking in later: you agreed"
                    if follow_up
                    else "Checking in later: you did not agree",
                ],
                "href": href,
                "hidden": "your agreement, research and checking-in choices",
            }
        ]
    if page.kind == "contact-name":
        return [
            {
                "key": "Name",
                "lines": _name_lines(stored),
                "href": href,
                "hidden": "your name",
            }
        ]
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
        return [
            {
                "key": "How we can contact you",
                "lines": _contact_way_lines(stored),
                "href": href,
                "hidden": "how we can contact you",
            }
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
    """One summary list per section (ADR 0032): one row for all the contact details,
    and one row per questionnaire saying how many of its questions were answered; each
    "Change" link walks through what its row covers and comes back here."""
    sections: list[dict] = []
    groups: list[list[pages.Page]] = []
    for page in pages.shown_pages(plan, stored):
        if groups and pages.change_group(groups[-1][0]) == pages.change_group(page):
            groups[-1].append(page)
        else:
            groups.append([page])
    for group in groups:
        first = group[0]
        if first.instrument is not None:
            rows = [_questionnaire_row(group, stored, hub_slug)]
        elif pages.change_group(first) == "contact":
            rows = [_contact_row(stored, _change_href(first, hub_slug))]
        else:
            rows = _rows_for(first, stored, hub_slug)
        if not rows:
            continue
        if not sections or sections[-1]["title"] != first.section:
            sections.append({"title": first.section, "rows": []})
        sections[-1]["rows"].extend(rows)
    return sections


def contact_summary(stored: dict, hub_slug: str) -> list[dict]:
    rows = []
    for page in pages.contact_pages():
        rows += _rows_for(page, stored, hub_slug)
    return rows


def journey_risk(journey, *, can_refer_here: bool = True) -> feedback.RiskFeedback | None:
    """The risk lead for a journey's feedback: every administration it recorded, the
    superseded ones too (an answer changed after its alert was raised was still given)."""
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
    return feedback.risk_feedback(
        journey.hub, responses, reachable=reachable, can_refer_here=can_refer_here
    )


def journey_feedback(journey) -> list[feedback.MeasureFeedback]:
    responses = [
        row.response
        for row in JourneyResponse.objects.filter(journey=journey, superseded=False)
        .select_related("response")
        .order_by("id")
    ]
    return feedback.for_responses(responses)
