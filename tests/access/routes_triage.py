"""Access matrix entries for the triage app's routes (see matrix.py).

Routes that change state get a fresh object for every persona (their `kwargs` makes
one), so each persona meets the same starting state. "IDOR" entries ask for another
hub's object through this hub's address: everyone must get 404 (or 403 before any
lookup, for a role that cannot use the page at all).
"""

from datetime import timedelta

from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import assessments
from resiliencehub.records import rules

from .matrix_base import Route, expect

CLIENT_CANARY = "Zelda Canary-Triage"
OTHER_CANARY = "Otto Otherhub-Canary"
NOTE_CANARY = "canary-risk-thoughts-7731"


def page(ok, hidden=(), ok_status=200) -> dict:
    """Members with a role in `ok` get `ok_status`; roles in `hidden` pass the role check
    but may not see this object (404); every other member 403; outsiders 404."""
    table = expect(404, anonymous=302, unverified=302)
    for role in Role:
        table[role.value] = 404 if role in hidden else ok_status if role in ok else 403
    return table


def idor(roles) -> dict:
    """Another hub's object asked for through this hub: never found."""
    return page((), hidden=roles)


def _factories():
    from resiliencehub.episodes.tests import factories

    return factories


def _when(hours=1) -> str:
    return (timezone.localtime() - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def fresh_alert(cast, status="open"):
    from resiliencehub.triage import services

    f = _factories()
    referral = f.make_referral(cast.own, name=CLIENT_CANARY)
    alert = f.make_alert(cast.own, referral, reason=NOTE_CANARY)
    duty = f.auditor_for(cast.user(Role.DUTY_CLINICIAN.value))
    if status in ("acknowledged", "assessed"):
        services.alert_acknowledge(alert, auditor=duty)
    if status == "assessed":
        services.risk_assessment_record(alert, auditor=duty, **RISK_ASSESSMENT_FIELDS)
    return alert.pk


RISK_ASSESSMENT_FIELDS = {
    "thoughts": NOTE_CANARY,
    "intent": "None",
    "plan": "None",
    "means": "None",
    "protective_factors": "Family",
    "level": "low",
    "actions": ["safety_plan"],
}


def fresh_referral(cast):
    return _factories().make_referral(cast.own, name=CLIENT_CANARY).pk


def fresh_duplicate(cast):
    f = _factories()
    first = cast.objects["referral"]
    return f.make_referral(cast.own, first.client).pk


def fresh_shift(cast):
    from resiliencehub.hub.models import DutyShift

    day = timezone.localdate() + timedelta(days=30 + DutyShift.objects.count())
    return DutyShift.objects.create(
        hub=cast.own, day=day, clinician=cast.user(Role.DUTY_CLINICIAN.value)
    ).pk


def fresh_waiting_episode(cast):
    f = _factories()
    return f.make_episode(cast.own, cast.user(Role.CLINICIAN.value), name=CLIENT_CANARY).pk


def assessment_data(cast):
    pathway = cast.own.pathways.first()
    return {
        "kind": "in_depth",
        "assessed_at": _when(),
        "duration_minutes": "60",
        "mode": "virtual",
        "summary": NOTE_CANARY,
        "presenting_difficulties": "Low mood",
        "outcome": "plan",
        "plan_pathway": pathway.pathway,
    }


def seed(cast) -> None:
    """Create the objects these routes need in cast.own and cast.other hubs."""

    f = _factories()
    clinician = cast.user(Role.CLINICIAN.value)
    referral = f.make_referral(cast.own, name=CLIENT_CANARY, email="zelda@example.org")
    f.make_screening(referral)
    cast.objects["referral"] = referral
    cast.objects["alert"] = f.make_alert(cast.own, referral, reason=NOTE_CANARY)
    cast.objects["waiting"] = f.make_episode(cast.own, clinician, name=CLIENT_CANARY)
    assessed = f.make_episode(cast.own, clinician, name=CLIENT_CANARY)
    cast.objects["assessment"] = assessments.assessment_record(
        assessed,
        kind="in_depth",
        assessed_at=timezone.now(),
        duration_minutes=60,
        mode="virtual",
        summary=NOTE_CANARY,
        outcome="plan",
        plan_pathway=cast.own.pathways.first(),
        formulation={"presenting_difficulties": NOTE_CANARY},
        auditor=f.auditor_for(clinician),
    )
    cast.objects["assessed"] = assessed

    other_referral = f.make_referral(cast.other, name=OTHER_CANARY)
    cast.objects["other_referral"] = other_referral
    cast.objects["other_alert"] = f.make_alert(cast.other, other_referral, reason=NOTE_CANARY)
    other_clinician = cast.user("clinician_other_hub")
    other_episode = f.make_episode(cast.other, other_clinician, name=OTHER_CANARY)
    cast.objects["other_assessment"] = assessments.assessment_record(
        other_episode,
        kind="in_depth",
        assessed_at=timezone.now(),
        duration_minutes=60,
        mode="virtual",
        summary=NOTE_CANARY,
        outcome="plan",
        plan_pathway=cast.other.pathways.first(),
        formulation={"presenting_difficulties": NOTE_CANARY},
        auditor=f.auditor_for(other_clinician),
    )
    cast.objects["other_episode"] = other_episode
    from resiliencehub.hub.models import DutyShift

    cast.objects["other_shift"] = DutyShift.objects.create(
        hub=cast.other, day=timezone.localdate(), clinician=other_clinician
    )
    cast.canaries += [CLIENT_CANARY, OTHER_CANARY, NOTE_CANARY, referral.reference]


def slug(cast):
    return {"slug": cast.own.slug}


DUTY = rules.DUTY_ROLES
WORK = rules.WORKLIST_ROLES
DECIDE = rules.TRIAGE_DECISION_ROLES
CLINICAL = {Role.CLINICIAN, Role.CLINICAL_LEAD}  # the seeded case holder and the lead

ROUTES = [
    Route("triage:duty_queue", {"GET": page(DUTY)}, slug),
    Route(
        "triage:rota",
        {
            "GET": page(rules.ROTA_VIEW_ROLES),
            "POST": page(rules.ROTA_EDIT_ROLES, ok_status=302),
        },
        slug,
        data=lambda cast: {
            "day": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "clinician": str(cast.user(Role.DUTY_CLINICIAN.value).pk),
        },
    ),
    Route(
        "triage:rota_remove",
        {"POST": page(rules.ROTA_EDIT_ROLES, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "shift_id": fresh_shift(cast)},
    ),
    Route(
        "triage:rota_remove",
        {"POST": idor(rules.ROTA_EDIT_ROLES)},
        lambda cast: {"slug": cast.own.slug, "shift_id": cast.objects["other_shift"].pk},
    ),
    # A clinician or practitioner reads only the alerts about a client whose case they
    # hold: this alert's client is not theirs.
    Route(
        "triage:alert",
        {"GET": page(DUTY, hidden=rules.ALERT_READ_ROLES - DUTY)},
        lambda cast: {"slug": cast.own.slug, "alert_id": cast.objects["alert"].pk},
    ),
    Route(
        "triage:alert",
        {"GET": idor(rules.ALERT_READ_ROLES)},
        lambda cast: {"slug": cast.own.slug, "alert_id": cast.objects["other_alert"].pk},
    ),
    Route(
        "triage:alert_acknowledge",
        {"POST": page(DUTY, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "alert_id": fresh_alert(cast)},
    ),
    Route(
        "triage:alert_acknowledge",
        {"POST": idor(DUTY)},
        lambda cast: {"slug": cast.own.slug, "alert_id": cast.objects["other_alert"].pk},
    ),
    Route(
        "triage:alert_contact",
        {"GET": page(DUTY), "POST": page(DUTY, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "alert_id": fresh_alert(cast, "acknowledged")},
        data=lambda cast: {"attempted_at": _when(), "method": "phone", "outcome": "no_answer"},
    ),
    Route(
        "triage:alert_contact",
        {"GET": idor(DUTY), "POST": idor(DUTY)},
        lambda cast: {"slug": cast.own.slug, "alert_id": cast.objects["other_alert"].pk},
        data=lambda cast: {"attempted_at": _when(), "method": "phone", "outcome": "no_answer"},
    ),
    Route(
        "triage:alert_assess",
        {"GET": page(DUTY), "POST": page(DUTY, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "alert_id": fresh_alert(cast, "acknowledged")},
        data=lambda cast: RISK_ASSESSMENT_FIELDS,
    ),
    Route(
        "triage:alert_assess",
        {"GET": idor(DUTY), "POST": idor(DUTY)},
        lambda cast: {"slug": cast.own.slug, "alert_id": cast.objects["other_alert"].pk},
        data=lambda cast: RISK_ASSESSMENT_FIELDS,
    ),
    Route(
        "triage:alert_close",
        {"GET": page(DUTY), "POST": page(DUTY, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "alert_id": fresh_alert(cast, "assessed")},
        data=lambda cast: {"note": "Safety plan agreed."},
    ),
    Route(
        "triage:alert_close",
        {"GET": idor(DUTY), "POST": idor(DUTY)},
        lambda cast: {"slug": cast.own.slug, "alert_id": cast.objects["other_alert"].pk},
        data=lambda cast: {"note": "Safety plan agreed."},
    ),
    Route("triage:worklist", {"GET": page(WORK)}, slug),
    Route(
        "triage:referral",
        {"GET": page(WORK)},
        lambda cast: {"slug": cast.own.slug, "referral_id": cast.objects["referral"].pk},
    ),
    Route(
        "triage:referral",
        {"GET": idor(WORK)},
        lambda cast: {"slug": cast.own.slug, "referral_id": cast.objects["other_referral"].pk},
    ),
    Route(
        "triage:referral_accept",
        {"GET": page(DECIDE), "POST": page(DECIDE, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "referral_id": fresh_referral(cast)},
    ),
    Route(
        "triage:referral_decline",
        {"GET": page(DECIDE), "POST": page(DECIDE, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "referral_id": fresh_referral(cast)},
        data=lambda cast: {"reason": "out_of_scope"},
    ),
    Route(
        "triage:referral_merge",
        {"GET": page(DECIDE), "POST": page(DECIDE, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "referral_id": fresh_duplicate(cast)},
        data=lambda cast: {"into": cast.objects["referral"].reference},
    ),
    Route(
        "triage:referral_questionnaires_link",
        {"POST": page(DECIDE, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "referral_id": fresh_referral(cast)},
    ),
    Route(
        "triage:referral_questionnaires_link",
        {"POST": idor(DECIDE)},
        lambda cast: {"slug": cast.own.slug, "referral_id": cast.objects["other_referral"].pk},
    ),
    *[
        Route(
            name,
            {"GET": idor(DECIDE), "POST": idor(DECIDE)},
            lambda cast: {"slug": cast.own.slug, "referral_id": cast.objects["other_referral"].pk},
            data=lambda cast: {
                "reason": "out_of_scope",
                "reference": cast.objects["other_referral"].reference,
            },
        )
        for name in ("triage:referral_accept", "triage:referral_decline", "triage:referral_merge")
    ],
    Route(
        "episodes:assessment_new",
        {
            "GET": page(CLINICAL, hidden={Role.PRACTITIONER}),
            "POST": page(CLINICAL, hidden={Role.PRACTITIONER}, ok_status=302),
        },
        lambda cast: {"slug": cast.own.slug, "episode_id": fresh_waiting_episode(cast)},
        data=assessment_data,
    ),
    Route(
        "episodes:assessment_new",
        {"GET": idor(rules.CASE_HOLDER_ROLES), "POST": idor(rules.CASE_HOLDER_ROLES)},
        lambda cast: {"slug": cast.own.slug, "episode_id": cast.objects["other_episode"].pk},
        data=assessment_data,
    ),
    Route(
        "episodes:assessment",
        {"GET": page(CLINICAL, hidden={Role.PRACTITIONER})},
        lambda cast: {
            "slug": cast.own.slug,
            "episode_id": cast.objects["assessed"].pk,
            "assessment_id": cast.objects["assessment"].pk,
        },
    ),
    Route(
        "episodes:assessment",
        {"GET": idor(rules.CASE_HOLDER_ROLES)},
        lambda cast: {
            "slug": cast.own.slug,
            "episode_id": cast.objects["assessed"].pk,
            "assessment_id": cast.objects["other_assessment"].pk,
        },
    ),
    Route(
        "episodes:assessment",
        {"GET": idor(rules.CASE_HOLDER_ROLES)},
        lambda cast: {
            "slug": cast.own.slug,
            "episode_id": cast.objects["other_episode"].pk,
            "assessment_id": cast.objects["other_assessment"].pk,
        },
    ),
]
