"""GAD-7: Generalized Anxiety Disorder 7-item scale (instruments.md §2).

- Wording, item LOINC codes and stem: MII IG PRO FSH ``mii-qst-pro-gad-7``.
- Total 0-21 = items 1-7; item 8 (difficulty) is not scored (OxfordRSE trd-cli records
  it but excludes it from the total). No LOINC code for item 8 was confirmed.
- Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe (Spitzer et al. 2006). The
  NHS Data Dictionary bands (5-10 / 11-15 / 15-21) overlap at 15 and are not used.
- Missing items: up to 2 prorated, more discarded (NHS Data Dictionary GAD-7).
- Caseness >= 8 (NHS Data Dictionary: "a PERSON scoring 8 or above").
"""

from ..model import AnswerType, Band, Instrument, Item, Scoring
from .shared import DIFFICULTY, DIFFICULTY_TEXT, PHQ_FREQUENCY, numbered_items

_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)
_LOINC = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")

GAD7 = Instrument(
    id="GAD-7",
    version="1.0.0",
    title="Generalised Anxiety Disorder Assessment (GAD-7)",
    short_title="Anxiety",
    preamble=(
        "Over the last two weeks, how often have you been bothered by the following problems?"
    ),
    items=(
        *numbered_items("gad7", _ITEMS, PHQ_FREQUENCY, loinc=_LOINC),
        Item(
            number=8,
            link_id="gad7.8",
            text=DIFFICULTY_TEXT,
            answer_type=AnswerType.CHOICE,
            options=DIFFICULTY,
            optional=True,
        ),
    ),
    source=(
        "Spitzer et al. 2006 (bands); MII IG PRO mii-qst-pro-gad-7 (wording, LOINC); NHS Data "
        "Dictionary 'Generalised Anxiety Disorder Questionnaire' (missing items, caseness). "
        "See instruments.md section 2."
    ),
    licence=(
        "Public domain: 'No permission required to reproduce, translate, display or "
        "distribute' (Pfizer Inc., phqscreeners.com)."
    ),
    loinc="69737-5",
    link_prefix="gad7",
    scoring=Scoring(
        total_items=tuple(range(1, 8)),
        max_missing=2,
        missing_rule_source="NHS Data Dictionary GAD-7: up to 2 missing items prorated",
        bands=(Band(0, "minimal"), Band(5, "mild"), Band(10, "moderate"), Band(15, "severe")),
        caseness_at=8,
        total_loinc="70274-6",
    ),
)
