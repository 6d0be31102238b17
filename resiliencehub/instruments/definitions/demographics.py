"""Demographic questions (unscored; a hub may vary them with ``derive_question_set``).

Used to report reach and equity against the in-scope workforce (service-model.md, step 9).

- Ethnic group: the 19 ONS Census 2021 categories for England in their five groups,
  plus "Prefer not to say".
- Sex, gender identity and sexual orientation follow the ONS Census 2021 questions; as in
  the census, gender identity and sexual orientation are voluntary and marked optional.
- Disability: the ONS Census 2021 long-term condition question and its activity
  limitation follow-up (the Equality Act 2010 harmonised standard).
- Age is asked as a band because only bands are reported; 16-17 is offered because some
  hubs accept 16- and 17-year-old staff (seed 002, Table 3).
- Every question offers "Prefer not to say" so that no one is forced to disclose.
"""

from ..model import AnswerType, AskedIf, Instrument, InstrumentKind
from .shared import YES_NO_PREFER_NOT, labelled_options, question, without_follow_up_conditions

_PREFER = "Prefer not to say"

ETHNIC_GROUPS = {
    "Asian, Asian British or Asian Welsh": (
        "Bangladeshi",
        "Chinese",
        "Indian",
        "Pakistani",
        "Any other Asian background",
    ),
    "Black, Black British, Black Welsh, Caribbean or African": (
        "African",
        "Caribbean",
        "Any other Black, Black British, or Caribbean background",
    ),
    "Mixed or Multiple ethnic groups": (
        "White and Asian",
        "White and Black African",
        "White and Black Caribbean",
        "Any other Mixed or Multiple ethnic background",
    ),
    "White": (
        "English, Welsh, Scottish, Northern Irish or British",
        "Irish",
        "Gypsy or Irish Traveller",
        "Roma",
        "Any other White background",
    ),
    "Other ethnic group": ("Arab", "Any other ethnic group"),
}
"""ONS Census 2021 ethnic group classification (England), group -> categories."""

DEMOGRAPHICS = Instrument(
    id="demographics",
    version="1.1.0",
    title="About you",
    short_title="About you",
    preamble=(
        "These questions help the hub check that it reaches everyone who needs it. You can "
        "choose 'Prefer not to say' for any of them."
    ),
    kind=InstrumentKind.QUESTION_SET,
    link_prefix="demographics",
    items=(
        question(
            1,
            "demographics.age_band",
            "What is your age?",
            options=labelled_options(
                "16 to 17",
                "18 to 24",
                "25 to 34",
                "35 to 44",
                "45 to 54",
                "55 to 64",
                "65 or over",
                _PREFER,
            ),
        ),
        question(
            2,
            "demographics.sex",
            "What is your sex?",
            options=labelled_options("Female", "Male", _PREFER),
        ),
        question(
            3,
            "demographics.gender_same_as_birth",
            "Is the gender you identify with the same as your sex registered at birth?",
            options=labelled_options("Yes", "No", _PREFER),
            optional=True,
        ),
        question(
            4,
            "demographics.gender_identity",
            "If not, what is your gender identity?",
            AnswerType.TEXT,
            optional=True,
            asked_if=AskedIf("demographics.gender_same_as_birth", frozenset({"no"})),
        ),
        question(
            5,
            "demographics.ethnic_group",
            "What is your ethnic group?",
            options=labelled_options(
                *(
                    f"{group}: {category}"
                    for group, categories in ETHNIC_GROUPS.items()
                    for category in categories
                ),
                _PREFER,
            ),
        ),
        question(
            6,
            "demographics.long_term_condition",
            "Do you have any physical or mental health conditions or illnesses lasting or "
            "expected to last 12 months or more?",
            options=YES_NO_PREFER_NOT,
        ),
        question(
            7,
            "demographics.condition_limits_activities",
            "Do any of your conditions or illnesses reduce your ability to carry out "
            "day-to-day activities?",
            options=labelled_options("Yes, a lot", "Yes, a little", "Not at all", _PREFER),
            optional=True,
            asked_if=AskedIf("demographics.long_term_condition", frozenset({"yes"})),
        ),
        question(
            8,
            "demographics.sexual_orientation",
            "Which of the following best describes your sexual orientation?",
            options=labelled_options(
                "Straight or Heterosexual",
                "Gay or Lesbian",
                "Bisexual",
                "Other sexual orientation",
                _PREFER,
            ),
            optional=True,
        ),
    ),
    source=(
        "ONS Census 2021 questions for England (sex, gender identity, ethnic group, long-term "
        "health conditions, sexual orientation); age bands: this project."
    ),
    licence="Crown copyright ONS, Open Government Licence v3.0.",
)

DEMOGRAPHICS_1_0 = without_follow_up_conditions(DEMOGRAPHICS, "1.0.0")
"""Version 1.0.0 counted a follow-up question that was not asked as missing."""
