"""Errors raised by the questionnaire library.

Every error is a ``ValueError`` so that callers validating user input can catch one
type. Answer errors name the instrument and the item, because the person fixing the
input (a client on a form, a researcher with a spreadsheet) needs to know which
answer was wrong (hazard HAZ-003 in docs/clinical-safety/hazard-log.md).
"""

from __future__ import annotations


class InstrumentError(ValueError):
    """Base class of every error this package raises."""


class UnknownInstrumentError(InstrumentError):
    """No definition is registered under the requested id (and version)."""


class AnswerError(InstrumentError):
    """An answer cannot belong to a real administration of the instrument.

    ``instrument_id`` and ``item`` (the item number, or the unknown key as given)
    identify the answer, so that a form or command line can point at it.
    """

    def __init__(self, instrument_id: str, item: object, message: str) -> None:
        super().__init__(message)
        self.instrument_id = instrument_id
        self.item = item


class UnknownItemError(AnswerError):
    """An answer was given for an item the instrument does not have."""


class InvalidAnswerError(AnswerError):
    """An answer is of the wrong type, out of range, or contradicts the skip rules."""
