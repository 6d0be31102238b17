"""Score one administration of a definition.

``score(instrument, answers)`` validates the answers, raises risk flags, applies skip
and prorating rules, and returns a :class:`Result`. The rules themselves are data in
``definitions/``; each is cited there and tabulated in ``docs/instruments-rules.md``.

Project decisions applied here (instruments.md, "Decisions"):

- A prorated total is the mean of the answered items times the number of items, kept
  exactly as a ``Fraction``; the total used for display, bands, caseness and reliable
  change is that value rounded to the nearest whole number, halves up.
- Beyond the allowed number of missing items an administration is incomplete: no total,
  no band, no diagnosis. Risk flags do not depend on completeness (hazard HAZ-001).
- An impossible answer raises an ``AnswerError`` naming the item (hazard HAZ-003).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar

from .errors import InvalidAnswerError, UnknownItemError
from .model import (
    NOT_APPLICABLE,
    AnswerType,
    Band,
    BandBasis,
    Instrument,
    Item,
    NotApplicable,
    SubscaleMethod,
)
from .registry import DEFAULT_REGISTRY, Registry

Answer = int | str | bool | datetime.date | tuple | NotApplicable
"""An answer value: an option value, integer, text, date, boolean, a tuple of option
values for a multi-select item, or ``NOT_APPLICABLE``. ``None`` means unanswered."""


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of scoring one administration.

    ``total`` is ``total_exact`` rounded half up; both are ``None`` when no total could be
    computed. ``complete`` is true when the instrument's result could be computed: its
    total for a measure with a total, otherwise every required item answered.
    ``risk_items`` are the numbers of items whose risk rule is met, whatever the
    completeness. ``version`` records the definition version that produced the result,
    so a stored result can be traced to its rules (hazard HAZ-009).
    """

    instrument: str
    version: str
    total: int | None
    total_exact: int | Fraction | None
    complete: bool
    prorated: bool
    band: str | None
    risk: bool
    risk_items: tuple[int, ...]
    subscales: dict[str, int | None]
    diagnosis: str | None
    probable: bool | None
    caseness: bool | None
    incomplete_reason: str | None = None
    missing_items: tuple[int, ...] = ()
    criteria_met: dict[str, bool] = field(default_factory=dict)

    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "instrument",
        "version",
        "total",
        "total_exact",
        "complete",
        "prorated",
        "band",
        "risk",
        "risk_items",
        "subscales",
        "diagnosis",
        "probable",
        "caseness",
    )
    """The keys of :meth:`as_json`, fixed by issue 3 for the command line."""

    def as_json(self) -> dict[str, object]:
        """The result as JSON-ready data with exactly :attr:`JSON_KEYS`.

        ``total_exact`` becomes an integer when whole, otherwise the nearest float.
        """
        exact = self.total_exact
        if isinstance(exact, Fraction):
            exact = int(exact) if exact.denominator == 1 else float(exact)
        return {
            "instrument": self.instrument,
            "version": self.version,
            "total": self.total,
            "total_exact": exact,
            "complete": self.complete,
            "prorated": self.prorated,
            "band": self.band,
            "risk": self.risk,
            "risk_items": list(self.risk_items),
            "subscales": dict(self.subscales),
            "diagnosis": self.diagnosis,
            "probable": self.probable,
            "caseness": self.caseness,
        }


def round_half_up(value: int | Fraction) -> int:
    """``value`` (not negative) rounded to the nearest integer, halves up: 4.5 -> 5."""
    if type(value) is int:
        return value
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def validate_answers(definition: Instrument, answers: Mapping[int, Answer]) -> dict[int, Answer]:
    """The given answers, each checked against its item, without scoring them.

    Unanswered items (``None``, blank text) are dropped and multi-select answers are put
    in option order. An impossible answer raises an ``AnswerError`` naming the item.
    """
    return _plan_for(definition)._validated(answers)


def score(
    instrument: str | Instrument,
    answers: Mapping[int, Answer],
    version: str | None = None,
    *,
    registry: Registry = DEFAULT_REGISTRY,
) -> Result:
    """Score ``answers`` (keyed by item number; ``None`` or absent = unanswered).

    ``instrument`` is an id looked up in ``registry`` (with ``version``, default the
    latest) or a definition itself, such as a hub's variant of a question set.
    """
    if isinstance(instrument, Instrument):
        definition = instrument
        if version is not None and version != definition.version:
            raise ValueError(f"{definition.id} is version {definition.version}, not {version}")
    else:
        definition = registry.get(instrument, version)
    return _plan_for(definition).score(answers)


def _plan_for(definition: Instrument) -> _Plan:
    plan = definition.__dict__.get("_scoring_plan")
    if plan is None:
        plan = _Plan(definition)
        # Frozen dataclass: the cache goes in the instance dict, outside the fields.
        object.__setattr__(definition, "_scoring_plan", plan)
    return plan


class _Plan:
    """A definition's rules arranged for fast repeated scoring."""

    def __init__(self, definition: Instrument) -> None:
        self.definition = definition
        self.items = definition.items_by_number
        self.fast_values = {item.number: frozenset(_fast_values(item)) for item in definition.items}
        self.reverse_sum = {
            item.number: item.score_of(0) for item in definition.items if item.reversed
        }
        self.risk_rules = tuple(
            (item.number, item.risk_if) for item in definition.items if item.risk_if
        )
        scoring = definition.scoring
        self.scoring = scoring
        alternative_items = {
            n for group in (scoring.alternatives if scoring else ()) for n in group
        }
        self.required = tuple(
            item.number
            for item in definition.items
            if not item.optional and item.number not in alternative_items
        )
        self.criteria_items = frozenset(
            n
            for criteria in (scoring.criteria if scoring else ())
            for criterion in criteria.criteria
            for n in criterion.items
        )
        self.band_by_value: tuple[str | None, ...] = ()
        if scoring and scoring.bands:
            if scoring.band_basis is BandBasis.TOTAL:
                highest = definition.max_total
            else:
                highest = max(item.max_score for item in definition.items if item.numeric_options)
            self.band_by_value = tuple(
                _band_label(scoring.bands, value) for value in range(highest + 1)
            )

    def score(self, answers: Mapping[int, Answer]) -> Result:
        definition = self.definition
        values = self._validated(answers)
        risk_items = tuple(
            number
            for number, rule in self.risk_rules
            if (value := values.get(number)) is not None and rule.is_met(value)
        )
        scoring = self.scoring
        if scoring is None:
            not_asked = self._not_asked(values)
            missing = tuple(n for n in self.required if n not in values and n not in not_asked)
            return Result(
                instrument=definition.id,
                version=definition.version,
                total=None,
                total_exact=None,
                complete=not missing,
                prorated=False,
                band=None,
                risk=bool(risk_items),
                risk_items=risk_items,
                subscales={},
                diagnosis=None,
                probable=None,
                caseness=None,
                incomplete_reason=_unanswered(definition, missing),
                missing_items=missing,
            )

        scores = self._scores(values)
        skipped = self._skipped(scores) if scoring.skips else frozenset()

        total_exact: int | Fraction | None = None
        total = None
        prorated = False
        if scoring.total_items:
            answered = 0
            summed = 0
            missing_total = []
            for number in scoring.total_items:
                item_score = scores.get(number)
                if item_score is not None:
                    summed += item_score
                    answered += 1
                elif number in skipped:
                    answered += 1
                else:
                    missing_total.append(number)
            complete = len(missing_total) <= scoring.max_missing and answered > 0
            missing = tuple(missing_total)
            if complete:
                if missing_total:
                    prorated = True
                    exact = Fraction(summed * len(scoring.total_items), answered)
                    total_exact = exact.numerator if exact.denominator == 1 else exact
                else:
                    total_exact = summed
                total = round_half_up(total_exact)
                reason = None
            else:
                reason = (
                    f"{len(missing)} of {len(scoring.total_items)} scored items missing "
                    f"(items {_listed(definition, missing)}); {scoring.missing_rule_source}"
                )
        else:
            missing = self._missing_required(values, skipped)
            complete = not missing
            reason = _unanswered(definition, missing)

        band = None
        caseness = None
        probable = None
        diagnosis = None
        criteria_met: dict[str, bool] = {}
        if complete:
            if self.band_by_value:
                if scoring.band_basis is BandBasis.TOTAL:
                    band = self.band_by_value[total]
                else:
                    band = self.band_by_value[max(scores.values())]
            if scoring.caseness_at is not None:
                caseness = total >= scoring.caseness_at
            if scoring.probable_at is not None:
                probable = total >= scoring.probable_at
            if scoring.criteria and self.criteria_items.issubset(scores):
                criteria_met = {
                    criteria.name: all(
                        sum(scores[n] >= criteria.endorsed_at for n in criterion.items)
                        >= criterion.minimum_endorsed
                        for criterion in criteria.criteria
                    )
                    for criteria in scoring.criteria
                }
                diagnosis = next(
                    (
                        rule.label
                        for rule in scoring.diagnoses
                        if all(criteria_met[name] for name in rule.requires)
                    ),
                    scoring.no_diagnosis,
                )

        return Result(
            instrument=definition.id,
            version=definition.version,
            total=total,
            total_exact=total_exact,
            complete=complete,
            prorated=prorated,
            band=band,
            risk=bool(risk_items),
            risk_items=risk_items,
            subscales=self._subscales(scores, skipped) if scoring.subscales else {},
            diagnosis=diagnosis,
            probable=probable,
            caseness=caseness,
            incomplete_reason=reason,
            missing_items=missing,
            criteria_met=criteria_met,
        )

    def _validated(self, answers: Mapping[int, Answer]) -> dict[int, Answer]:
        """Answers that were given, each checked against its item; errors name the item."""
        values = {}
        fast_values = self.fast_values
        for number, value in answers.items():
            if value is None:
                continue
            allowed = fast_values.get(number) if type(number) is int else None
            if allowed is None:
                raise UnknownItemError(
                    self.definition.id,
                    number,
                    f"{self.definition.id} has no item {number!r} (answers are keyed by item "
                    f"number, {_number_range(self.definition)})",
                )
            if type(value) is int and value in allowed:
                values[number] = value
                continue
            checked = _checked(self.definition, self.items[number], value)
            if checked is not None:
                values[number] = checked
        return values

    def _scores(self, values: dict[int, Answer]) -> dict[int, int]:
        """Item scores of the numeric answers (reversed items reversed)."""
        reverse_sum = self.reverse_sum
        return {
            number: (reverse_sum[number] - value if number in reverse_sum else value)
            for number, value in values.items()
            if type(value) is int
        }

    def _skipped(self, scores: dict[int, int]) -> frozenset[int]:
        """Items that the skip rules say were not asked; a non-zero answer to one is refused."""
        skipped: set[int] = set()
        for rule in self.scoring.skips:
            triggers = [scores.get(n, 0 if n in skipped else None) for n in rule.trigger_items]
            if None in triggers or sum(triggers) != 0:
                continue
            for number in rule.skipped_items:
                if scores.get(number, 0) != 0:
                    item = self.items[number]
                    raise InvalidAnswerError(
                        self.definition.id,
                        number,
                        f"{self.definition.id} item {item.display_label}: answered "
                        f"{scores[number]}, but item {item.display_label} is skipped (scoring "
                        f"0) when items {_listed(self.definition, rule.trigger_items)} total 0",
                    )
            skipped.update(rule.skipped_items)
        return frozenset(skipped)

    def _not_asked(self, values: dict[int, Answer]) -> frozenset[int]:
        """Follow-up items whose condition the answers do not meet: the person was not
        asked them, so they are not missing."""
        return frozenset(
            item.number
            for item in self.definition.items
            if item.asked_if is not None and not item.asked_if.is_met(self.definition, values)
        )

    def _missing_required(self, values: dict[int, Answer], skipped: frozenset[int]) -> tuple:
        skipped = skipped | self._not_asked(values)
        missing = [n for n in self.required if n not in values and n not in skipped]
        for group in self.scoring.alternatives:
            answered = [n for n in group if n in values]
            if len(answered) > 1:
                item = self.items[answered[1]]
                raise InvalidAnswerError(
                    self.definition.id,
                    answered[1],
                    f"{self.definition.id} item {item.display_label}: items "
                    f"{_listed(self.definition, group)} are alternatives; answer only one",
                )
            if not answered:
                missing.extend(group)
        return tuple(sorted(missing))

    def _subscales(self, scores: dict[int, int], skipped: frozenset[int]) -> dict[str, int | None]:
        subscales: dict[str, int | None] = {}
        for subscale in self.scoring.subscales:
            if subscale.method is SubscaleMethod.HIGHEST:
                answered = [scores[n] for n in subscale.items if n in scores]
                subscales[subscale.name] = max(answered) if answered else None
                continue
            summed = 0
            for number in subscale.items:
                item_score = scores.get(number)
                if item_score is not None:
                    summed += item_score
                elif number not in skipped:
                    summed = None
                    break
            subscales[subscale.name] = summed
        return subscales


def _fast_values(item: Item) -> set[int]:
    """Integer answers accepted without further checks (the common case, kept fast)."""
    if item.answer_type is AnswerType.CHOICE and not item.repeats:
        return {option.value for option in item.options if type(option.value) is int}
    if (
        item.answer_type is AnswerType.INTEGER
        and item.minimum is not None
        and item.maximum is not None
    ):
        return set(range(item.minimum, item.maximum + 1))
    return set()


def _checked(definition: Instrument, item: Item, value: Answer) -> Answer | None:
    """``value`` normalised for ``item``, ``None`` if it counts as unanswered; or an error."""
    name = f"{definition.id} item {item.display_label}"
    if value is NOT_APPLICABLE:
        if item.not_applicable is None:
            raise InvalidAnswerError(
                definition.id, item.number, f"{name}: cannot be 'not applicable'"
            )
        return value
    kind = item.answer_type
    if kind is AnswerType.CHOICE:
        if item.repeats:
            if isinstance(value, str | bytes) or not isinstance(
                value, list | tuple | set | frozenset
            ):
                raise InvalidAnswerError(
                    definition.id, item.number, f"{name}: expected a list of choices, got {value!r}"
                )
            chosen = [_choice(definition, item, each) for each in value]
            if len(set(chosen)) != len(chosen):
                raise InvalidAnswerError(
                    definition.id, item.number, f"{name}: a choice is repeated"
                )
            order = {option.value: index for index, option in enumerate(item.options)}
            return tuple(sorted(chosen, key=order.__getitem__)) or None
        return _choice(definition, item, value)
    if kind is AnswerType.INTEGER:
        if type(value) is not int:
            raise InvalidAnswerError(
                definition.id, item.number, f"{name}: {value!r} is not a whole number"
            )
        if (item.minimum is not None and value < item.minimum) or (
            item.maximum is not None and value > item.maximum
        ):
            raise InvalidAnswerError(
                definition.id,
                item.number,
                f"{name}: {value} is outside {item.minimum}-{item.maximum}",
            )
        return value
    if kind is AnswerType.TEXT:
        if not isinstance(value, str):
            raise InvalidAnswerError(
                definition.id, item.number, f"{name}: expected text, got {value!r}"
            )
        return value if value.strip() else None
    if kind is AnswerType.DATE:
        if type(value) is not datetime.date:
            raise InvalidAnswerError(
                definition.id, item.number, f"{name}: expected a date, got {value!r}"
            )
        return value
    if type(value) is not bool:
        raise InvalidAnswerError(
            definition.id, item.number, f"{name}: expected true or false, got {value!r}"
        )
    return value


def _choice(definition: Instrument, item: Item, value: object) -> int | str:
    if item.option_for(value) is None:
        allowed = ", ".join(repr(option.value) for option in item.options)
        if item.not_applicable:
            allowed += " or not applicable"
        raise InvalidAnswerError(
            definition.id,
            item.number,
            f"{definition.id} item {item.display_label}: {value!r} is not an allowed answer "
            f"(allowed: {allowed})",
        )
    return value


def _band_label(bands: tuple[Band, ...], value: int) -> str | None:
    label = None
    for band in bands:
        if value >= band.minimum:
            label = band.label
    return label


def _listed(definition: Instrument, numbers) -> str:
    return ", ".join(definition.items_by_number[n].display_label for n in numbers)


def _number_range(definition: Instrument) -> str:
    numbers = sorted(definition.items_by_number)
    return f"{numbers[0]}-{numbers[-1]}" if numbers else "none"


def _unanswered(definition: Instrument, missing: tuple[int, ...]) -> str | None:
    if not missing:
        return None
    return f"required items unanswered: {_listed(definition, missing)}"
