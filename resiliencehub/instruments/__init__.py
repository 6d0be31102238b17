"""Questionnaire library: versioned definitions, exact scoring and FHIR R4 exchange.

Pure Python with no Django import, so every rule can be tested and checked on its own
(design.md, "instruments"). The facts and decisions it implements are in
``/work/shared/instruments.md`` and tabulated, with their sources, in
``docs/instruments-rules.md``.

- ``score(instrument_id, answers, version=None) -> Result``; answers are keyed by item
  number (1-based, printed order).
- ``talking_therapies_outcome(...)`` for NHS Talking Therapies paired outcomes.
- ``resiliencehub.instruments.fhir`` exports Questionnaire, QuestionnaireResponse and
  Observation resources and imports a QuestionnaireResponse.
- ``python -m resiliencehub.instruments`` is the command line.
"""

from .errors import (
    AnswerError,
    InstrumentError,
    InvalidAnswerError,
    UnknownInstrumentError,
    UnknownItemError,
)
from .model import NOT_APPLICABLE, Instrument, Item, Option, RiskRule, derive_question_set
from .outcomes import TalkingTherapiesOutcome, talking_therapies_outcome
from .registry import DEFAULT_REGISTRY, Registry, get_instrument
from .scoring import Result, round_half_up, score

__all__ = [
    "DEFAULT_REGISTRY",
    "NOT_APPLICABLE",
    "AnswerError",
    "Instrument",
    "InstrumentError",
    "InvalidAnswerError",
    "Item",
    "Option",
    "Registry",
    "Result",
    "RiskRule",
    "TalkingTherapiesOutcome",
    "UnknownInstrumentError",
    "UnknownItemError",
    "derive_question_set",
    "get_instrument",
    "round_half_up",
    "score",
    "talking_therapies_outcome",
]
