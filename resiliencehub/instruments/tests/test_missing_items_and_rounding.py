"""Missing-item limits and the rounding of prorated totals.

Rules: instruments.md "Decisions" (prorated total = mean of answered items x number of
items, kept exact, rounded half up for display, bands and caseness); NHS Data Dictionary
(PHQ-9 and GAD-7 up to 2 missing; WSAS one missing or item 1 not applicable); CORE System
Trust (CORE-10 one missing); PCL-5, ITQ, AUDIT: no prorating.
"""

from fractions import Fraction

import pytest

from resiliencehub.instruments import NOT_APPLICABLE, get_instrument, round_half_up, score

from .answer_builders import answers, value_scoring


@pytest.mark.hazard("HAZ-002")
def test_phq9_with_eight_items_summing_to_four_is_4_5_rounded_to_5_and_mild():
    result = score("PHQ-9", answers(1, 1, 1, 1, 0, 0, 0, 0, None))

    assert result.total_exact == Fraction(9, 2)
    assert (result.total, result.band, result.prorated, result.complete) == (5, "mild", True, True)
    assert result.as_json()["total_exact"] == 4.5


@pytest.mark.hazard("HAZ-002")
def test_gad7_with_five_items_summing_to_seven_is_9_8_rounded_to_10_and_moderate():
    result = score("GAD-7", answers(3, 3, 1, None, None, 0, 0))

    assert result.total_exact == Fraction(49, 5)
    assert (result.total, result.band, result.caseness) == (10, "moderate", True)
    assert result.as_json()["total_exact"] == 9.8


@pytest.mark.hazard("HAZ-002")
def test_halves_round_up_even_where_bankers_rounding_would_round_down():
    # Six GAD-7 items summing to 9: 9 x 7 / 6 = 10.5; Python's round() gives 10.
    result = score("GAD-7", answers(3, 3, 3, 0, 0, 0, None))

    assert (result.total_exact, result.total, round(result.total_exact)) == (
        Fraction(21, 2),
        11,
        10,
    )


@pytest.mark.hazard("HAZ-002")
def test_a_prorated_total_below_a_half_rounds_down():
    # Eight PHQ-9 items summing to 3: 3 x 9 / 8 = 3.375.
    result = score("PHQ-9", answers(1, 1, 1, 0, 0, 0, 0, 0, None))

    assert (result.total_exact, result.total, result.band) == (Fraction(27, 8), 3, "minimal")


@pytest.mark.hazard("HAZ-002")
def test_prorating_that_gives_a_whole_number_is_stored_as_an_integer():
    # Seven PHQ-9 items summing to 7: 7 x 9 / 7 = 9 exactly.
    result = score("PHQ-9", answers(1, 1, 1, 1, 1, 1, 1, None, None))

    assert (result.total_exact, result.total, result.prorated) == (9, 9, True)
    assert result.as_json()["total_exact"] == 9


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(
    ("instrument", "items", "allowed_missing"),
    [("PHQ-9", 9, 2), ("GAD-7", 7, 2), ("WSAS", 5, 1), ("CORE-10", 10, 1), ("PCL-5", 20, 0)],
)
def test_each_missing_item_limit_is_exact(instrument, items, allowed_missing):
    definition = get_instrument(instrument)
    every_item_scoring_one = {n: value_scoring(definition.item(n), 1) for n in range(1, items + 1)}
    at_limit = {n: v for n, v in every_item_scoring_one.items() if n > allowed_missing}
    beyond = {n: v for n, v in every_item_scoring_one.items() if n > allowed_missing + 1}

    within = score(instrument, at_limit)
    over = score(instrument, beyond)

    assert within.complete and within.total == items
    assert within.prorated is (allowed_missing > 0)
    assert not over.complete
    assert (over.total, over.total_exact, over.band, over.caseness) == (None, None, None, None)
    assert over.missing_items == tuple(range(1, allowed_missing + 2))
    assert f"{allowed_missing + 1} of {items} scored items missing" in over.incomplete_reason


@pytest.mark.hazard("HAZ-002")
def test_wsas_not_applicable_work_item_counts_as_the_one_allowed_missing_value():
    result = score("WSAS", answers(NOT_APPLICABLE, 4, 4, 4, 5))

    assert (result.total_exact, result.total, result.band) == (Fraction(85, 4), 21, "severe")
    assert result.subscales == {"without_work": 17}


@pytest.mark.hazard("HAZ-002")
def test_wsas_not_applicable_plus_a_missing_item_is_incomplete():
    result = score("WSAS", answers(NOT_APPLICABLE, 4, None, 4, 5))

    assert not result.complete
    assert result.missing_items == (1, 3)


@pytest.mark.hazard("HAZ-002")
def test_core10_prorates_one_missing_item_as_ten_times_the_mean():
    # Nine items with scores summing to 10: 10 x 10 / 9 = 11.1 -> 11 "mild", not 10 "low".
    positions = answers(2, 4, 4, 2, 2, 0, 2, 2, None, 0)

    result = score("CORE-10", positions)

    assert (result.total_exact, result.total, result.band) == (Fraction(100, 9), 11, "mild")


@pytest.mark.hazard("HAZ-002")
def test_pcl5_with_any_missing_item_is_incomplete_with_no_diagnosis():
    result = score("PCL-5", dict.fromkeys(range(1, 20), 4))

    assert not result.complete
    assert (result.total, result.diagnosis, result.probable) == (None, None, None)
    assert result.missing_items == (20,)


def test_unanswered_items_may_be_given_as_none():
    assert score("PHQ-9", {1: None, **answers(None, 1, 1, 1, 1, 1, 1, 1, 1)}).total == 9


def test_the_unscored_phq9_difficulty_item_never_changes_the_total():
    without = score("PHQ-9", answers(*[2] * 9))
    with_difficulty = score("PHQ-9", answers(*[2] * 9, 3))

    assert without.total == with_difficulty.total == 18


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(Fraction(1, 2), 1), (Fraction(3, 2), 2), (Fraction(5, 2), 3), (Fraction(49, 10), 5)],
)
def test_round_half_up_rounds_every_half_up(value, rounded):
    assert round_half_up(value) == rounded
