"""Risk items are flagged whatever else is answered (hazard HAZ-001).

PHQ-9 item 9 >= 1 (MII IG PRO PHQ-9: "requires immediate clinical evaluation for any
positive response, regardless of the total score"); CORE-10 item 6 >= 1; and any
hub-defined risk question.
"""

import pytest

from resiliencehub.instruments import (
    Item,
    RiskRule,
    derive_question_set,
    get_instrument,
    score,
)
from resiliencehub.instruments.model import AnswerType, Option

from .answer_builders import answers


@pytest.mark.hazard("HAZ-001")
@pytest.mark.parametrize("value", [1, 2, 3])
def test_it_flags_phq9_item_nine_even_when_every_other_item_is_missing(value):
    result = score("PHQ-9", {9: value})

    assert not result.complete
    assert (result.risk, result.risk_items) == (True, (9,))


@pytest.mark.hazard("HAZ-001")
def test_it_flags_phq9_item_nine_on_a_complete_form_with_a_minimal_total():
    result = score("PHQ-9", answers(0, 0, 0, 0, 0, 0, 0, 0, 1))

    assert (result.band, result.risk, result.risk_items) == ("minimal", True, (9,))


@pytest.mark.hazard("HAZ-001")
def test_it_does_not_flag_phq9_item_nine_answered_not_at_all():
    result = score("PHQ-9", answers(3, 3, 3, 3, 3, 3, 3, 3, 0))

    assert (result.risk, result.risk_items) == (False, ())


@pytest.mark.hazard("HAZ-001")
def test_it_flags_core10_item_six_even_when_the_form_is_incomplete():
    result = score("CORE-10", {6: 1, 7: 4})

    assert not result.complete
    assert (result.risk, result.risk_items) == (True, (6,))


@pytest.mark.hazard("HAZ-001")
def test_it_does_not_flag_core10_item_six_answered_not_at_all():
    assert not score("CORE-10", answers(*[4] * 5, 0, *[4] * 4)).risk


@pytest.mark.hazard("HAZ-001")
def test_only_phq9_and_core10_carry_built_in_risk_items():
    from resiliencehub.instruments.definitions import ALL

    risk_items = {
        (definition.id, item.number)
        for definition in ALL
        for item in definition.items
        if item.risk_if
    }

    assert risk_items == {("PHQ-9", 9), ("CORE-10", 6)}


def _hub_variant_with(question: Item):
    return derive_question_set(
        get_instrument("covid-impact"), id="covid-impact/site-a", version="1.0.0", add=[question]
    )


@pytest.mark.hazard("HAZ-001")
def test_it_flags_a_hub_defined_yes_no_risk_question_answered_yes():
    variant = _hub_variant_with(
        Item(
            number=0,
            link_id="site-a.self_harm",
            text="In the past month, have you thought about harming yourself?",
            answer_type=AnswerType.BOOLEAN,
            risk_if=RiskRule(any_of=frozenset({True})),
        )
    )
    number = variant.item_by_link_id("site-a.self_harm").number

    flagged = score(variant, {number: True})
    not_flagged = score(variant, {number: False})

    assert (flagged.risk, flagged.risk_items, flagged.complete) == (True, (number,), False)
    assert not not_flagged.risk


@pytest.mark.hazard("HAZ-001")
def test_it_flags_a_hub_defined_choice_risk_question_at_its_threshold():
    variant = _hub_variant_with(
        Item(
            number=0,
            link_id="site-a.hopeless",
            text="How often have you felt that life is not worth living?",
            answer_type=AnswerType.CHOICE,
            options=(Option(0, "Never"), Option(1, "Sometimes"), Option(2, "Often")),
            risk_if=RiskRule(minimum=1),
        )
    )
    number = variant.item_by_link_id("site-a.hopeless").number

    assert [score(variant, {number: value}).risk for value in (0, 1, 2)] == [False, True, True]


@pytest.mark.hazard("HAZ-001")
def test_a_risk_rule_for_true_does_not_fire_on_the_number_one():
    rule = RiskRule(any_of=frozenset({True}))

    assert rule.is_met(True)
    assert not rule.is_met(1)


@pytest.mark.hazard("HAZ-001")
def test_a_risk_rule_fires_when_any_choice_of_a_multi_select_answer_meets_it():
    rule = RiskRule(any_of=frozenset({"plans"}))

    assert rule.is_met(("thoughts", "plans"))
    assert not rule.is_met(("thoughts",))


def test_a_risk_rule_needs_a_condition():
    with pytest.raises(ValueError, match="needs a minimum or a set"):
        RiskRule()
