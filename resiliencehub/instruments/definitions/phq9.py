"""PHQ-9: Patient Health Questionnaire, depression (instruments.md §1).

- Wording: phqscreeners.com (Pfizer); item LOINC codes from HL7 US Core
  ``QuestionnaireResponse-phq-9-example.json``; stem from CamCOPS ``phq9.xml``.
- Total 0-27 = items 1-9; item 10 (difficulty, LOINC 69722-7) is not scored.
- Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe
  (NHS Data Dictionary PHQ-9; MII IG PRO PHQ-9; CamCOPS ``severity()``).
- Missing items: "If one or two values are missing ... substituted with the average
  score of the non-missing items. Questionnaires with more than two missing values should
  be disregarded" (NHS Data Dictionary).
- Caseness >= 10 (NHS Data Dictionary: "a PERSON scoring 10 or above").
- Risk: item 9 >= 1 "requires immediate clinical evaluation for any positive response,
  regardless of the total score" (MII IG PRO PHQ-9).
"""

from ..model import AnswerType, Band, Instrument, Item, RiskRule, Scoring
from .shared import DIFFICULTY, DIFFICULTY_TEXT, PHQ_FREQUENCY, numbered_items

_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
_LOINC = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)

PHQ9 = Instrument(
    id="PHQ-9",
    version="1.0.0",
    title="Patient Health Questionnaire (PHQ-9)",
    short_title="Depression",
    preamble=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        *numbered_items("phq9", _ITEMS, PHQ_FREQUENCY, loinc=_LOINC, risk={9: RiskRule(minimum=1)}),
        Item(
            number=10,
            link_id="phq9.10",
            text=DIFFICULTY_TEXT,
            answer_type=AnswerType.CHOICE,
            options=DIFFICULTY,
            optional=True,
            loinc="69722-7",
        ),
    ),
    source=(
        "Kroenke, Spitzer & Williams 2001 (phqscreeners.com); LOINC codes: HL7 US Core PHQ-9 "
        "examples; bands, missing-item rule and caseness: NHS Data Dictionary 'Patient Health "
        "Questionnaire'; risk item: MII IG PRO PHQ-9. See instruments.md section 1."
    ),
    licence=(
        "Public domain: 'No permission required to reproduce, translate, display or "
        "distribute' (Pfizer Inc., phqscreeners.com)."
    ),
    loinc="44249-1",
    link_prefix="phq9",
    scoring=Scoring(
        total_items=tuple(range(1, 10)),
        max_missing=2,
        missing_rule_source="NHS Data Dictionary PHQ-9: up to 2 missing items prorated",
        bands=(
            Band(0, "minimal"),
            Band(5, "mild"),
            Band(10, "moderate"),
            Band(15, "moderately severe"),
            Band(20, "severe"),
        ),
        caseness_at=10,
        total_loinc="44261-6",
    ),
)
