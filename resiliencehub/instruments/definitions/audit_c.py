"""AUDIT-C: the three consumption items of AUDIT, UK wording (instruments.md §4).

- Items 1-3 of AUDIT, each 0-4; total 0-12.
- UK rule: "An overall total score of 5 or above is AUDIT-C positive" (OHID UK form;
  paperzz / nursing-notebook / docsbay copies). The US rule (>= 4 men, >= 3 women) is
  not used.
- Skip logic: item 1 = 0 ("Never") skips items 2 and 3, which then score 0 (WHO AUDIT
  manual; the same rule as AUDIT restricted to the items AUDIT-C has).
- LOINC: panel 72109-2, total 75626-2 (HL7 US Core AUDIT-C examples).
"""

from ..model import Band, Instrument, Scoring, SkipRule
from .audit import AUDIT, consumption_items

AUDIT_C = Instrument(
    id="AUDIT-C",
    version="1.0.0",
    title="Alcohol Use Disorders Identification Test – Consumption (AUDIT-C), UK version",
    short_title="Alcohol consumption",
    preamble=AUDIT.preamble,
    items=consumption_items("auditc"),
    source=(
        "Bush et al. 1998 (AUDIT-C); OHID UK alcohol use screening form (units wording, "
        "positive at 5 or above); LOINC: HL7 US Core. See instruments.md section 4."
    ),
    licence=(
        "AUDIT-C is 'available for use in the public domain' (SAMHSA, quoted in CamCOPS); "
        "items come from the WHO AUDIT (non-commercial use)."
    ),
    loinc="72109-2",
    link_prefix="auditc",
    scoring=Scoring(
        total_items=(1, 2, 3),
        max_missing=0,
        missing_rule_source="no prorating rule published; only skipped items may be blank",
        bands=(Band(0, "negative"), Band(5, "positive")),
        skips=(SkipRule(trigger_items=(1,), skipped_items=(2, 3)),),
        total_loinc="75626-2",
    ),
)
