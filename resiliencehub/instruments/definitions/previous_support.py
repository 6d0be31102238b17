"""Previous mental-health support (unscored; a hub may vary it with ``derive_question_set``).

The wording is this project's own.
"""

from ..model import Instrument, InstrumentKind
from .shared import SUPPORT_SOURCES, YES_NO, YES_NO_PREFER_NOT, question

PREVIOUS_SUPPORT = Instrument(
    id="previous-support",
    version="1.0.0",
    title="Support you have had before",
    short_title="Previous support",
    preamble="These questions are about any support for your mental health you have had before.",
    kind=InstrumentKind.QUESTION_SET,
    link_prefix="previous",
    items=(
        question(
            1,
            "previous.ever_supported",
            "Have you ever had support or treatment for your mental health?",
            options=YES_NO_PREFER_NOT,
        ),
        question(
            2,
            "previous.sources",
            "Where did that support come from?",
            options=SUPPORT_SOURCES,
            repeats=True,
            optional=True,
        ),
        question(
            3,
            "previous.currently_supported",
            "Are you getting support for your mental health at the moment?",
            options=YES_NO,
        ),
        question(
            4,
            "previous.medication",
            "Are you taking medication for your mental health?",
            options=YES_NO_PREFER_NOT,
        ),
    ),
    source="Service-model.md (screening content); wording by this project.",
    licence="This project (MIT).",
)
