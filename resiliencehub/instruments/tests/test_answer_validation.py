"""Impossible answers raise an error that names the item (hazard HAZ-003)."""

import datetime

import pytest

from resiliencehub.instruments import (
    NOT_APPLICABLE,
    AnswerError,
    InvalidAnswerError,
    UnknownInstrumentError,
    UnknownItemError,
    get_instrument,
    score,
)
from resiliencehub.instruments.scoring import validate_answers


@pytest.mark.hazard("HAZ-003")
@pytest.mark.parametrize(
    ("instrument", "item", "value"),
    [
        ("PHQ-9", 3, 4),
        ("PHQ-9", 9, -1),
        ("GAD-7", 7, 4),
        ("WSAS", 2, 9),
        ("AUDIT", 1, 5),
        ("AUDIT-C", 3, 5),
        ("PCL-5", 20, 5),
        ("CORE-10", 2, 5),
        ("TAPS-1", 4, 5),
        ("FFT", 1, 0),
        ("FFT", 1, 7),
    ],
)
def test_an_out_of_range_answer_is_refused_naming_the_item(instrument, item, value):
    with pytest.raises(InvalidAnswerError, match=f"{instrument} item {item}: {value}") as error:
        score(instrument, {item: value})

    assert (error.value.instrument_id, error.value.item) == (instrument, item)


@pytest.mark.hazard("HAZ-003")
def test_an_itq_error_names_the_item_by_its_printed_label():
    with pytest.raises(InvalidAnswerError, match="ITQ item C3: 5 is not an allowed answer"):
        score("ITQ", {12: 5})


@pytest.mark.hazard("HAZ-003")
@pytest.mark.parametrize("value", [True, 1.0, "1", b"1"])
def test_a_value_of_the_wrong_type_is_refused_even_when_it_equals_an_option(value):
    with pytest.raises(InvalidAnswerError, match="PHQ-9 item 1"):
        score("PHQ-9", {1: value})


@pytest.mark.hazard("HAZ-003")
@pytest.mark.parametrize("key", [0, 11, -1, "phq9.1", "1", 1.0])
def test_an_answer_to_an_item_that_does_not_exist_is_refused(key):
    with pytest.raises(UnknownItemError, match="PHQ-9 has no item") as error:
        score("PHQ-9", {key: 1})

    assert error.value.item == key


@pytest.mark.hazard("HAZ-003")
def test_not_applicable_is_refused_where_the_item_does_not_offer_it():
    with pytest.raises(InvalidAnswerError, match="WSAS item 2: cannot be 'not applicable'"):
        score("WSAS", {2: NOT_APPLICABLE})


@pytest.mark.hazard("HAZ-003")
def test_taps1_refuses_both_alternative_alcohol_items():
    with pytest.raises(InvalidAnswerError, match="TAPS-1 item 3: items 2, 3, 6 are alternatives"):
        score("TAPS-1", {1: 0, 2: 1, 3: 1, 4: 0, 5: 0})


@pytest.mark.hazard("HAZ-003")
def test_question_set_answers_are_checked_against_their_items():
    followup = get_instrument("follow-up-service-use")
    demographics = get_instrument("demographics")

    with pytest.raises(InvalidAnswerError, match="item 4: 366 is outside 0-365"):
        score(followup, {4: 366})
    with pytest.raises(InvalidAnswerError, match="item 2: expected a list of choices"):
        score(followup, {2: "gp"})
    with pytest.raises(InvalidAnswerError, match="item 2: a choice is repeated"):
        score(followup, {2: ("gp", "gp")})
    with pytest.raises(InvalidAnswerError, match="item 1: 'unknown' is not an allowed answer"):
        score(demographics, {1: "unknown"})
    with pytest.raises(InvalidAnswerError, match="item 4: expected text"):
        score(demographics, {4: 3})


def test_multi_select_answers_are_kept_in_option_order_and_blank_text_is_unanswered():
    followup = get_instrument("follow-up-service-use")
    demographics = get_instrument("demographics")

    assert validate_answers(followup, {2: ["gp", "resilience-hub"]}) == {
        2: ("resilience-hub", "gp")
    }
    assert validate_answers(demographics, {4: "   "}) == {}


def test_every_answer_error_is_a_value_error():
    assert issubclass(AnswerError, ValueError)
    assert issubclass(UnknownInstrumentError, ValueError)


def test_an_unknown_instrument_or_version_is_refused():
    with pytest.raises(UnknownInstrumentError, match="unknown instrument 'PHQ-8'"):
        score("PHQ-8", {})
    with pytest.raises(UnknownInstrumentError, match="PHQ-9 has no version '0.1'"):
        score("PHQ-9", {}, version="0.1")


def test_instrument_ids_are_case_insensitive():
    assert score("phq-9", {9: 1}).instrument == "PHQ-9"
    assert score("Core-10", {}).instrument == "CORE-10"


def test_dates_must_be_dates_not_datetimes():
    from resiliencehub.instruments import Item, derive_question_set
    from resiliencehub.instruments.model import AnswerType

    variant = derive_question_set(
        get_instrument("occupation"),
        id="occupation/site-b",
        version="1.0.0",
        add=[Item(0, "site-b.start", "When did you start?", AnswerType.DATE, optional=True)],
    )
    number = len(variant.items)

    assert score(variant, {number: datetime.date(2021, 3, 1)}).instrument == "occupation/site-b"
    with pytest.raises(InvalidAnswerError, match="expected a date"):
        score(variant, {number: datetime.datetime(2021, 3, 1, 9, 0)})
