"""AUDIT and AUDIT-C: skip logic and item values (WHO AUDIT manual; instruments.md §4)."""

import pytest

from resiliencehub.instruments import InvalidAnswerError, get_instrument, score

from .answer_builders import answers


@pytest.mark.hazard("HAZ-002")
def test_never_drinking_skips_items_two_to_eight_which_score_zero():
    result = score("AUDIT", answers(0, None, None, None, None, None, None, None, 2, 4))

    assert (result.complete, result.total, result.band) == (True, 6, "lower risk")
    assert result.subscales == {"consumption": 0, "dependence": 0, "alcohol_related_problems": 6}


@pytest.mark.hazard("HAZ-002")
def test_items_two_and_three_totalling_zero_skip_items_four_to_eight():
    result = score("AUDIT", answers(2, 0, 0, None, None, None, None, None, 0, 2))

    assert (result.complete, result.total) == (True, 4)


@pytest.mark.hazard("HAZ-002")
def test_skipped_items_answered_zero_are_accepted():
    result = score("AUDIT", answers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    assert (result.complete, result.total) == (True, 0)


@pytest.mark.hazard("HAZ-002")
def test_without_a_skip_every_item_is_needed():
    result = score("AUDIT", answers(2, 1, 0, None, 0, 0, 0, 0, 0, 0))

    assert not result.complete
    assert result.missing_items == (4,)
    assert result.total is None


@pytest.mark.hazard("HAZ-002")
def test_an_unanswered_first_item_leaves_the_form_incomplete():
    result = score("AUDIT", answers(None, None, None, None, None, None, None, None, 0, 0))

    assert not result.complete
    assert result.missing_items == (1, 2, 3, 4, 5, 6, 7, 8)


@pytest.mark.hazard("HAZ-003")
@pytest.mark.parametrize(("item", "value"), [(2, 1), (5, 3), (8, 4)])
def test_a_non_zero_answer_to_an_item_skipped_after_never_drinking_is_refused(item, value):
    given = answers(0, None, None, None, None, None, None, None, 0, 0) | {item: value}

    with pytest.raises(InvalidAnswerError, match=f"AUDIT item {item}: answered {value}") as error:
        score("AUDIT", given)

    assert error.value.item == item


@pytest.mark.hazard("HAZ-003")
def test_a_non_zero_answer_to_an_item_skipped_after_items_two_and_three_is_refused():
    with pytest.raises(InvalidAnswerError, match="AUDIT item 6") as error:
        score("AUDIT", answers(3, 0, 0, 0, 0, 2, 0, 0, 0, 0))

    assert "items 2, 3 total 0" in str(error.value)


@pytest.mark.hazard("HAZ-003")
@pytest.mark.parametrize("item", [9, 10])
@pytest.mark.parametrize("value", [1, 3])
def test_items_nine_and_ten_refuse_one_and_three(item, value):
    given = answers(1, 1, 1, 0, 0, 0, 0, 0, 0, 0) | {item: value}

    with pytest.raises(InvalidAnswerError, match=f"AUDIT item {item}: {value} is not an allowed"):
        score("AUDIT", given)


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize("value", [0, 2, 4])
def test_items_nine_and_ten_accept_zero_two_and_four(value):
    result = score("AUDIT", answers(1, 1, 1, 0, 0, 0, 0, 0, value, value))

    assert result.total == 3 + 2 * value


def test_the_audit_subscales_are_consumption_dependence_and_problems():
    result = score("AUDIT", answers(4, 4, 4, 3, 3, 3, 2, 2, 4, 4))

    assert result.subscales == {"consumption": 12, "dependence": 9, "alcohol_related_problems": 12}
    assert result.total == 33


def test_the_uk_wording_asks_about_units():
    audit = get_instrument("AUDIT")

    assert "units" in audit.item(2).text
    assert "6 or more units if female, or 8 or more if male" in audit.item(3).text
    assert get_instrument("AUDIT-C").item(2).text == audit.item(2).text


@pytest.mark.hazard("HAZ-002")
def test_audit_c_skips_items_two_and_three_after_never_drinking():
    result = score("AUDIT-C", answers(0, None, None))

    assert (result.complete, result.total, result.band) == (True, 0, "negative")


@pytest.mark.hazard("HAZ-002")
def test_audit_c_agrees_with_the_audit_consumption_subscale():
    given = answers(3, 2, 1, 0, 0, 0, 0, 0, 0, 0)

    assert (
        score("AUDIT-C", {n: given[n] for n in (1, 2, 3)}).total
        == score("AUDIT", given).subscales["consumption"]
    )
