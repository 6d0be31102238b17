"""WSAS: Work and Social Adjustment Scale (instruments.md §3).

- Five items rated 0-8, anchors 0 not at all, 2 slightly, 4 definitely, 6 markedly,
  8 very severely (Mundt et al. 2002; form transcribed on scribd 226158283).
- Item 1 (work) may be answered "not applicable" by a person who is retired or chooses
  not to work for reasons unrelated to their problems (the form's tick box).
- Total 0-40; bands < 10 subclinical, 10-20 significant, > 20 severe (Mundt et al. 2002).
- Missing items: "If a PATIENT has selected 'not applicable' for question 1 or if one
  value is missing, then these scores can be substituted with the average score of the
  non-missing items. Questionnaires with more than one missing value should be
  disregarded" (NHS Data Dictionary, WSAS score). So "not applicable" counts as the one
  allowed missing value.
- The sum of items 2-5 (0-32, CamCOPS ``retired_etc``) is kept as the subscale
  ``without_work`` so both conventions are available.
"""

import dataclasses

from ..model import Band, Instrument, Option, Scoring, Subscale
from .shared import numbered_items

_ANCHORS = {0: "Not at all", 2: "Slightly", 4: "Definitely", 6: "Markedly", 8: "Very severely"}
_OPTIONS = tuple(
    Option(value, f"{value} – {_ANCHORS[value]}" if value in _ANCHORS else str(value))
    for value in range(9)
)
_ITEMS = (
    "Because of my problems, my ability to work is impaired. '8' means very severely "
    "impaired to the point I can't work.",
    "Because of my problems, my home management (cleaning, tidying, shopping, cooking, "
    "looking after home or children, paying bills) is impaired.",
    "Because of my problems, my social leisure activities (with other people, for example "
    "parties, bars, clubs, outings, visits, dating, home entertaining) are impaired.",
    "Because of my problems, my private leisure activities (done alone, such as reading, "
    "gardening, collecting, sewing, walking alone) are impaired.",
    "Because of my problems, my ability to form and maintain close relationships with "
    "others, including those I live with, is impaired.",
)

_WORK, *_OTHERS = numbered_items("wsas", _ITEMS, _OPTIONS)
_ITEMS_WITH_NOT_APPLICABLE = (
    dataclasses.replace(
        _WORK,
        not_applicable=(
            "Not applicable: I am retired or choose not to have a job for reasons unrelated "
            "to my problems"
        ),
    ),
    *_OTHERS,
)

WSAS = Instrument(
    id="WSAS",
    version="1.0.0",
    title="Work and Social Adjustment Scale (WSAS)",
    short_title="Work and social functioning",
    preamble=(
        "People's problems sometimes affect their ability to do certain day-to-day tasks. "
        "For each activity, choose how much your problems impair your ability to carry it "
        "out, from 0 (not at all impaired) to 8 (very severely impaired)."
    ),
    items=_ITEMS_WITH_NOT_APPLICABLE,
    source=(
        "Mundt, Marks, Shear & Greist 2002, Br J Psychiatry 180:461-4 (items, bands); NHS Data "
        "Dictionary 'Work and Social Adjustment Scale score' (missing items, not applicable). "
        "See instruments.md section 3."
    ),
    licence=(
        "Copyright Isaac M. Marks. Widely used in NHS Talking Therapies but not stated to be "
        "public domain: record the hub's permission basis before use."
    ),
    link_prefix="wsas",
    scoring=Scoring(
        total_items=(1, 2, 3, 4, 5),
        max_missing=1,
        missing_rule_source=(
            "NHS Data Dictionary WSAS: item 1 'not applicable' or one missing item prorated"
        ),
        bands=(Band(0, "subclinical"), Band(10, "significant"), Band(21, "severe")),
        subscales=(Subscale("without_work", (2, 3, 4, 5)),),
    ),
)
