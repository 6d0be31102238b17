"""Whole-number questions (the follow-up's GP visits, days off work): a text box for
digits whose every wrong answer says what to type, stored as a number."""

import pytest

from resiliencehub.instruments import get_instrument
from resiliencehub.intake import pages
from resiliencehub.intake.forms import form_for

GP_VISITS = "follow-up-service-use-4"


def _page():
    found = pages.instrument_pages(get_instrument("follow-up-service-use"), set())
    return next(page for page in found if page.key == GP_VISITS)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a number, like 0 or 3"),
        ("two", "Enter a whole number, like 0 or 3"),
        ("2.5", "Enter a whole number, like 0 or 3"),
        ("-1", "Enter 0 or more"),
        ("366", "Enter 365 or less"),
    ],
)
def test_a_wrong_count_says_what_to_type(typed, message):
    page = _page()
    name = pages.item_field(page.items[0])
    form = form_for(page, {name: typed})
    assert not form.is_valid()
    assert form.errors[name] == [message]


def test_a_count_is_stored_as_a_number():
    page = _page()
    name = pages.item_field(page.items[0])
    form = form_for(page, {name: " 3 "})
    assert form.is_valid(), form.errors
    assert list(form.answers().values()) == [3]


def test_the_box_asks_phones_for_the_number_keypad():
    page = _page()
    widget = form_for(page).fields[pages.item_field(page.items[0])].widget
    assert widget.input_type == "number"  # rendered as type=text inputmode=numeric
