"""Option lists and item builders shared by several definitions."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..model import AnswerType, Instrument, Item, Option, RiskRule, slug

PHQ_FREQUENCY = (
    Option(0, "Not at all", "LA6568-5"),
    Option(1, "Several days", "LA6569-3"),
    Option(2, "More than half the days", "LA6570-1"),
    Option(3, "Nearly every day", "LA6571-9"),
)
"""PHQ-9 and GAD-7 options: LOINC answer list LL358-3 (MII IG PRO ValueSet
``mii-vs-pro-phq-9-answer-list-ll358-3``); labels as the NHS Data Dictionary PHQ-9 page."""

DIFFICULTY = (
    Option(0, "Not difficult at all"),
    Option(1, "Somewhat difficult", "LA6573-5"),
    Option(2, "Very difficult"),
    Option(3, "Extremely difficult"),
)
"""PHQ/GAD difficulty item options (CamCOPS ``phq9.xml`` fa0-fa3). Only LA6573-5 is
confirmed (HL7 US Core PHQ-9 example), so the others carry project codes."""

DIFFICULTY_TEXT = (
    "How difficult have these problems made it for you to do your work, take care of "
    "things at home, or get along with other people?"
)

BOTHERED = (
    Option(0, "Not at all"),
    Option(1, "A little bit"),
    Option(2, "Moderately"),
    Option(3, "Quite a bit"),
    Option(4, "Extremely"),
)
"""ITQ and PCL-5 options (Cloitre et al. 2018; comorbidityguidelines.org.au PCL-5)."""

YES_NO = (Option("yes", "Yes"), Option("no", "No"))
YES_NO_PREFER_NOT = (*YES_NO, Option("prefer-not-to-say", "Prefer not to say"))
YES_NO_NOT_SURE = (*YES_NO, Option("not-sure", "Not sure"))


def numbered_items(
    link_prefix: str,
    texts: Sequence[str],
    options: Sequence[Option],
    *,
    loinc: Sequence[str | None] | None = None,
    first_number: int = 1,
    labels: Sequence[str] | None = None,
    sections: dict[int, str] | None = None,
    reversed_items: frozenset[int] = frozenset(),
    optional: frozenset[int] = frozenset(),
    risk: dict[int, RiskRule] | None = None,
) -> tuple[Item, ...]:
    """Choice items numbered from ``first_number`` that share one option list.

    Link ids are ``"<prefix>.<label>"`` where the label defaults to the number.
    ``sections``, ``reversed_items``, ``optional`` and ``risk`` use item numbers.
    """
    items = []
    for offset, text in enumerate(texts):
        number = first_number + offset
        label = labels[offset] if labels else None
        items.append(
            Item(
                number=number,
                link_id=f"{link_prefix}.{label or number}",
                text=text,
                answer_type=AnswerType.CHOICE,
                options=tuple(options),
                loinc=loinc[offset] if loinc else None,
                label=label,
                section=(sections or {}).get(number),
                reversed=number in reversed_items,
                optional=number in optional,
                risk_if=(risk or {}).get(number),
            )
        )
    return tuple(items)


def labelled_options(*labels: str) -> tuple[Option, ...]:
    """Options whose stored value is a slug of the label ("Prefer not to say" ->
    "prefer-not-to-say"), for unscored questions where no code list is published."""
    return tuple(Option(slug(label), label) for label in labels)


def question(
    number: int,
    link_id: str,
    text: str,
    answer_type: AnswerType = AnswerType.CHOICE,
    **fields: object,
) -> Item:
    """One item of an unscored question set (keyword fields as :class:`Item`)."""
    return Item(number=number, link_id=link_id, text=text, answer_type=answer_type, **fields)


SUPPORT_SOURCES = labelled_options(
    "GP",
    "NHS Talking Therapies",
    "Community or secondary mental health services",
    "Occupational health",
    "Employee assistance programme",
    "Charity or voluntary organisation",
    "Private therapist or counsellor",
    "Peer support at work",
    "Other",
)
"""Where support came from; in the previous-support and follow-up questions."""


def without_follow_up_conditions(definition: Instrument, version: str) -> Instrument:
    """The earlier ``version`` of a question set, from before its follow-up questions
    carried their conditions (so a follow-up that was not asked counted as missing).
    Kept registered so administrations stored with it are rescored as they were."""
    return dataclasses.replace(
        definition,
        version=version,
        items=tuple(dataclasses.replace(item, asked_if=None) for item in definition.items),
    )
