"""ITQ: International Trauma Questionnaire, ICD-11 PTSD and Complex PTSD (instruments.md §5).

- Items and options: Cloitre et al. 2018, Acta Psychiatr Scand, doi:10.1111/acps.12956
  ("freely available and can be found in the body of this paper"); items reproduced in
  Eur J Psychotraumatol 2020, PMC7685205 Table 1.
- Order (also the command-line order): P1-P6, the three PTSD functional-impairment items
  (P7-P9), C1-C6, then the three DSO functional-impairment items (C7-C9); numbers 1-18.
- An item is endorsed at >= 2 ("Moderately").
- PTSD criteria: P1 or P2; P3 or P4; P5 or P6; and one of P7-P9.
- DSO criteria: C1 or C2; C3 or C4; C5 or C6; and one of C7-C9.
- Diagnosis: PTSD and DSO criteria -> CPTSD; PTSD criteria only -> PTSD; otherwise none.
  DSO criteria alone give no diagnosis (comorbidityguidelines.org.au ITQ scoring,
  faithful to Cloitre 2018).
- Dimensional scores: PTSD = P1-P6 (0-24), DSO = C1-C6 (0-24), clusters are pair sums;
  impairment items are not added in.
- No published missing-item rule: every item is required (instruments.md recommends
  requiring all items the algorithm needs).
- The form's questions naming the event and when it happened are not part of the
  algorithm and are left to the hub's own question set.
"""

from ..model import CriteriaSet, Criterion, Diagnosis, Instrument, Scoring, Subscale
from .shared import BOTHERED, numbered_items

_PTSD_SYMPTOMS = (
    "Having upsetting dreams that replay part of the experience or are clearly related to "
    "the experience",
    "Having powerful images or memories that sometimes come into your mind in which you feel "
    "the experience is happening again in the here and now",
    "Avoiding internal reminders of the experience (for example, thoughts, feelings, or "
    "physical sensations)",
    "Avoiding external reminders of the experience (for example, people, places, "
    "conversations, objects, activities, or situations)",
    "Being 'super-alert', watchful, or on guard",
    "Feeling jumpy or easily startled",
)
_IMPAIRMENT = (
    "Affected your relationships or social life",
    "Affected your work or ability to work",
    "Affected any other important part of your life such as parenting, or school or college "
    "work, or other important activities",
)
_DSO_SYMPTOMS = (
    "When I am upset, it takes me a long time to calm down",
    "I feel numb or emotionally shut down",
    "I feel like a failure",
    "I feel worthless",
    "I feel distant or cut off from people",
    "I find it hard to stay emotionally close to people",
)
_SECTIONS = {
    1: (
        "Below are a number of problems that people sometimes report in response to "
        "traumatic or stressful life events. Please read each item carefully, then choose how "
        "much you have been bothered by that problem in the past month."
    ),
    7: "In the past month, have the above problems or symptoms:",
    10: (
        "Below are problems or symptoms that people who have had stressful or traumatic "
        "events sometimes experience. The questions refer to ways you typically feel, ways "
        "you typically think about yourself and ways you typically relate to others. Answer "
        "thinking about how true each statement is of you."
    ),
    16: (
        "In the past month, have the above problems in emotions, in beliefs about yourself "
        "and in relationships:"
    ),
}
_LABELS = tuple(f"P{n}" for n in range(1, 10)) + tuple(f"C{n}" for n in range(1, 10))

ITQ = Instrument(
    id="ITQ",
    version="1.0.0",
    title="International Trauma Questionnaire (ITQ)",
    short_title="Trauma (PTSD and complex PTSD)",
    preamble=(
        "Please identify the experience that troubles you most and answer the questions in "
        "relation to this experience."
    ),
    items=numbered_items(
        "itq",
        _PTSD_SYMPTOMS + _IMPAIRMENT + _DSO_SYMPTOMS + _IMPAIRMENT,
        BOTHERED,
        labels=_LABELS,
        sections=_SECTIONS,
    ),
    source=(
        "Cloitre et al. 2018, Acta Psychiatr Scand 138:536-546 (items, diagnostic algorithm); "
        "Eur J Psychotraumatol 2020 PMC7685205 Table 1 (wording); comorbidityguidelines.org.au "
        "ITQ scoring. See instruments.md section 5."
    ),
    licence="Free to use: 'The measure is freely available' (Cloitre et al. 2018).",
    link_prefix="itq",
    scoring=Scoring(
        subscales=(
            Subscale("ptsd", (1, 2, 3, 4, 5, 6)),
            Subscale("dso", (10, 11, 12, 13, 14, 15)),
            Subscale("re_experiencing", (1, 2)),
            Subscale("avoidance", (3, 4)),
            Subscale("sense_of_threat", (5, 6)),
            Subscale("affective_dysregulation", (10, 11)),
            Subscale("negative_self_concept", (12, 13)),
            Subscale("disturbances_in_relationships", (14, 15)),
        ),
        criteria=(
            CriteriaSet(
                "PTSD",
                (
                    Criterion("re-experiencing", (1, 2)),
                    Criterion("avoidance", (3, 4)),
                    Criterion("sense of threat", (5, 6)),
                    Criterion("functional impairment", (7, 8, 9)),
                ),
            ),
            CriteriaSet(
                "DSO",
                (
                    Criterion("affective dysregulation", (10, 11)),
                    Criterion("negative self-concept", (12, 13)),
                    Criterion("disturbances in relationships", (14, 15)),
                    Criterion("functional impairment", (16, 17, 18)),
                ),
            ),
        ),
        diagnoses=(Diagnosis("CPTSD", ("PTSD", "DSO")), Diagnosis("PTSD", ("PTSD",))),
    ),
)
