"""AUDIT: Alcohol Use Disorders Identification Test, UK wording (instruments.md §4).

- UK (OHID/PHE) wording in units for items 2 and 3 (form transcribed on
  docsbay.net/alcohol-screening-tool); the other items follow the WHO wording.
- Item scores: items 1-8 score 0-4; items 9 and 10 score **only 0, 2 or 4** (WHO; CamCOPS
  builds options for 0/2/4 only; awell-score allows only ``0|2|4``). Answers are the item
  scores, so 1 or 3 on items 9-10 is rejected.
- Skip logic (WHO manual; CamCOPS ``audit.py``): item 1 = 0 skips items 2-8; items 2 + 3
  = 0 skips items 4-8. Skipped items score 0. Items 9 and 10 are always asked.
- Total 0-40; zones 0-7 lower risk, 8-15 increasing risk, 16-19 higher risk, 20-40
  possible dependence (WHO zones with UK labels; UK form "Scoring").
- Subscales (awell-score ``audit_subscales.ts``): consumption 1-3, dependence 4-6,
  alcohol-related problems 7-10.
- No published prorating rule: a missing item that was not skipped makes the form
  incomplete.
- LOINC: total 75624-7 (HL7 Portugal IG); panel 72110-0 (third-party code files, verify on
  loinc.org). Items: 68518-0 (item 1); items 4-10 97734-8 ... 97740-5 (HL7 Portugal IG
  ValueSet ``cpe-auditobservation-vs``). Items 2 and 3 carry no item code because the
  UK units wording differs from the LOINC (WHO "drinks") questions.
"""

from ..model import Band, Instrument, Option, Scoring, SkipRule, Subscale
from .shared import numbered_items

_HOW_OFTEN = (
    Option(0, "Never"),
    Option(1, "Monthly or less"),
    Option(2, "2 to 4 times per month"),
    Option(3, "2 to 3 times per week"),
    Option(4, "4 or more times per week"),
)
_UNITS = (
    Option(0, "1 to 2"),
    Option(1, "3 to 4"),
    Option(2, "5 to 6"),
    Option(3, "7 to 9"),
    Option(4, "10 or more"),
)
_FREQUENCY = (
    Option(0, "Never"),
    Option(1, "Less than monthly"),
    Option(2, "Monthly"),
    Option(3, "Weekly"),
    Option(4, "Daily or almost daily"),
)
_EVER = (
    Option(0, "No"),
    Option(2, "Yes, but not in the last year"),
    Option(4, "Yes, during the last year"),
)

CONSUMPTION_TEXTS = (
    "How often do you have a drink containing alcohol?",
    "How many units of alcohol do you drink on a typical day when you are drinking?",
    "How often have you had 6 or more units if female, or 8 or more if male, on a single "
    "occasion in the last year?",
)
"""Items 1-3, shared with AUDIT-C."""
CONSUMPTION_OPTIONS = (_HOW_OFTEN, _UNITS, _FREQUENCY)
CONSUMPTION_LOINC = ("68518-0", None, None)

_DEPENDENCE_AND_HARM = (
    "How often during the last year have you found that you were not able to stop drinking "
    "once you had started?",
    "How often during the last year have you failed to do what was normally expected from "
    "you because of your drinking?",
    "How often during the last year have you needed an alcoholic drink in the morning to get "
    "yourself going after a heavy drinking session?",
    "How often during the last year have you had a feeling of guilt or remorse after drinking?",
    "How often during the last year have you been unable to remember what happened the night "
    "before because you had been drinking?",
)
_INJURY_AND_CONCERN = (
    "Have you or somebody else been injured as a result of your drinking?",
    "Has a relative or friend, doctor or other health worker been concerned about your "
    "drinking or suggested that you cut down?",
)
_LATER_LOINC = ("97734-8", "97735-5", "97736-3", "97737-1", "97738-9", "97739-7", "97740-5")
_UNIT_NOTE = (
    "One unit is 10 ml (8 grams) of pure alcohol: for example, a single 25 ml measure of spirits."
)


def consumption_items(link_prefix: str) -> tuple:
    """Items 1-3 (UK wording) with link ids under ``link_prefix``."""
    return tuple(
        numbered_items(link_prefix, (text,), options, loinc=(code,), first_number=number)[0]
        for number, (text, options, code) in enumerate(
            zip(CONSUMPTION_TEXTS, CONSUMPTION_OPTIONS, CONSUMPTION_LOINC, strict=True), start=1
        )
    )


AUDIT = Instrument(
    id="AUDIT",
    version="1.0.0",
    title="Alcohol Use Disorders Identification Test (AUDIT), UK version",
    short_title="Alcohol use",
    preamble="These questions are about your drinking over the last year. " + _UNIT_NOTE,
    items=(
        *consumption_items("audit"),
        *numbered_items(
            "audit", _DEPENDENCE_AND_HARM, _FREQUENCY, loinc=_LATER_LOINC[:5], first_number=4
        ),
        *numbered_items(
            "audit", _INJURY_AND_CONCERN, _EVER, loinc=_LATER_LOINC[5:], first_number=9
        ),
    ),
    source=(
        "Babor et al., WHO AUDIT manual 2001 (items, scores, skip logic, zones); OHID UK "
        "alcohol use screening form (units wording of items 2-3, zone labels); LOINC: HL7 "
        "Portugal IG. See instruments.md section 4."
    ),
    licence=(
        "Copyright World Health Organization 2001: may be freely reproduced and translated "
        "but not for sale or for use in conjunction with commercial purposes. The UK OHID "
        "form's licence was not verified."
    ),
    loinc="72110-0",
    link_prefix="audit",
    scoring=Scoring(
        total_items=tuple(range(1, 11)),
        max_missing=0,
        missing_rule_source="no prorating rule published; only skipped items may be blank",
        bands=(
            Band(0, "lower risk"),
            Band(8, "increasing risk"),
            Band(16, "higher risk"),
            Band(20, "possible dependence"),
        ),
        subscales=(
            Subscale("consumption", (1, 2, 3)),
            Subscale("dependence", (4, 5, 6)),
            Subscale("alcohol_related_problems", (7, 8, 9, 10)),
        ),
        skips=(
            SkipRule(trigger_items=(1,), skipped_items=(2, 3, 4, 5, 6, 7, 8)),
            SkipRule(trigger_items=(2, 3), skipped_items=(4, 5, 6, 7, 8)),
        ),
        total_loinc="75624-7",
    ),
)
