"""Questionnaire definitions as plain data.

An :class:`Instrument` is one versioned questionnaire: a scored measure (PHQ-9,
AUDIT, ITQ, ...) or an unscored question set (demographics, occupation, ...). It holds
its items, where the wording came from, its licence, its LOINC codes and, for a
measure, its :class:`Scoring` rules. Nothing here computes a score; ``scoring.py``
reads these rules. Keeping rules as data lets a reviewer check each one against
``docs/instruments-rules.md`` without reading the scoring code.

Answers are keyed by **item number** (1, 2, ... in the order the items are printed;
ITQ P1 is 1 and C9 is 18). Link ids are the stable names used in FHIR and storage.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Final

LOINC: Final = "http://loinc.org"


class AnswerType(StrEnum):
    """The kind of value an item takes (mirrors FHIR Questionnaire.item.type)."""

    CHOICE = "choice"
    INTEGER = "integer"
    TEXT = "text"
    DATE = "date"
    BOOLEAN = "boolean"


class InstrumentKind(StrEnum):
    """A scored measure, or a set of questions that are stored but not scored."""

    MEASURE = "measure"
    QUESTION_SET = "question set"


class NotApplicable(Enum):
    """The answer "not applicable", which some items offer besides their options."""

    NOT_APPLICABLE = "not-applicable"


NOT_APPLICABLE: Final = NotApplicable.NOT_APPLICABLE
"""Answer for an item that allows "not applicable" (WSAS item 1, not working)."""


def slug(text: str) -> str:
    """Lower-case ``text`` with runs of other characters turned into single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


@dataclass(frozen=True, slots=True)
class Option:
    """One printed answer option.

    ``value`` is what is stored and scored (for CORE-10 items 2 and 3 it is the
    printed position, which the scorer reverses). ``loinc`` is the LOINC answer code
    where one is published; otherwise FHIR exports use the project code :attr:`code`.
    """

    value: int | str
    label: str
    loinc: str | None = None

    @property
    def code(self) -> str:
        """The code this option carries in FHIR: its LOINC code, or a slug of the label."""
        return self.loinc or slug(self.label)


@dataclass(frozen=True, slots=True)
class RiskRule:
    """When an answer signals risk (hazard HAZ-001).

    The rule is met when the answer is ``>= minimum`` (numeric items) or is one of
    ``any_of`` (any item type; for a multi-select item, when any selected value is).
    """

    minimum: int | None = None
    any_of: frozenset[int | str | bool] = frozenset()

    def __post_init__(self) -> None:
        if self.minimum is None and not self.any_of:
            raise ValueError("a risk rule needs a minimum or a set of values")

    def is_met(self, answer: object) -> bool:
        """Whether ``answer`` (already validated for its item) meets the rule."""
        if isinstance(answer, tuple):
            return any(self.is_met(each) for each in answer)
        if self.any_of and _same_kind(answer, self.any_of):
            return True
        return self.minimum is not None and type(answer) is int and answer >= self.minimum

    def describe(self) -> str:
        """Plain-English statement of the rule, for documents and FHIR exports."""
        parts = []
        if self.minimum is not None:
            parts.append(f"answer >= {self.minimum}")
        if self.any_of:
            shown = ", ".join(sorted(repr(value) for value in self.any_of))
            parts.append(f"answer is one of {shown}")
        return " or ".join(parts)


def _same_kind(answer: object, values: frozenset) -> bool:
    # True == 1 in Python, so a rule for the boolean True must not fire on the number 1.
    return any(type(value) is type(answer) and value == answer for value in values)


@dataclass(frozen=True, slots=True)
class AskedIf:
    """A follow-up question's condition: it is asked only when the item ``link_id`` was
    answered with one of ``answers``. A follow-up that was not asked is not missing."""

    link_id: str
    answers: frozenset[int | str | bool]

    def is_met(self, definition: Instrument, answers: Mapping[int, object]) -> bool:
        """Whether the follow-up is asked, given ``answers`` keyed by item number. When a
        hub's variant has dropped the item it follows, it is always asked."""
        other = definition.item_by_link_id(self.link_id)
        if other is None:
            return True
        return answers.get(other.number) in self.answers


@dataclass(frozen=True, slots=True)
class Item:
    """One question.

    ``number`` is the item's position as printed (1-based) and the key of its answer.
    ``label`` is what the printed form shows beside it when that is not the number
    (ITQ "P1" ... "C9"). ``section`` is introductory text shown before the item (a
    stem or the start of a new part of the form).
    """

    number: int
    link_id: str
    text: str
    answer_type: AnswerType
    options: tuple[Option, ...] = ()
    optional: bool = False
    loinc: str | None = None
    label: str | None = None
    section: str | None = None
    reversed: bool = False
    risk_if: RiskRule | None = None
    not_applicable: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    repeats: bool = False
    asked_if: AskedIf | None = None

    def __post_init__(self) -> None:
        if self.answer_type is AnswerType.CHOICE and not self.options:
            raise ValueError(f"choice item {self.link_id} needs options")
        if self.answer_type is not AnswerType.CHOICE and self.options:
            raise ValueError(f"only choice items have options ({self.link_id})")
        if self.repeats and self.answer_type is not AnswerType.CHOICE:
            raise ValueError(f"only choice items may repeat ({self.link_id})")
        if self.reversed and not self.numeric_options:
            raise ValueError(f"a reversed item needs numeric options ({self.link_id})")

    @property
    def display_label(self) -> str:
        """How messages name the item: its printed label, else its number."""
        return self.label or str(self.number)

    @property
    def numeric_options(self) -> bool:
        """Whether every option value is an integer (so the answer can be summed)."""
        return bool(self.options) and all(type(o.value) is int for o in self.options)

    def score_of(self, value: int) -> int:
        """Score of a numeric answer: the value, or the reverse for a reversed item."""
        if self.reversed:
            values = [option.value for option in self.options]
            return max(values) + min(values) - value
        return value

    @property
    def max_score(self) -> int:
        """The highest score a numeric answer to this item can have."""
        return max(self.score_of(option.value) for option in self.options)

    def option_for(self, value: object) -> Option | None:
        """The option whose value is ``value`` (compared with its type), if any."""
        for option in self.options:
            if type(option.value) is type(value) and option.value == value:
                return option
        return None


@dataclass(frozen=True, slots=True)
class Band:
    """A severity band: totals (or item values) from ``minimum`` up to the next band."""

    minimum: int
    label: str


class BandBasis(StrEnum):
    """What a band is read from."""

    TOTAL = "total"
    HIGHEST_ITEM = "highest item"


class SubscaleMethod(StrEnum):
    """How a subscale combines its items."""

    SUM = "sum"
    """Sum of item scores; none unless every item is answered (or skipped, scoring 0)."""
    HIGHEST = "highest"
    """Highest answered item; used where items are alternatives (TAPS-1 alcohol)."""


@dataclass(frozen=True, slots=True)
class Subscale:
    """A named score over some of the items (cluster, subscale or domain)."""

    name: str
    items: tuple[int, ...]
    method: SubscaleMethod = SubscaleMethod.SUM


@dataclass(frozen=True, slots=True)
class Criterion:
    """At least ``minimum_endorsed`` of ``items`` must be endorsed."""

    name: str
    items: tuple[int, ...]
    minimum_endorsed: int = 1


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """A group of criteria that are met together; an item is endorsed at ``endorsed_at``."""

    name: str
    criteria: tuple[Criterion, ...]
    endorsed_at: int = 2


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A diagnostic label given when every named criteria set is met."""

    label: str
    requires: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkipRule:
    """Items not asked when the trigger items total 0; they then score 0.

    WHO AUDIT manual via instruments.md §4: Q1 = 0 skips Q2-Q8; Q2 + Q3 = 0 skips
    Q4-Q8.
    """

    trigger_items: tuple[int, ...]
    skipped_items: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Scoring:
    """The scoring rules of a measure.

    ``total_items`` are summed. Up to ``max_missing`` of them may be missing, in which
    case the total is prorated: the mean of the answered items times the number of
    items (instruments.md, Decisions). ``bands`` are read from the total rounded half
    up. ``diagnoses`` are tried in order; the first whose criteria sets are all met is
    the diagnosis, otherwise ``no_diagnosis``. ``alternatives`` are groups of items of
    which exactly one is asked (TAPS-1 asks men and women different alcohol items).
    """

    total_items: tuple[int, ...] = ()
    max_missing: int = 0
    missing_rule_source: str = "no published prorating rule: every item is needed"
    bands: tuple[Band, ...] = ()
    band_basis: BandBasis = BandBasis.TOTAL
    caseness_at: int | None = None
    probable_at: int | None = None
    subscales: tuple[Subscale, ...] = ()
    criteria: tuple[CriteriaSet, ...] = ()
    diagnoses: tuple[Diagnosis, ...] = ()
    no_diagnosis: str = "none"
    skips: tuple[SkipRule, ...] = ()
    alternatives: tuple[tuple[int, ...], ...] = ()
    total_loinc: str | None = None


@dataclass(frozen=True)
class Instrument:
    """A versioned questionnaire definition.

    ``id`` is the name used on the command line and in storage ("PHQ-9"); together
    with ``version`` it identifies exactly the wording and rules that produced a
    stored score (hazard HAZ-009). ``source`` cites where wording and rules came from;
    ``licence`` records the permission basis.
    """

    id: str
    version: str
    title: str
    short_title: str
    preamble: str
    items: tuple[Item, ...]
    source: str
    licence: str
    kind: InstrumentKind = InstrumentKind.MEASURE
    loinc: str | None = None
    scoring: Scoring | None = None
    link_prefix: str = ""
    derived_from: str | None = None
    items_by_number: dict[int, Item] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_number = {item.number: item for item in self.items}
        if len(by_number) != len(self.items):
            raise ValueError(f"{self.id}: item numbers must be unique")
        if len({item.link_id for item in self.items}) != len(self.items):
            raise ValueError(f"{self.id}: link ids must be unique")
        if (self.kind is InstrumentKind.MEASURE) != (self.scoring is not None):
            raise ValueError(f"{self.id}: a measure has scoring rules, a question set none")
        object.__setattr__(self, "items_by_number", by_number)

    @property
    def key(self) -> tuple[str, str]:
        """``(id, version)``: what a stored administration records."""
        return (self.id, self.version)

    @property
    def max_total(self) -> int | None:
        """The highest possible total, or ``None`` when the definition has no total."""
        if self.scoring is None or not self.scoring.total_items:
            return None
        return sum(self.items_by_number[n].max_score for n in self.scoring.total_items)

    def item(self, number: int) -> Item:
        """The item with this number (``KeyError`` when there is none)."""
        return self.items_by_number[number]

    def is_asked(self, item: Item, answers: Mapping[int, object]) -> bool:
        """Whether a follow-up ``item`` is asked, given the answers so far (keyed by
        number); an item without a condition always is."""
        return item.asked_if is None or item.asked_if.is_met(self, answers)

    def item_by_link_id(self, link_id: str) -> Item | None:
        """The item with this link id, if any."""
        return next((item for item in self.items if item.link_id == link_id), None)

    def answers_in_order(self, values: Sequence[object]) -> dict[int, object]:
        """Answers keyed by item number from values given in printed item order.

        ``None`` means missing. The command line reads answers this way.
        """
        if len(values) > len(self.items):
            raise ValueError(f"{self.id} has {len(self.items)} items; got {len(values)} answers")
        return {
            item.number: value
            for item, value in zip(self.items, values, strict=False)
            if value is not None
        }


def derive_question_set(
    base: Instrument,
    *,
    id: str,
    version: str,
    add: Iterable[Item] = (),
    remove: Iterable[str | int] = (),
    title: str | None = None,
) -> Instrument:
    """A hub's own variant of an unscored question set.

    Items in ``remove`` (link ids or numbers) are dropped; items in ``add`` are
    appended and renumbered after the base's highest number, so a number never changes
    meaning within one variant's history. An added item may carry a ``risk_if`` rule:
    that is how a hub defines its own risk question. Scored measures cannot be varied:
    their validity depends on the published wording, and CORE-10's licence (CC BY-ND)
    forbids derivatives.
    """
    if base.kind is not InstrumentKind.QUESTION_SET:
        raise ValueError(f"{base.id} is a scored measure and is used unmodified")
    removed = set(remove)
    unknown = removed - {i.link_id for i in base.items} - {i.number for i in base.items}
    if unknown:
        raise ValueError(f"{base.id} has no items {sorted(map(str, unknown))}")
    kept = [
        item for item in base.items if item.link_id not in removed and item.number not in removed
    ]
    next_number = max((item.number for item in base.items), default=0) + 1
    added = [
        dataclasses.replace(item, number=next_number + offset) for offset, item in enumerate(add)
    ]
    return dataclasses.replace(
        base,
        id=id,
        version=version,
        title=title or base.title,
        items=tuple(kept + added),
        derived_from=f"{base.id}|{base.version}",
    )
