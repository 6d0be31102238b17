"""COVID-19 impact questions (unscored; a hub may vary them with ``derive_question_set``).

The topics are those the hubs' screening covered (service-model.md, step 3; seed 002:
bereavement, infection, Long COVID, moral distress, redeployment). The wording is this
project's own. None of these items is a risk item; a hub that wants one adds it to its
variant with a ``risk_if`` rule.
"""

from ..model import AskedIf, Instrument, InstrumentKind
from .shared import (
    YES_NO_NOT_SURE,
    YES_NO_PREFER_NOT,
    labelled_options,
    question,
    without_follow_up_conditions,
)

_HAD_COVID = frozenset({"yes-confirmed-by-a-test", "yes-i-think-so-but-it-was-not-confirmed"})
_FREQUENCY = labelled_options("Never", "Occasionally", "Sometimes", "Often", "Most of the time")

COVID_IMPACT = Instrument(
    id="covid-impact",
    version="1.1.0",
    title="How the COVID-19 pandemic has affected you",
    short_title="COVID-19 impact",
    preamble="These questions are about how the COVID-19 pandemic has affected you.",
    kind=InstrumentKind.QUESTION_SET,
    link_prefix="covid",
    items=(
        question(
            1,
            "covid.bereavement",
            "Has someone close to you died of COVID-19?",
            options=labelled_options(
                "No",
                "Yes, a family member",
                "Yes, a friend",
                "Yes, a colleague",
                "Prefer not to say",
            ),
            repeats=True,
        ),
        question(
            2,
            "covid.infection",
            "Have you had COVID-19?",
            options=labelled_options(
                "No",
                "Yes, confirmed by a test",
                "Yes, I think so but it was not confirmed",
                "Not sure",
            ),
        ),
        question(
            3,
            "covid.long_covid",
            "Do you still have symptoms more than 12 weeks after having COVID-19 (Long COVID)?",
            options=YES_NO_NOT_SURE,
            asked_if=AskedIf("covid.infection", _HAD_COVID | {"not-sure"}),
        ),
        question(
            4,
            "covid.hospital_admission",
            "Were you admitted to hospital because of COVID-19?",
            options=YES_NO_PREFER_NOT,
            asked_if=AskedIf("covid.infection", _HAD_COVID),
        ),
        question(
            5,
            "covid.moral_distress",
            "How often have you felt you had to act, or watch others act, in ways that went "
            "against your values or the standard of care you believe in?",
            options=_FREQUENCY,
        ),
        question(
            6,
            "covid.fear_of_infecting_others",
            "How often have you worried about passing COVID-19 on to people you live with?",
            options=_FREQUENCY,
        ),
        question(
            7,
            "covid.isolation",
            "Have you had to live apart from your family, or shield, because of COVID-19?",
            options=YES_NO_PREFER_NOT,
        ),
    ),
    source="Topics from seed 002 and service-model.md; wording by this project.",
    licence="This project (MIT).",
)

COVID_IMPACT_1_0 = without_follow_up_conditions(COVID_IMPACT, "1.0.0")
"""Version 1.0.0 counted a follow-up question that was not asked as missing."""
