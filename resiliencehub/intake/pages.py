"""The pages of a journey, worked out from the hub's configuration and the answers so far.

Decisions (ADR 0010): personal details and the unscored question sets are asked one
question per page; a scored measure is one page per item set (the whole PHQ-9, or one
printed section of the ITQ), because its items share one stem and one set of options
and are meant to be read together. AUDIT's skip rules become page breaks, so a person
who never drinks is not shown questions about drinking.

Pages are grouped into a few sections named in plain words ("How you have been
feeling"); every question page says which section it is in and how many pages are
left, and check-your-answers has one summary list per section (ADR 0032).
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from resiliencehub.hub.models import Hub, ScreeningMode
from resiliencehub.instruments import Instrument, Item, get_instrument
from resiliencehub.instruments.model import InstrumentKind
from resiliencehub.records.answers import from_json

from .eligibility import prefilled_answers
from .models import Journey, JourneyKind

PROFILE_SETS = frozenset({"demographics", "occupation"})
"""Question sets sent with a referral; everything else is a questionnaire."""

PRIVACY = "Your privacy"
CONTACT = "Your contact details"
ABOUT = "About you and your work"
FEELING = "How you have been feeling"
SUBSTANCES = "Alcohol, smoking and drugs"
PANDEMIC = "COVID-19 and you"
REFERRAL = "Your referral"


@dataclass(frozen=True)
class Wording:
    """How the public journey names a questionnaire in plain words (never the
    instrument's name): the section it is asked in, its row on check-your-answers, and
    for a measure one heading per page (one, or one per printed part)."""

    section: str
    name: str
    headings: tuple[str, ...] = ()


WORDING: dict[str, Wording] = {
    "demographics": Wording(ABOUT, "About you"),
    "occupation": Wording(ABOUT, "Your work"),
    "previous-support": Wording(ABOUT, "Support you have had before"),
    "PHQ-9": Wording(FEELING, "Your mood", ("Your mood over the last 2 weeks",)),
    "GAD-7": Wording(FEELING, "Worry and anxiety", ("Worry and anxiety over the last 2 weeks",)),
    "CORE-10": Wording(FEELING, "How you have been", ("How you have been over the last week",)),
    "WSAS": Wording(
        FEELING, "Work and daily life", ("How your problems affect your work and daily life",)
    ),
    "PCL-5": Wording(
        FEELING, "After a stressful experience", ("Problems after a very stressful experience",)
    ),
    "ITQ": Wording(
        FEELING,
        "After a stressful experience",
        (
            "Problems after a stressful experience",
            "How these problems have affected your life",
            "How you feel about yourself and other people",
            "How these feelings have affected your life",
        ),
    ),
    "pre-pandemic-wellbeing": Wording(FEELING, "Before the pandemic"),
    "AUDIT": Wording(
        SUBSTANCES,
        "Drinking alcohol",
        (
            "How often you drink alcohol",
            "How much you drink",
            "Your drinking over the last year",
            "Injuries and other people's concern about your drinking",
        ),
    ),
    "AUDIT-C": Wording(
        SUBSTANCES, "Drinking alcohol", ("How often you drink alcohol", "How much you drink")
    ),
    "TAPS-1": Wording(
        SUBSTANCES,
        "Smoking, alcohol and drugs",
        ("Smoking, alcohol and drugs in the last 12 months",),
    ),
    "covid-impact": Wording(PANDEMIC, "The COVID-19 pandemic"),
    "follow-up-service-use": Wording("Support you have had", "Support since your questionnaires"),
    "FFT": Wording(
        "Your experience of the service",
        "Your experience of the service",
        ("Your experience of the service",),
    ),
}
"""Every questionnaire a hub can ask in the journey (a test checks each has its words)."""


def wording(definition: Instrument) -> Wording:
    """The plain words for `definition`; a hub's own variant of a question set takes its
    base set's words, and a set with none is named by its own (plain) title."""
    base = (definition.derived_from or "").split("|")[0]
    found = WORDING.get(definition.id) or WORDING.get(base)
    if found is not None:
        return found
    if definition.kind is InstrumentKind.QUESTION_SET:
        return Wording(definition.title, definition.title)
    return Wording(FEELING, definition.short_title, (definition.short_title,))


def _heading(definition: Instrument, index: int, count: int) -> str:
    headings = wording(definition).headings or (definition.short_title,)
    if len(headings) == count:
        return headings[index - 1]
    return headings[0] + (f" ({index} of {count})" if count > 1 else "")


CONTACT_KEYS = {
    "full_name": "contact:full_name",
    "preferred_name": "contact:preferred_name",
    "email": "contact:email",
    "phone": "contact:phone",
    "ways": "contact:ways",
    "notes": "contact:notes",
}


@dataclass(frozen=True)
class Page:
    key: str
    kind: str
    title: str
    section: str
    instrument: Instrument | None = None
    items: tuple[Item, ...] = ()
    part: tuple[int, int] | None = None
    fields: dict[str, str] = field(default_factory=dict)
    """Form field name -> answer key."""


def answer_key(instrument: Instrument, item: Item) -> str:
    return f"{instrument.id}:{item.number}"


def item_field(item: Item) -> str:
    """The form field name: the item's link id, so no name repeats in a journey (A5)."""
    return item.link_id.replace(".", "_").replace("-", "_")


def contact_pages() -> list[Page]:
    section = CONTACT
    return [
        Page(
            "your-name",
            "contact-name",
            "What is your name?",
            section,
            fields={
                "full_name": CONTACT_KEYS["full_name"],
                "preferred_name": CONTACT_KEYS["preferred_name"],
            },
        ),
        Page(
            "email-address",
            "contact-email",
            "What is your email address?",
            section,
            fields={"email": CONTACT_KEYS["email"]},
        ),
        Page(
            "phone-number",
            "contact-phone",
            "What is your phone number?",
            section,
            fields={"phone": CONTACT_KEYS["phone"]},
        ),
        Page(
            "how-to-contact-you",
            "contact-preferences",
            "How can we contact you?",
            section,
            fields={"ways": CONTACT_KEYS["ways"], "notes": CONTACT_KEYS["notes"]},
        ),
    ]


CONTACT_PAGE_KEYS = frozenset(page.key for page in contact_pages())

CONSENT_PAGE = Page(
    "your-privacy",
    "consent",
    "How we use your information",
    PRIVACY,
    fields={
        "agree": "consent:agree",
        "research": "consent:research",
        "follow_up": "consent:follow_up",
    },
)
REASON_PAGE = Page(
    "what-you-would-like-help-with",
    "reason",
    "What would you like help with?",
    REFERRAL,
    fields={"reason": "reason:text"},
)
CONFIRM_DETAILS_PAGE = Page(
    "check-your-details", "confirm-details", "Are your details still correct?", CONTACT
)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _measure_breaks(definition: Instrument) -> list[list[Item]]:
    """Item sets for a measure's pages: a new page at each printed section and around
    each skip rule's skipped items."""
    starts = {definition.items[0].number}
    for item in definition.items:
        if item.section:
            starts.add(item.number)
    scoring = definition.scoring
    for rule in scoring.skips if scoring else ():
        starts.add(min(rule.skipped_items))
        after = max(rule.skipped_items) + 1
        if after in definition.items_by_number:
            starts.add(after)
    groups: list[list[Item]] = []
    for item in definition.items:
        if item.number in starts or not groups:
            groups.append([])
        groups[-1].append(item)
    return groups


_PAGES_CACHE: dict[tuple, tuple[Instrument, tuple[Page, ...]]] = {}


def instrument_pages(definition: Instrument, prefilled: set[str]) -> list[Page]:
    """The pages that ask `definition`, leaving out items already answered at eligibility.

    Pages are immutable and depend only on the definition and `prefilled`, and every
    request builds the plan several times, so they are built once per process.
    """
    key = (definition.id, definition.version, frozenset(prefilled))
    cached = _PAGES_CACHE.get(key)
    if cached is None or cached[0] is not definition:
        cached = (definition, tuple(_build_instrument_pages(definition, prefilled)))
        _PAGES_CACHE[key] = cached
    return list(cached[1])


def _build_instrument_pages(definition: Instrument, prefilled: set[str]) -> list[Page]:
    base = _slug(definition.id)
    section = wording(definition).section
    if definition.kind is InstrumentKind.QUESTION_SET:
        pages = []
        for item in definition.items:
            if item.link_id in prefilled:
                continue
            pages.append(
                Page(
                    f"{base}-{item.number}",
                    "item",
                    item.text,
                    section,
                    definition,
                    (item,),
                    fields={item_field(item): answer_key(definition, item)},
                )
            )
        return pages
    groups = _measure_breaks(definition)
    pages = []
    for index, items in enumerate(groups, start=1):
        part = (index, len(groups)) if len(groups) > 1 else None
        pages.append(
            Page(
                f"{base}-part-{index}" if part else base,
                "measure",
                _heading(definition, index, len(groups)),
                section,
                definition,
                tuple(items),
                part,
                fields={item_field(item): answer_key(definition, item) for item in items},
            )
        )
    return pages


def journey_instruments(hub: Hub, journey: Journey, today: date) -> list[Instrument]:
    """The hub's screening measures for this journey, in the hub's configured order (for
    a follow-up, the questionnaires its invitation asks)."""
    if journey.kind == JourneyKind.FOLLOW_UP:
        return [get_instrument(i) for i in journey.contact.instruments]
    ids = hub.measures_on(today)
    mode = hub.screening_mode
    if journey.kind == JourneyKind.REFERRAL and mode == ScreeningMode.REFERRAL_FIRST:
        ids = [i for i in ids if i in PROFILE_SETS]
    elif journey.kind in (JourneyKind.QUESTIONNAIRES, JourneyKind.RETURNING):
        ids = [i for i in ids if i not in PROFILE_SETS]
        if journey.kind == JourneyKind.RETURNING and (
            mode == ScreeningMode.REFERRAL_FIRST or journey.measures_skipped
        ):
            ids = []
    return [get_instrument(i) for i in ids]


def stage(journey: Journey) -> str:
    """Which submission the journey is working towards now."""
    if journey.kind == JourneyKind.SELF_ASSESSMENT:
        return "referral" if journey.referring else "screening"
    if journey.kind == JourneyKind.QUESTIONNAIRES:
        return "questionnaires"
    if journey.kind == JourneyKind.FOLLOW_UP:
        return "follow_up"
    return "referral"


def plan(hub: Hub, journey: Journey, today: date) -> list[Page]:
    """Every page of the journey's current stage, in order, before conditions are applied.

    The questionnaires come section by section (in the order of each section's first
    questionnaire, and the hub's order within a section), so a section is never split.
    """
    prefilled = {link for (_, link) in prefilled_answers(journey.eligibility)}
    questionnaires: list[Page] = []
    for definition in journey_instruments(hub, journey, today):
        questionnaires += instrument_pages(definition, prefilled)
    sections = list(dict.fromkeys(page.section for page in questionnaires))
    questionnaires.sort(key=lambda page: sections.index(page.section))
    if journey.kind == JourneyKind.SELF_ASSESSMENT:
        if journey.referring:
            return [*contact_pages(), REASON_PAGE]
        return [CONSENT_PAGE, *questionnaires]
    if journey.kind == JourneyKind.REFERRAL:
        return [CONSENT_PAGE, *contact_pages(), *questionnaires, REASON_PAGE]
    if journey.kind in (JourneyKind.QUESTIONNAIRES, JourneyKind.FOLLOW_UP):
        return questionnaires
    # A returning client's details are already answered (from their record); the
    # contact pages are there for the "Change" links on the details page.
    return [CONFIRM_DETAILS_PAGE, *contact_pages(), *questionnaires, REASON_PAGE]


# --- Conditions: which items are asked, given the answers ---------------------------


def skipped_items(definition: Instrument, answers: dict) -> set[int]:
    """Items the instrument's skip rules leave out, given the answers (keyed by number)."""
    skipped: set[int] = set()
    scoring = definition.scoring
    for rule in scoring.skips if scoring else ():
        values = []
        for number in rule.trigger_items:
            value = answers.get(number)
            if value is None and number in skipped:
                value = 0
            values.append(value)
        if all(type(v) is int for v in values) and sum(values) == 0:
            skipped.update(rule.skipped_items)
    return skipped


def instrument_answers(definition: Instrument, stored: dict) -> dict[int, object]:
    """The stored answers of one instrument, keyed by item number."""
    prefix = f"{definition.id}:"

    # Keys first: only this instrument's answers are read (and so decrypted).
    raw = {key[len(prefix) :]: stored[key] for key in stored if key.startswith(prefix)}
    return from_json(raw, definition)


FOR_SEX: dict[str, str | None] = {"taps1.2": "male", "taps1.3": "female", "taps1.6": None}
"""Questions asked according to the sex the person gave (link id -> sex; None: when it
was not given or was "Prefer not to say"). TAPS-1 asks men about 5 or more drinks a day
and women about 4 or more (PhenX protocol 511601; instruments.md section 7); its item 6
names both, for someone whose sex we do not know. Exactly one of them is asked."""

SEX_ANSWER = ("demographics", "demographics.sex")
"""Where the sex answer is kept: asked in the journey, or copied from the client's earlier
screening when the journey does not ask it (`journeys.journey_start`)."""


def sex_answer_key() -> str:
    definition = get_instrument(SEX_ANSWER[0])
    return answer_key(definition, definition.item_by_link_id(SEX_ANSWER[1]))


def sex_given(stored: dict | None) -> str | None:
    """ "male" or "female" when the person said so; otherwise None."""
    value = (stored or {}).get(sex_answer_key())
    return value if value in ("male", "female") else None


def is_asked(
    definition: Instrument, item: Item, answers: dict[int, object], stored: dict | None = None
) -> bool:
    """Whether the item is asked: not left out by a skip rule, a follow-up question only
    after the answer its definition names (the same rule that scores it), and a
    sex-specific question only for the sex given (`FOR_SEX`; `stored` holds it)."""
    if item.number in skipped_items(definition, answers):
        return False
    if item.link_id in FOR_SEX:
        return FOR_SEX[item.link_id] == sex_given(stored)
    return definition.is_asked(item, answers)


def page_is_shown(page: Page, stored: dict) -> bool:
    if page.instrument is None:
        return True
    answers = instrument_answers(page.instrument, stored)
    return any(is_asked(page.instrument, item, answers, stored) for item in page.items)


def asks_by_sex(page: Page) -> bool:
    return any(item.link_id in FOR_SEX for item in page.items)


def asked_page(page: Page, stored: dict) -> Page:
    """The page with only the items asked given the answers so far (one alcohol question
    on the TAPS-1 page, never two: a radio choice cannot be unticked)."""
    if page.instrument is None or not asks_by_sex(page):
        return page
    answers = instrument_answers(page.instrument, stored)
    by_sex = [item for item in page.items if item.link_id in FOR_SEX]
    asked = [item for item in by_sex if is_asked(page.instrument, item, answers, stored)]
    items = []
    for item in page.items:
        if item is by_sex[0]:
            # The one that applies goes where the alcohol question is printed.
            items.extend(asked)
        elif item not in by_sex and is_asked(page.instrument, item, answers, stored):
            items.append(item)
    # Numbered as the person sees them: 1, 2, 3, 4, never "1, 3, 4, 5".
    shown = tuple(
        dataclasses.replace(item, label=str(position)) for position, item in enumerate(items, 1)
    )
    names = {item_field(item) for item in shown}
    fields = {name: key for name, key in page.fields.items() if name in names}
    return dataclasses.replace(page, items=shown, fields=fields)


def asked_answers(definition: Instrument, stored: dict) -> dict[int, object]:
    """Answers to the items that are asked, given the other answers (what gets scored)."""
    answers = instrument_answers(definition, stored)
    return {
        number: value
        for number, value in answers.items()
        if number in definition.items_by_number
        and is_asked(definition, definition.item(number), answers, stored)
    }


def _alternative_unanswered(page: Page, stored: dict) -> bool:
    """Whether an alternative the page asks now has no answer: the person changed their
    sex answer after the TAPS-1 page, so a different alcohol question applies."""
    scoring = page.instrument.scoring if page.instrument else None
    if scoring is None or not scoring.alternatives:
        return False
    answers = instrument_answers(page.instrument, stored)
    on_page = {item.number for item in page.items}
    for group in scoring.alternatives:
        asked = [
            number
            for number in group
            if number in on_page
            and is_asked(page.instrument, page.instrument.item(number), answers, stored)
        ]
        if asked and not any(number in answers for number in asked):
            return True
    return False


def answered(page: Page, stored: dict) -> bool:
    """Whether the person has answered the page as it is now asked."""
    return visited(page, stored) and not _alternative_unanswered(page, stored)


def visited(page: Page, stored: dict) -> bool:
    return f"page:{page.key}" in stored


def shown_pages(pages: list[Page], stored: dict) -> list[Page]:
    return [page for page in pages if page_is_shown(page, stored)]


def next_unanswered(pages: list[Page], stored: dict) -> Page | None:
    for page in shown_pages(pages, stored):
        if not answered(page, stored):
            return page
    return None


def instrument_complete(definition: Instrument, pages: list[Page], stored: dict) -> bool:
    own = [p for p in shown_pages(pages, stored) if p.instrument is definition]
    return bool(own) and all(answered(p, stored) for p in own)


def previous_page(pages: list[Page], current: Page, stored: dict) -> Page | None:
    shown = shown_pages(pages, stored)
    keys = [p.key for p in shown]
    if current.key not in keys:
        return None
    index = keys.index(current.key)
    return shown[index - 1] if index > 0 else None


def find(pages: list[Page], key: str) -> Page | None:
    return next((p for p in pages if p.key == key), None)


# --- Where the person is: sections and pages left (ADR 0032) -------------------------


@dataclass(frozen=True)
class Progress:
    """Where a question page sits in its stage: section `number` of `count`, and how
    many pages the person will still see after it before check-your-answers."""

    section: str
    number: int
    count: int
    pages_left: int


def may_be_shown(plan: list[Page], stored: dict) -> list[Page]:
    """The pages the person sees or may yet see: the shown ones, and follow-up pages
    hidden only because the page before them in the same questionnaire (which holds the
    question they follow) is not answered yet. Counting those too means the pages left
    only ever go down as the person answers."""
    result: list[Page] = []
    for page in plan:
        undecided = not visited(page, stored) and any(
            earlier.instrument is page.instrument and not visited(earlier, stored)
            for earlier in result
        )
        if undecided or page_is_shown(page, stored):
            result.append(page)
    return result


def change_group(page: Page) -> str:
    """What one "Change" link on check-your-answers covers: a whole questionnaire, all
    the contact details together, or a single page."""
    if page.instrument is not None:
        return f"instrument:{page.instrument.id}"
    if page.key in CONTACT_PAGE_KEYS:
        return "contact"
    return f"page:{page.key}"


def change_next(plan: list[Page], current: Page, stored: dict) -> Page | None:
    """After a page reached from a "Change" link: the next page the link covers, so it
    walks through the whole questionnaire (or contact details) before returning to
    check-your-answers."""
    shown = shown_pages(plan, stored)
    keys = [page.key for page in shown]
    if current.key not in keys:
        return None
    following = shown[keys.index(current.key) + 1 :]
    if following and change_group(following[0]) == change_group(current):
        return following[0]
    return None


def change_previous(plan: list[Page], current: Page, stored: dict) -> Page | None:
    """The page before, within what a "Change" link is walking through."""
    previous = previous_page(plan, current, stored)
    if previous is not None and change_group(previous) == change_group(current):
        return previous
    return None


def pages_to_come(
    plan: list[Page], current: Page, stored: dict, change: bool = False
) -> list[Page]:
    """The pages the person will (or may) see after `current` before check-your-answers:
    every unanswered page, and after a "Change" link the rest of that questionnaire."""
    possible = [page for page in may_be_shown(plan, stored) if page.key != current.key]
    todo = [page for page in possible if not answered(page, stored)]
    if change:
        walk = []
        following = change_next(plan, current, stored)
        while following is not None:
            walk.append(following)
            following = change_next(plan, following, stored)
        todo = walk + [page for page in todo if page not in walk]
    return todo


def progress(plan: list[Page], current: Page, stored: dict, change: bool = False) -> Progress:
    """Which section `current` is in (of the sections the person is asked, given their
    answers so far) and how many pages are left after it."""
    sections = list(
        dict.fromkeys(
            page.section for page in may_be_shown(plan, stored) + [current] if page.section
        )
    )
    return Progress(
        section=current.section,
        number=sections.index(current.section) + 1,
        count=len(sections),
        pages_left=len(pages_to_come(plan, current, stored, change)),
    )
