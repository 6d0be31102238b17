"""The built-in definitions, one module per instrument or question set.

``MEASURES`` are the scored measures named on the command line; ``QUESTION_SETS`` are
the unscored sets a hub may vary. Each definition cites its sources in its module.
"""

from .audit import AUDIT
from .audit_c import AUDIT_C
from .core10 import CORE10
from .covid_impact import COVID_IMPACT, COVID_IMPACT_1_0
from .demographics import DEMOGRAPHICS, DEMOGRAPHICS_1_0
from .fft import FFT
from .followup_service_use import FOLLOWUP_SERVICE_USE
from .gad7 import GAD7
from .itq import ITQ
from .occupation import OCCUPATION
from .pcl5 import PCL5
from .phq9 import PHQ9
from .prepandemic_wellbeing import PRE_PANDEMIC_WELLBEING
from .previous_support import PREVIOUS_SUPPORT
from .taps1 import TAPS1, TAPS1_1_0
from .wsas import WSAS

MEASURES = (PHQ9, GAD7, WSAS, AUDIT, AUDIT_C, ITQ, PCL5, TAPS1, CORE10, FFT)
QUESTION_SETS = (
    DEMOGRAPHICS,
    OCCUPATION,
    COVID_IMPACT,
    PRE_PANDEMIC_WELLBEING,
    PREVIOUS_SUPPORT,
    FOLLOWUP_SERVICE_USE,
)
ALL = MEASURES + QUESTION_SETS
EARLIER_VERSIONS = (COVID_IMPACT_1_0, DEMOGRAPHICS_1_0, TAPS1_1_0)
"""Superseded versions, still registered so stored administrations can be rescored."""

__all__ = [
    "ALL",
    "AUDIT",
    "AUDIT_C",
    "CORE10",
    "COVID_IMPACT",
    "DEMOGRAPHICS",
    "EARLIER_VERSIONS",
    "FFT",
    "FOLLOWUP_SERVICE_USE",
    "GAD7",
    "ITQ",
    "MEASURES",
    "OCCUPATION",
    "PCL5",
    "PHQ9",
    "PRE_PANDEMIC_WELLBEING",
    "PREVIOUS_SUPPORT",
    "QUESTION_SETS",
    "TAPS1",
    "WSAS",
]
