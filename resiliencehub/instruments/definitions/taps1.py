"""TAPS-1: NIDA Tobacco, Alcohol, Prescription medication and other Substance use screen.

Chosen instead of ASSIST-Lite, which needs permission in the UK (instruments.md §7 and
Decisions).

- Past-12-month frequency of tobacco use, heavy drinking, illicit drug use and
  non-medical prescription medication use; options Never, Less than monthly, Monthly,
  Weekly, Daily or almost daily (NIDA TAPS tool, nida.nih.gov/taps2; PhenX protocol
  511601).
- PhenX: "Five items ... A skip pattern asks men and women a different question about the
  quantity of alcohol": question 2 (5 or more drinks) only for men, question 3 (4 or more
  drinks) only for women. Heavy drinking is ">=5 drinks men / >=4 women in a day"
  (instruments.md section 7).
- Version 1.1.0 adds item 6, one neutral question for a person whose sex is not known
  (not asked, or "Prefer not to say"): it names both thresholds, so each person answers
  at their own threshold and the frequency means what items 2 and 3 mean (the UK AUDIT
  form words its binge question the same way: "6 or more units if female, or 8 or more
  if male"). Items 2, 3 and 6 are alternatives: exactly one is asked and answered, and
  the alcohol subscale is whichever was. The public journey picks the one that applies
  from the sex already given (``intake.pages``), so no one is shown two alcohol
  questions, and shows the one it asks where the alcohol question is printed.
- "Any answer other than 'never'" is a positive screen and leads to TAPS-2 (NIDA). The
  band is "positive" when any item is above "Never", else "negative"; the subscales give
  each substance's frequency (0-4).
- There is no total score.
"""

from ..model import (
    AnswerType,
    Band,
    BandBasis,
    Instrument,
    Item,
    Option,
    Scoring,
    Subscale,
    SubscaleMethod,
)
from .shared import numbered_items

_FREQUENCY = (
    Option(0, "Never"),
    Option(1, "Less than monthly"),
    Option(2, "Monthly"),
    Option(3, "Weekly"),
    Option(4, "Daily or almost daily"),
)
_DRINK = (
    "One standard drink is about 1 small glass of wine (5 oz), 1 beer (12 oz), or 1 single "
    "shot of liquor."
)
_ITEMS = (
    "In the past 12 months, how often have you used any tobacco product (for example, "
    "cigarettes, e-cigarettes, cigars, pipes, or smokeless tobacco)?",
    "For men: in the past 12 months, how often have you had 5 or more drinks containing "
    f"alcohol in one day? {_DRINK}",
    "For women: in the past 12 months, how often have you had 4 or more drinks containing "
    f"alcohol in one day? {_DRINK}",
    "In the past 12 months, how often have you used any drugs including marijuana, cocaine "
    "or crack, heroin, methamphetamine (crystal meth), hallucinogens, ecstasy/MDMA?",
    "In the past 12 months, how often have you used any prescription medications just for "
    "the feeling, more than prescribed or that were not prescribed for you? Prescription "
    "medications that may be used this way include opiate pain relievers, medications for "
    "anxiety or sleeping, and medications for ADHD.",
)

_NEUTRAL = (
    "In the past 12 months, how often have you had 5 or more drinks containing alcohol in "
    f"one day if you are a man, or 4 or more if you are a woman? {_DRINK}"
)
_SOURCE = (
    "NIDA TAPS tool (nida.nih.gov/taps2); McNeely et al. 2016, Ann Intern Med "
    "165:690-699; PhenX protocol 511601 (five items with a sex-specific alcohol item). "
    "See instruments.md section 7."
)
_LICENCE = (
    "Developed by NIDA (US Government); PhenX: 'freely available; permission not required for use'."
)


def _scoring(alcohol: tuple[int, ...]) -> Scoring:
    """TAPS-1's scoring: positive when any substance is used, each substance's frequency a
    subscale; exactly one of the `alcohol` items (the alternative questions) is answered,
    and it is the alcohol frequency."""
    return Scoring(
        bands=(Band(0, "negative"), Band(1, "positive")),
        band_basis=BandBasis.HIGHEST_ITEM,
        subscales=(
            Subscale("tobacco", (1,)),
            Subscale("alcohol", alcohol, SubscaleMethod.HIGHEST),
            Subscale("illicit_drugs", (4,)),
            Subscale("prescription_medication", (5,)),
        ),
        alternatives=(alcohol,),
    )


TAPS1_1_0 = Instrument(
    id="TAPS-1",
    version="1.0.0",
    title="Tobacco, Alcohol, Prescription medication and other Substance use screen (TAPS-1)",
    short_title="Smoking, alcohol and drug use",
    preamble=(
        "The next questions are about your use of tobacco, alcohol and drugs in the past 12 "
        "months. Answer only the alcohol question for your sex."
    ),
    items=numbered_items("taps1", _ITEMS, _FREQUENCY, optional=frozenset({2, 3})),
    source=_SOURCE,
    licence=_LICENCE,
    link_prefix="taps1",
    scoring=_scoring(alcohol=(2, 3)),
)
"""Version 1.0.0 showed both sex-specific alcohol questions ("For men: ...", "For women:
..."); kept registered so administrations stored with it are rescored as they were."""

_ITEMS_1_1 = (
    *numbered_items(
        "taps1",
        (
            _ITEMS[0],
            "In the past 12 months, how often have you had 5 or more drinks containing alcohol "
            f"in one day? {_DRINK}",
            "In the past 12 months, how often have you had 4 or more drinks containing alcohol "
            f"in one day? {_DRINK}",
            _ITEMS[3],
            _ITEMS[4],
        ),
        _FREQUENCY,
        optional=frozenset({2, 3}),
    ),
    Item(
        number=6,
        link_id="taps1.6",
        text=_NEUTRAL,
        answer_type=AnswerType.CHOICE,
        options=_FREQUENCY,
        optional=True,
    ),
)

TAPS1 = Instrument(
    id="TAPS-1",
    version="1.1.0",
    title="Tobacco, Alcohol, Prescription medication and other Substance use screen (TAPS-1)",
    short_title="Smoking, alcohol and drug use",
    preamble=(
        "The next questions are about your use of tobacco, alcohol and drugs in the past 12 months."
    ),
    items=_ITEMS_1_1,
    source=_SOURCE,
    licence=_LICENCE,
    link_prefix="taps1",
    scoring=_scoring(alcohol=(2, 3, 6)),
)
