"""Occupational questions (unscored; a hub may vary them with ``derive_question_set``).

The sectors are the groups Resilience Hubs served (seed 002, Table 3: NHS, social care,
third sector and VCSE, ambulance, police and fire, education, family members). Critical
care, redeployment and frontline COVID-19 work are asked because staff in those roles were
the most affected (seed 002, introduction). Staff groups follow the NHS workforce
statistics groups, broadened for social care and emergency services.
"""

from ..model import AnswerType, Instrument, InstrumentKind
from .shared import YES_NO, YES_NO_NOT_SURE, labelled_options, question

OCCUPATION = Instrument(
    id="occupation",
    version="1.0.0",
    title="Your work",
    short_title="Your work",
    preamble="These questions are about your work. Your employer will not see your answers.",
    kind=InstrumentKind.QUESTION_SET,
    link_prefix="occupation",
    items=(
        question(
            1,
            "occupation.sector",
            "Which sector do you work in?",
            options=labelled_options(
                "NHS",
                "Social care",
                "Third sector",
                "Voluntary, community and social enterprise (VCSE)",
                "Ambulance service",
                "Police",
                "Fire and rescue service",
                "Education",
                "Family member of a health or social care worker",
                "Other",
            ),
        ),
        question(
            2,
            "occupation.staff_group",
            "Which staff group are you in?",
            options=labelled_options(
                "Medical and dental",
                "Nursing and midwifery",
                "Allied health professional",
                "Healthcare scientist",
                "Ambulance or paramedic staff",
                "Healthcare assistant or support worker",
                "Social worker",
                "Care worker",
                "Administrative and clerical",
                "Estates, facilities and ancillary",
                "Manager or senior leader",
                "Student or trainee",
                "Police officer or staff",
                "Firefighter or fire service staff",
                "Teacher or education staff",
                "Other",
                "Not applicable",
            ),
        ),
        question(3, "occupation.employer", "Who is your employer?", AnswerType.TEXT, optional=True),
        question(4, "occupation.role", "What is your job title or role?", AnswerType.TEXT),
        question(
            5,
            "occupation.critical_care",
            "Have you worked in critical care (intensive care) since March 2020?",
            options=YES_NO,
        ),
        question(
            6,
            "occupation.redeployed",
            "Were you redeployed to a different role or area because of the COVID-19 pandemic?",
            options=YES_NO,
        ),
        question(
            7,
            "occupation.frontline_covid",
            "Have you worked directly with patients or clients who had COVID-19?",
            options=YES_NO_NOT_SURE,
        ),
    ),
    source="Seed 002 (hub eligibility, Table 3, and risk groups); NHS workforce staff groups.",
    licence="This project (MIT).",
)
