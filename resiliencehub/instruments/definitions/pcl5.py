"""PCL-5: PTSD Checklist for DSM-5 (instruments.md §6).

- 20 items, options 0 not at all ... 4 extremely; stem "In the past month, how much were
  you bothered by:" (National Center for PTSD, PCL-5 standard form).
- Total 0-80; cluster sums B 1-5, C 6-7, D 8-14, E 15-20 (comorbidityguidelines.org.au;
  CamCOPS ``pcl5.py``).
- Provisional DSM-5 diagnosis: items >= 2 endorsed; at least 1 B, 1 C, 2 D and 2 E.
- Probable PTSD at total >= 33 (the top of the published 31-33 range, as the issue asks).
- "There are currently no empirically derived severity ranges for the PCL-5": no bands.
- No published prorating rule: any missing item makes the form incomplete (instruments.md,
  Decisions).
"""

from ..model import CriteriaSet, Criterion, Diagnosis, Instrument, Scoring, Subscale
from .shared import BOTHERED, numbered_items

_ITEMS = (
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually happening again "
    "(as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the stressful "
    "experience (for example, heart pounding, trouble breathing, sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, people, places, "
    "conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world (for example, "
    "having thoughts such as: I am bad, there is something seriously wrong with me, no one "
    "can be trusted, the world is completely dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel happiness or "
    "have loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    'Being "superalert" or watchful or on guard?',
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
)

_B, _C, _D, _E = (
    tuple(range(1, 6)),
    (6, 7),
    tuple(range(8, 15)),
    tuple(range(15, 21)),
)

PCL5 = Instrument(
    id="PCL-5",
    version="1.0.0",
    title="PTSD Checklist for DSM-5 (PCL-5)",
    short_title="Post-traumatic stress",
    preamble=(
        "Below is a list of problems that people sometimes have in response to a very "
        "stressful experience. Please read each problem carefully and then choose one of the "
        "answers to indicate how much you have been bothered by that problem in the past "
        "month. In the past month, how much were you bothered by:"
    ),
    items=numbered_items("pcl5", _ITEMS, BOTHERED),
    source=(
        "Weathers et al. 2013, National Center for PTSD (PCL-5 standard form); Blevins et al. "
        "2015 J Trauma Stress 28:489-498; scoring: comorbidityguidelines.org.au PCL-5. See "
        "instruments.md section 6."
    ),
    licence="Public domain: a work of the US Government (CamCOPS pcl5.rst).",
    link_prefix="pcl5",
    scoring=Scoring(
        total_items=tuple(range(1, 21)),
        max_missing=0,
        probable_at=33,
        subscales=(
            Subscale("intrusion", _B),
            Subscale("avoidance", _C),
            Subscale("negative_cognition_and_mood", _D),
            Subscale("arousal_and_reactivity", _E),
        ),
        criteria=(
            CriteriaSet(
                "DSM-5",
                (
                    Criterion("B intrusion", _B, 1),
                    Criterion("C avoidance", _C, 1),
                    Criterion("D negative alterations in cognition and mood", _D, 2),
                    Criterion("E alterations in arousal and reactivity", _E, 2),
                ),
            ),
        ),
        diagnoses=(Diagnosis("provisional PTSD", ("DSM-5",)),),
    ),
)
