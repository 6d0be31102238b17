"""Feedback on each measure in plain words (issue 4, item 5; hazard HAZ-021).

Each result says what the band is, what that means and does not mean (a screen, not a
diagnosis) and where to find self-help. Incomplete results get no band: guessing one
could falsely reassure. Wording is for a distressed reader: short, calm, no jargon.

After a risk answer, every feedback leads with it (ADR 0016, hazard HAZ-046): what the
person told us, when the duty team will contact them, and the crisis lines. A low band
("few or no symptoms") must never be the first thing someone reads after telling us
they have thought of being better off dead. The risk answers are the ones the
instruments' risk rules flagged (``MeasureResponse.risk_items``); nothing here
re-derives them.
"""

from dataclasses import dataclass, field

from resiliencehub.hub.working_hours import working_hours_words as words
from resiliencehub.instruments import get_instrument
from resiliencehub.instruments.errors import UnknownInstrumentError
from resiliencehub.records.models import MeasureResponse

NOT_A_DIAGNOSIS = (
    "This is a screening questionnaire, not a diagnosis. It cannot tell you what is going "
    "on or what would help: a conversation with one of our clinicians can."
)

BAND_WORDS: dict[str, dict[str, str]] = {
    "PHQ-9": {
        "minimal": "Your answers suggest you have few or no symptoms of low mood or depression.",
        "mild": "Your answers suggest you have mild symptoms of low mood or depression.",
        "moderate": "Your answers suggest you have moderate symptoms of low mood or depression.",
        "moderately severe": "Your answers suggest you have moderately severe symptoms of low "
        "mood or depression.",
        "severe": "Your answers suggest you have severe symptoms of low mood or depression.",
    },
    "GAD-7": {
        "minimal": "Your answers suggest you have few or no symptoms of anxiety.",
        "mild": "Your answers suggest you have mild symptoms of anxiety.",
        "moderate": "Your answers suggest you have moderate symptoms of anxiety.",
        "severe": "Your answers suggest you have severe symptoms of anxiety.",
    },
    "WSAS": {
        "subclinical": "Your answers suggest your difficulties are having a small effect on "
        "your work, home and social life.",
        "significant": "Your answers suggest your difficulties are having a significant effect "
        "on your work, home and social life.",
        "severe": "Your answers suggest your difficulties are having a severe effect on your "
        "work, home and social life.",
    },
    "AUDIT": {
        "lower risk": "Your answers suggest your drinking is at a lower-risk level.",
        "increasing risk": "Your answers suggest your drinking is at a level that increases the "
        "risk of harm to your health.",
        "higher risk": "Your answers suggest your drinking is at a higher-risk level.",
        "possible dependence": "Your answers suggest you may be dependent on alcohol. Please do "
        "not stop drinking suddenly without advice: talk to your GP or to us.",
    },
    "AUDIT-C": {
        "negative": "Your answers suggest your drinking is at a lower-risk level.",
        "positive": "Your answers suggest your drinking may be putting your health at risk.",
    },
    "TAPS-1": {
        "negative": "You told us you have not used tobacco, drugs or non-prescribed medicines, "
        "or drunk heavily, in the past year.",
        "positive": "You told us you have used tobacco, drugs or non-prescribed medicines, or "
        "drunk heavily, in the past year. We can talk with you about this if you would like.",
    },
    "CORE-10": {
        "low": "Your answers suggest a low level of psychological distress.",
        "mild": "Your answers suggest a mild level of psychological distress.",
        "moderate": "Your answers suggest a moderate level of psychological distress.",
        "moderate-to-severe": "Your answers suggest a moderate to severe level of "
        "psychological distress.",
        "severe": "Your answers suggest a severe level of psychological distress.",
    },
}

DIAGNOSIS_WORDS = {
    "ITQ": {
        "CPTSD": "Your answers suggest symptoms that can follow very stressful or traumatic "
        "experiences, at a level that fits complex post-traumatic stress disorder (complex "
        "PTSD).",
        "PTSD": "Your answers suggest symptoms that can follow very stressful or traumatic "
        "experiences, at a level that fits post-traumatic stress disorder (PTSD).",
        "none": "Your answers do not suggest post-traumatic stress disorder (PTSD) at the moment.",
    },
}

ABOUT = {
    "PHQ-9": "how often you have been bothered by symptoms of low mood over the last 2 weeks",
    "GAD-7": "how often you have been bothered by symptoms of anxiety over the last 2 weeks",
    "WSAS": "how much your difficulties affect your work, home and social life",
    "AUDIT": "your drinking over the last year",
    "AUDIT-C": "your drinking over the last year",
    "ITQ": "symptoms that can follow traumatic or very stressful experiences, over the last month",
    "PCL-5": "symptoms that can follow traumatic or very stressful experiences, over the last "
    "month",
    "TAPS-1": "your use of tobacco, alcohol and drugs over the last year",
    "CORE-10": "how you have been feeling over the last week",
}

SELF_HELP = {
    "PHQ-9": (
        "Every Mind Matters: low mood",
        "https://www.nhs.uk/every-mind-matters/mental-health-issues/low-mood/",
    ),
    "GAD-7": (
        "Every Mind Matters: anxiety",
        "https://www.nhs.uk/every-mind-matters/mental-health-issues/anxiety/",
    ),
    "WSAS": ("Every Mind Matters: your mind plan", "https://www.nhs.uk/every-mind-matters/"),
    "AUDIT": ("NHS: alcohol advice", "https://www.nhs.uk/live-well/alcohol-advice/"),
    "AUDIT-C": ("NHS: alcohol advice", "https://www.nhs.uk/live-well/alcohol-advice/"),
    "ITQ": (
        "NHS: post-traumatic stress disorder",
        "https://www.nhs.uk/mental-health/conditions/post-traumatic-stress-disorder-ptsd/overview/",
    ),
    "PCL-5": (
        "NHS: post-traumatic stress disorder",
        "https://www.nhs.uk/mental-health/conditions/post-traumatic-stress-disorder-ptsd/overview/",
    ),
    "TAPS-1": (
        "NHS: quit smoking and drug addiction support",
        "https://www.nhs.uk/live-well/addiction-support/",
    ),
    "CORE-10": ("Every Mind Matters", "https://www.nhs.uk/every-mind-matters/"),
}

TITLES = {
    "PHQ-9": "Low mood (PHQ-9)",
    "GAD-7": "Anxiety (GAD-7)",
    "WSAS": "Effect on daily life (WSAS)",
    "AUDIT": "Alcohol (AUDIT)",
    "AUDIT-C": "Alcohol (AUDIT-C)",
    "ITQ": "Reactions to stressful experiences (ITQ)",
    "PCL-5": "Reactions to stressful experiences (PCL-5)",
    "TAPS-1": "Smoking, alcohol and drugs (TAPS-1)",
    "CORE-10": "Psychological distress (CORE-10)",
}


RISK_WORDS = {
    ("PHQ-9", 9): "You told us you have had thoughts that you would be better off dead, or "
    "of hurting yourself in some way.",
    ("CORE-10", 6): "You told us you have made plans to end your life.",
}
"""What a risk answer told us, in the person's own terms (instruments.md: PHQ-9 item 9,
CORE-10 item 6). A hub's own risk question is quoted instead (`_risk_sentence`)."""

RISK_NOTES = {
    "PHQ-9": "You also told us you have had thoughts that you would be better off dead, or of "
    "hurting yourself. That matters more than this score.",
    "CORE-10": "You also told us you have made plans to end your life. That matters more than "
    "this score.",
}
"""Said on a measure's own card, before its band, when the measure held a risk answer."""


@dataclass
class RiskFeedback:
    """What leads every feedback after a risk answer (HAZ-046)."""

    told_us: list[str]
    contact: str
    reachable: bool


@dataclass
class MeasureFeedback:
    instrument_id: str
    title: str
    result: str
    about: str
    score: str = ""
    self_help: tuple[str, str] | None = None
    complete: bool = True
    notes: list[str] = field(default_factory=list)


def result_words(response: MeasureResponse) -> str:
    instrument = response.instrument_id
    if not response.complete:
        return (
            "We could not work out a result for these questions because some of them were "
            "not answered. A clinician can go through them with you."
        )
    if instrument in DIAGNOSIS_WORDS:
        diagnosis = response.scores.get("diagnosis") or "none"
        return DIAGNOSIS_WORDS[instrument].get(diagnosis, DIAGNOSIS_WORDS[instrument]["none"])
    if instrument == "PCL-5":
        if response.scores.get("probable"):
            return (
                "Your answers suggest a level of symptoms that can follow very stressful or "
                "traumatic experiences, at which people often benefit from support."
            )
        return (
            "Your answers suggest symptoms that can follow very stressful or traumatic "
            "experiences are below the level at which people usually need specialist support."
        )
    words = BAND_WORDS.get(instrument, {})
    return words.get(response.band, f"Your result is in the “{response.band}” range.")


def score_words(response: MeasureResponse) -> str:
    if not response.complete or response.total is None:
        return ""
    scores = response.scores or {}
    maximum = {"PHQ-9": 27, "GAD-7": 21, "WSAS": 40, "AUDIT": 40, "AUDIT-C": 12, "PCL-5": 80}
    if response.instrument_id in maximum:
        return f"Your score was {response.total} out of {maximum[response.instrument_id]}."
    del scores
    return ""


def for_responses(responses) -> list[MeasureFeedback]:
    """Feedback for each scored measure, in the order given; question sets are skipped.

    A measure that held a risk answer says so on its card before its band."""
    feedback = []
    for response in responses:
        if response.instrument_id not in ABOUT:
            continue
        notes = []
        if response.risk and response.instrument_id in RISK_NOTES:
            notes.append(RISK_NOTES[response.instrument_id])
        feedback.append(
            MeasureFeedback(
                instrument_id=response.instrument_id,
                title=TITLES.get(response.instrument_id, response.instrument_id),
                result=result_words(response),
                about=f"These questions asked about {ABOUT[response.instrument_id]}.",
                score=score_words(response),
                self_help=SELF_HELP.get(response.instrument_id),
                complete=response.complete,
                notes=notes,
            )
        )
    return feedback


def _risk_sentence(response: MeasureResponse, number: int) -> str:
    known = RISK_WORDS.get((response.instrument_id, number))
    if known:
        return known
    try:
        item = get_instrument(response.instrument_id, response.instrument_version).item(number)
    except (UnknownInstrumentError, KeyError):
        item = None
    if item is None:
        return "Some of your answers tell us you may be at risk of harming yourself."
    return (
        f"Your answer to the question “{item.text}” tells us you may be at risk of harming "
        "yourself."
    )


def working_hours_words() -> str:
    return words()


def risk_feedback(
    hub, responses, *, reachable: bool, can_refer_here: bool = True
) -> RiskFeedback | None:
    """The lead of every feedback after a risk answer, or None when there was none.

    `responses` are every administration the person gave in this feedback's scope
    (superseded ones too: an answer changed after an alert was raised was still given,
    and the duty team will still call). `reachable` is whether the hub has a way to
    contact them (a phone number or an email address, or a call-back number).
    """
    told_us: list[str] = []
    for response in responses:
        for number in response.risk_items if response.risk else ():
            sentence = _risk_sentence(response, number)
            if sentence not in told_us:
                told_us.append(sentence)
    if not told_us:
        return None
    hours = hub.risk_acknowledge_hours
    when = (
        f"within {hours} working {'hour' if hours == 1 else 'hours'}. Our working hours are "
        f"{working_hours_words()}."
    )
    if reachable:
        contact = f"Our duty team has been told, and will contact you {when}"
    else:
        # Only an anonymous self-assessment has no way back to the person: its results
        # page is where they can refer themselves, or they start again.
        refer = "refer yourself below" if can_refer_here else "start again and refer yourself"
        contact = (
            "Our duty team has been told, but you have not given us a way to contact you. If "
            f"you would like them to call you, call us on {hub.contact_phone} or {refer} "
            f"with your phone number. They will contact you {when}"
        )
    return RiskFeedback(told_us=told_us, contact=contact, reachable=reachable)


def above_threshold(response: MeasureResponse) -> bool:
    """Whether a response is above its clinical threshold (for counting domains of need)."""
    if not response.complete:
        return False
    scores = response.scores or {}
    if response.caseness or scores.get("probable"):
        return True
    if scores.get("diagnosis") not in (None, "none", ""):
        return True
    if response.instrument_id == "AUDIT":
        return response.band != "lower risk"
    if response.instrument_id == "WSAS":
        return response.band != "subclinical"
    return False
