"""The eligibility check, driven entirely by the hub's configuration.

Answers live in a signed cookie until the person is found eligible: someone who is not
(yet) in scope leaves nothing on the server but one added to an anonymous monthly count
by reason (ADR 0011). The questions asked depend on earlier answers and on the hub:
who the support is for, family relationship (by the hub's definition), age (16-17 where
allowed), sector with its condition, critical care during a phased roll-out, and region.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core import signing

from resiliencehub.hub.models import FamilyEligibility, Hub, Sector, SectorStatus
from resiliencehub.hub.selectors import sector_opening_date

from .models import IneligibleReason

COOKIE = "rh_eligibility"
_SALT = "resiliencehub.intake.eligibility"
YES_NO = [("yes", "Yes"), ("no", "No")]

AGE_OPTIONS = [
    ("under-16", "Under 16"),
    ("16-to-17", "16 to 17"),
    ("18-to-24", "18 to 24"),
    ("25-to-34", "25 to 34"),
    ("35-to-44", "35 to 44"),
    ("45-to-54", "45 to 54"),
    ("55-to-64", "55 to 64"),
    ("65-or-over", "65 or over"),
]
"""The demographics question's age bands (so age is asked once), plus "Under 16"."""

CRITICAL_CARE_QUESTION = "Have you worked in critical care (intensive care) since March 2020?"
"""Worded as the occupation question, which is then not asked again."""

OCCUPATION_SECTOR = {
    Sector.NHS: "nhs",
    Sector.SOCIAL_CARE: "social-care",
    Sector.THIRD_SECTOR: "third-sector",
    Sector.VCSE: "voluntary-community-and-social-enterprise-vcse",
    Sector.AMBULANCE: "ambulance-service",
    Sector.POLICE: "police",
    Sector.FIRE: "fire-and-rescue-service",
    Sector.EDUCATION: "education",
}
FAMILY_OCCUPATION_SECTOR = "family-member-of-a-health-or-social-care-worker"


@dataclass(frozen=True)
class Question:
    key: str
    title: str
    options: list[tuple[str, str]]
    error: str
    hint: str = ""
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    eligible: bool
    reason: IneligibleReason | None = None
    opens_on: date | None = None


def read(request, hub: Hub) -> dict:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return {}
    try:
        data = signing.loads(raw, salt=_SALT, max_age=24 * 60 * 60)
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) and data.get("hub") == hub.slug else {}


def write(response, hub: Hub, answers: dict, secure: bool) -> None:
    value = signing.dumps({**answers, "hub": hub.slug}, salt=_SALT, compress=True)
    response.set_cookie(
        COOKIE,
        value,
        path=f"/h/{hub.slug}/",
        secure=secure,
        httponly=True,
        samesite="Lax",
    )


def clear(response, hub: Hub) -> None:
    response.delete_cookie(COOKIE, path=f"/h/{hub.slug}/", samesite="Lax")


def _sector_rule(hub: Hub, sector: str):
    return next((rule for rule in hub.sector_rules.all() if rule.sector == sector), None)


def _is_family(answers: dict) -> bool:
    return answers.get("who") == "family"


def question(hub: Hub, key: str, answers: dict) -> Question:
    family = _is_family(answers)
    if key == "who":
        return Question(
            "who",
            "Who is the support for?",
            [
                ("staff", "Me, as someone who works in health, social care or a related service"),
                ("family", "Me, as a family member of someone who works in one of these services"),
            ],
            "Select who the support is for",
            hint="Include paid and unpaid work, volunteering, students and trainees.",
        )
    if key == "relationship":
        options = [
            (
                "immediate",
                "Immediate family, such as a partner, parent, child, brother or sister "
                "(including in-laws)",
            )
        ]
        if hub.family_eligibility == FamilyEligibility.IMMEDIATE_OR_CHOSEN_ANYWHERE:
            options.append(("chosen", "Chosen family: someone you think of as your family"))
        options.append(("other", "Another relationship, such as a friend or neighbour"))
        return Question(
            "relationship",
            "How are you related to them?",
            options,
            "Select how you are related to them",
        )
    if key == "age":
        return Question("age", "How old are you?", AGE_OPTIONS, "Select your age")
    if key == "sector":
        sectors = [(value, label) for value, label in Sector.choices]
        return Question(
            "sector",
            "Which sector does your family member work in?"
            if family
            else "Which sector do you work in?",
            [*sectors, ("none", "None of these")],
            "Select the sector" + (" your family member works in" if family else " you work in"),
        )
    if key == "condition":
        rule = _sector_rule(hub, answers.get("sector", ""))
        return Question(
            "condition",
            rule.condition if rule else "",
            YES_NO,
            "Select yes or no",
            hint="Answer for your family member." if family else "",
        )
    if key == "critical_care":
        return Question(
            "critical_care",
            CRITICAL_CARE_QUESTION,
            YES_NO,
            "Select yes if you have worked in critical care since March 2020",
        )
    if key == "region":
        if family and hub.family_eligibility == FamilyEligibility.IMMEDIATE_IN_REGION:
            title = f"Do you live in the {hub.region}?"
        elif family:
            title = f"Does your family member work in the {hub.region}?"
        else:
            title = f"Do you work in the {hub.region}?"
        return Question("region", title, YES_NO, "Select yes or no")
    raise KeyError(key)


def _needs_critical_care_question(hub: Hub, answers: dict, today: date) -> bool:
    if _is_family(answers):
        return False
    sector = answers.get("sector", "")
    general = sector_opening_date(hub, sector, critical_care=False)
    early = sector_opening_date(hub, sector, critical_care=True)
    general_open = general is not None and general <= today
    return not general_open and early is not None and early <= today


def walk(hub: Hub, answers: dict, today: date) -> tuple[str | None, Outcome | None]:
    """(the next question to ask, None) or (None, the outcome) for the answers so far."""

    def need(key):
        return key if key not in answers else None

    if need("who"):
        return "who", None
    family = _is_family(answers)
    if family:
        if hub.family_eligibility == FamilyEligibility.NOT_ELIGIBLE:
            return None, Outcome(False, IneligibleReason.FAMILY_NOT_IN_SCOPE)
        if need("relationship"):
            return "relationship", None
        allowed = {"immediate"}
        if hub.family_eligibility == FamilyEligibility.IMMEDIATE_OR_CHOSEN_ANYWHERE:
            allowed.add("chosen")
        if answers["relationship"] not in allowed:
            return None, Outcome(False, IneligibleReason.FAMILY_RELATIONSHIP)
    if need("age"):
        return "age", None
    minimum = hub.minimum_age
    if answers["age"] == "under-16" or (minimum > 16 and answers["age"] == "16-to-17"):
        return None, Outcome(False, IneligibleReason.AGE)
    if need("sector"):
        return "sector", None
    rule = _sector_rule(hub, answers["sector"])
    if rule is None or rule.status == SectorStatus.NOT_IN_SCOPE:
        return None, Outcome(False, IneligibleReason.SECTOR)
    if rule.status == SectorStatus.CONDITIONAL:
        if need("condition"):
            return "condition", None
        if answers["condition"] != "yes":
            return None, Outcome(False, IneligibleReason.CONDITION)
    if _needs_critical_care_question(hub, answers, today) and need("critical_care"):
        return "critical_care", None
    critical_care = answers.get("critical_care") == "yes"
    opens = sector_opening_date(hub, answers["sector"], critical_care=critical_care)
    if opens is None or opens > today:
        later = sector_opening_date(hub, answers["sector"], critical_care=False)
        return None, Outcome(False, IneligibleReason.NOT_YET_OPEN, later)
    if need("region"):
        return "region", None
    if answers["region"] != "yes":
        return None, Outcome(False, IneligibleReason.REGION)
    return None, Outcome(True)


ALL_KEYS = ("who", "relationship", "age", "sector", "condition", "critical_care", "region")


def coded(answers: dict) -> dict:
    """The eligibility answers kept on an eligible person's journey (coded values only)."""
    return {key: answers[key] for key in ALL_KEYS if key in answers}


def prefilled_answers(eligibility: dict) -> dict[tuple[str, str], object]:
    """Answers to later questions that eligibility already gave, by (instrument, link id),
    so nothing is asked twice (quality.md A5)."""
    given: dict[tuple[str, str], object] = {}
    if eligibility.get("age") and eligibility["age"] != "under-16":
        given[("demographics", "demographics.age_band")] = eligibility["age"]
    if eligibility.get("who") == "family":
        given[("occupation", "occupation.sector")] = FAMILY_OCCUPATION_SECTOR
    elif eligibility.get("sector") in OCCUPATION_SECTOR:
        given[("occupation", "occupation.sector")] = OCCUPATION_SECTOR[eligibility["sector"]]
    if eligibility.get("critical_care") in ("yes", "no"):
        given[("occupation", "occupation.critical_care")] = eligibility["critical_care"]
    return given
