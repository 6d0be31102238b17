"""Answers as stored (JSON) and as the instruments library takes them (item number → value)."""

import datetime

from resiliencehub.instruments import NOT_APPLICABLE

NA = "na"


def to_json(answers: dict) -> dict[str, object]:
    stored = {}
    for number, value in answers.items():
        if value is None:
            continue
        if value is NOT_APPLICABLE:
            value = NA
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        stored[str(number)] = value
    return stored


def from_json(stored: dict, definition=None) -> dict[int, object]:
    """Stored answers back to library form; dates and N/A restored by item type."""
    answers = {}
    for key, value in (stored or {}).items():
        number = int(key)
        if value == NA:
            value = NOT_APPLICABLE
        elif isinstance(value, list):
            value = tuple(value)
        elif definition is not None and isinstance(value, str):
            item = definition.items_by_number.get(number)
            if item is not None and item.answer_type == "date":
                value = datetime.date.fromisoformat(value)
        answers[number] = value
    return answers
