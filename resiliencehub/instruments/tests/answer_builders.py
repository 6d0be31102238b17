"""Answers for tests: exact totals and hypothesis strategies of valid administrations."""

from __future__ import annotations

from hypothesis import strategies as st

from resiliencehub.instruments import NOT_APPLICABLE, Instrument, get_instrument
from resiliencehub.instruments.model import AnswerType, Item

SCORED_WITH_TOTAL = ("PHQ-9", "GAD-7", "WSAS", "AUDIT", "AUDIT-C", "PCL-5", "CORE-10")


def answers(*values: object) -> dict[int, object]:
    """Answers keyed 1, 2, ... from values in item order; ``None`` means missing."""
    return {number: value for number, value in enumerate(values, start=1) if value is not None}


def value_scoring(item: Item, item_score: int) -> int:
    """The answer that gives ``item_score`` (the option position for a reversed item)."""
    return next(o.value for o in item.options if item.score_of(o.value) == item_score)


def answers_totalling(instrument_id: str, total: int) -> dict[int, int]:
    """Complete answers whose total is ``total``, filling early items first.

    Filling item 1 first keeps AUDIT's skip rules satisfied (item 1 is non-zero whenever
    the total is).
    """
    definition = get_instrument(instrument_id)
    items = [definition.item(n) for n in definition.scoring.total_items]
    possible = [sorted({item.score_of(o.value) for o in item.options}) for item in items]
    reachable = [{0}]
    for scores in reversed(possible):
        reachable.insert(0, {s + rest for s in scores for rest in reachable[0]})
    if total not in reachable[0]:
        raise ValueError(f"{instrument_id} cannot total {total}")
    result = {}
    remaining = total
    for index, item in enumerate(items):
        item_score = max(s for s in possible[index] if remaining - s in reachable[index + 1])
        result[item.number] = value_scoring(item, item_score)
        remaining -= item_score
    return result


def _option_values(item: Item) -> st.SearchStrategy:
    return st.sampled_from([option.value for option in item.options])


def _with_skips_applied(definition: Instrument, given: dict[int, object]) -> dict[int, object]:
    # Random answers can contradict AUDIT's skip rules; zero the items a real form skips.
    result = dict(given)
    for rule in definition.scoring.skips:
        if all(result.get(n) == 0 for n in rule.trigger_items):
            for number in rule.skipped_items:
                result[number] = 0
    return result


def complete_scored_answers(definition: Instrument) -> st.SearchStrategy[dict[int, int]]:
    """Every item that counts towards the result answered, consistent with skip rules."""
    scoring = definition.scoring
    numbers = scoring.total_items or tuple(
        item.number for item in definition.items if not item.optional
    )
    strategy = st.fixed_dictionaries({n: _option_values(definition.item(n)) for n in numbers}).map(
        lambda given: _with_skips_applied(definition, given)
    )
    for group in scoring.alternatives:
        strategy = st.tuples(
            strategy, st.sampled_from(group), _option_values(definition.item(group[0]))
        )
        strategy = strategy.map(lambda parts: {**parts[0], parts[1]: parts[2]})
    return strategy


def valid_answer(item: Item) -> st.SearchStrategy:
    """Any valid answer to ``item``."""
    if item.answer_type is AnswerType.CHOICE:
        values = [option.value for option in item.options]
        if item.repeats:
            strategy = st.lists(st.sampled_from(values), min_size=1, unique=True).map(tuple)
        else:
            strategy = st.sampled_from(values)
    elif item.answer_type is AnswerType.INTEGER:
        strategy = st.integers(item.minimum, item.maximum)
    elif item.answer_type is AnswerType.TEXT:
        strategy = st.text(alphabet="abc xyz", min_size=1, max_size=12)
    elif item.answer_type is AnswerType.DATE:
        strategy = st.dates()
    else:
        strategy = st.booleans()
    if item.not_applicable:
        strategy = strategy | st.just(NOT_APPLICABLE)
    return strategy


def any_valid_answers(definition: Instrument) -> st.SearchStrategy[dict[int, object]]:
    """Any subset of items answered validly, made consistent with skips and alternatives."""
    strategy = st.fixed_dictionaries(
        {}, optional={item.number: valid_answer(item) for item in definition.items}
    )
    return strategy.map(lambda given: _consistent(definition, given))


def _consistent(definition: Instrument, given: dict[int, object]) -> dict[int, object]:
    # A real form does not ask skipped items, nor both of two alternatives.
    scoring = definition.scoring
    if scoring is None:
        return given
    result = dict(given)
    skipped: set[int] = set()
    for rule in scoring.skips:
        triggers = [result.get(n, 0 if n in skipped else None) for n in rule.trigger_items]
        if None not in triggers and sum(triggers) == 0:
            for number in rule.skipped_items:
                result.pop(number, None)
            skipped.update(rule.skipped_items)
    for group in scoring.alternatives:
        for number in [n for n in group if n in result][1:]:
            del result[number]
    return result
