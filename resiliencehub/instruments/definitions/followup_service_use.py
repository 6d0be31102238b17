"""Follow-up service use (unscored; a hub may vary it with ``derive_question_set``).

Asked some months after screening: support received since, from whom, whether it came
through the hub, and health and social care contacts (service-model.md, step 7; the
follow-up set in instruments.md, Decisions, together with FFT, CORE-10 and repeated
PHQ-9, GAD-7 and WSAS). Contact counts are whole numbers from 0 to 365: more than one a
day over a follow-up period is not a plausible answer.
"""

from ..model import AnswerType, Instrument, InstrumentKind, Item, Option
from .shared import SUPPORT_SOURCES, YES_NO, YES_NO_NOT_SURE, question

_MOST_CONTACTS = 365


def _contacts(number: int, link_id: str, text: str) -> Item:
    return question(number, link_id, text, AnswerType.INTEGER, minimum=0, maximum=_MOST_CONTACTS)


FOLLOWUP_SERVICE_USE = Instrument(
    id="follow-up-service-use",
    version="1.0.0",
    title="Support and services since your screening",
    short_title="Service use since screening",
    preamble=(
        "These questions are about support and services you have used since you completed the "
        "hub's screening questionnaires."
    ),
    kind=InstrumentKind.QUESTION_SET,
    link_prefix="followup",
    items=(
        question(
            1,
            "followup.support_received",
            "Since your screening, have you had any support for your mental health or wellbeing?",
            options=YES_NO,
        ),
        question(
            2,
            "followup.support_from",
            "Who was the support from?",
            options=(Option("resilience-hub", "The Resilience Hub"), *SUPPORT_SOURCES),
            repeats=True,
            optional=True,
        ),
        question(
            3,
            "followup.through_hub",
            "Did the hub provide or arrange any of this support?",
            options=YES_NO_NOT_SURE,
            optional=True,
        ),
        _contacts(
            4,
            "followup.gp_contacts",
            "How many times have you seen or spoken to a GP about your mental health?",
        ),
        _contacts(
            5,
            "followup.urgent_care_contacts",
            "How many times have you gone to A&E or a crisis service because of your mental "
            "health?",
        ),
        _contacts(
            6,
            "followup.hospital_admissions",
            "How many times have you been admitted to hospital because of your mental health?",
        ),
        _contacts(
            7,
            "followup.social_care_contacts",
            "How many times have you had contact with social care services?",
        ),
        _contacts(
            8,
            "followup.days_off_work",
            "How many days have you been off work because of your mental health?",
        ),
    ),
    source="Service-model.md step 7 and seed 002 (follow-up content); wording by this project.",
    licence="This project (MIT).",
)
