"""CORE-10: Clinical Outcomes in Routine Evaluation, 10 items (instruments.md §9).

- Options 0 Not at all, 1 Only occasionally, 2 Sometimes, 3 Often, 4 Most or all of the
  time (CamCOPS ``core10.xml``). Answers are the printed option positions 0-4.
- Items 2 and 3 are reverse-scored (score = 4 - position); CamCOPS stores them as
  "0 most or all of the time - 4 not at all". Not items 3 and 4 as socasresourcehub says.
- Clinical score = 10 x mean of the completed items, which with 10 items is the sum
  (0-40). "You could use a pro-rated score for ... the CORE-10 if one item was missing"
  (CORE System Trust, "What's in a name (1): scoring CORE measures").
- Bands <= 10 low, 11-14 mild, 15-19 moderate, 20-24 moderate-to-severe, >= 25 severe;
  clinical cut-off 11 (socasresourcehub; trybloom; novopsych).
- Risk: item 6 ("I made plans to end my life") at any answer above "Not at all".
- Licence CC BY-ND 4.0: the wording is used unmodified.
"""

from ..model import Band, Instrument, Option, RiskRule, Scoring
from .shared import numbered_items

_OPTIONS = (
    Option(0, "Not at all"),
    Option(1, "Only occasionally"),
    Option(2, "Sometimes"),
    Option(3, "Often"),
    Option(4, "Most or all of the time"),
)
_ITEMS = (
    "I have felt tense, anxious or nervous",
    "I have felt I have someone to turn to for support when needed",
    "I have felt able to cope when things go wrong",
    "Talking to people has felt too much for me",
    "I have felt panic or terror",
    "I made plans to end my life",
    "I have had difficulty getting to sleep or staying asleep",
    "I have felt despairing or hopeless",
    "I have felt unhappy",
    "Unwanted images or memories have been distressing me",
)

CORE10 = Instrument(
    id="CORE-10",
    version="1.0.0",
    title="Clinical Outcomes in Routine Evaluation (CORE-10)",
    short_title="Psychological distress",
    preamble=(
        "This form has 10 statements about how you have been over the last week. Please read "
        "each statement and think how often you felt that way last week. Then choose the "
        "answer which is closest to this."
    ),
    items=numbered_items(
        "core10",
        _ITEMS,
        _OPTIONS,
        reversed_items=frozenset({2, 3}),
        risk={6: RiskRule(minimum=1)},
    ),
    source=(
        "Barkham et al. 2013, Counselling and Psychotherapy Research 13:3-13; CORE System "
        "Trust, 'What's in a name (1): scoring CORE measures' (prorating); wording and reversed "
        "items: CamCOPS core10.xml. See instruments.md section 9."
    ),
    licence=(
        "CORE System Trust: free to reproduce in software under Creative Commons "
        "Attribution-NoDerivatives 4.0 (CC BY-ND 4.0); the wording must not be changed."
    ),
    link_prefix="core10",
    scoring=Scoring(
        total_items=tuple(range(1, 11)),
        max_missing=1,
        missing_rule_source="CORE System Trust: one missing item prorated",
        bands=(
            Band(0, "low"),
            Band(11, "mild"),
            Band(15, "moderate"),
            Band(20, "moderate-to-severe"),
            Band(25, "severe"),
        ),
    ),
)
