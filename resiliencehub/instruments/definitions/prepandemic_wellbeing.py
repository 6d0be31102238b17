"""Wellbeing before the pandemic (unscored; a hub may vary it with ``derive_question_set``).

Pre-pandemic wellbeing concerns predicted higher need in the hubs' evaluation
(service-model.md, step 9), so they are asked apart from current symptoms. The wording is
this project's own.
"""

from ..model import AnswerType, Instrument, InstrumentKind
from .shared import YES_NO_PREFER_NOT, question

PRE_PANDEMIC_WELLBEING = Instrument(
    id="pre-pandemic-wellbeing",
    version="1.0.0",
    title="Your wellbeing before the pandemic",
    short_title="Wellbeing before the pandemic",
    preamble="Think about the time before the COVID-19 pandemic began in March 2020.",
    kind=InstrumentKind.QUESTION_SET,
    link_prefix="prepandemic",
    items=(
        question(
            1,
            "prepandemic.mental_health_concerns",
            "Before March 2020, did you have concerns about your mental health or wellbeing?",
            options=YES_NO_PREFER_NOT,
        ),
        question(
            2,
            "prepandemic.diagnosed_condition",
            "Before March 2020, had you been told by a professional that you had a mental "
            "health condition?",
            options=YES_NO_PREFER_NOT,
        ),
        question(
            3,
            "prepandemic.details",
            "If you want to, tell us more about your wellbeing before the pandemic.",
            AnswerType.TEXT,
            optional=True,
        ),
    ),
    source="Topic from seed 002 (predictors of need); wording by this project.",
    licence="This project (MIT).",
)
