"""Access matrix entries for the episodes app's routes (see matrix.py and routes_triage.py).

The seeded episode in the own hub is held by the clinician persona; the practitioner
persona holds no case there, so every record page hides it from them (404). A separate
client is conflicted with the clinician persona, for the break-glass page.
"""

from datetime import timedelta

from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.records import rules
from resiliencehub.records import services as record_services

from .matrix_base import PUBLIC, Route, expect
from .routes_triage import idor, page

CLIENT_CANARY = "Cora Canary-Episode"
OTHER_CANARY = "Olga Otherhub-Episode"
NOTE_CANARY = "canary-session-note-5521"
SUPERVISION_CANARY = "canary-supervision-8812"
CONFLICT_CANARY = "Connie Conflicted-Canary"

CLINICIAN = Role.CLINICIAN.value
LEAD = Role.CLINICAL_LEAD.value
TREATING = {Role.CLINICIAN, Role.CLINICAL_LEAD}
PRACTITIONER = {Role.PRACTITIONER}


def _f():
    from resiliencehub.episodes.tests import factories

    return factories


def _who(cast, persona):
    return _f().auditor_for(cast.user(persona))


def _in_intervention(cast, hub, case_holder, name, pathway="step_2"):
    """An episode assessed, on `pathway`, with one attended treatment session."""
    from resiliencehub.episodes import services

    f = _f()
    episode = f.make_episode(hub, case_holder, name=name)
    f.make_screening(episode.referral)
    who = f.auditor_for(case_holder)
    from resiliencehub.episodes.assessments import assessment_record

    assessment_record(
        episode,
        kind="in_depth",
        assessed_at=timezone.now() - timedelta(days=20),
        duration_minutes=60,
        mode="virtual",
        summary=NOTE_CANARY,
        outcome="plan",
        plan_pathway=hub.pathways.get(pathway=pathway),
        formulation={"presenting_difficulties": NOTE_CANARY, "goals": "Sleep better"},
        auditor=who,
    )
    appointment = services.appointment_book(
        episode,
        clinician=case_holder,
        starts_at=timezone.now() - timedelta(days=7),
        duration_minutes=50,
        kind="treatment",
        mode="virtual",
        auditor=who,
    )
    services.appointment_outcome_record(appointment, "attended", auditor=who)
    episode.refresh_from_db()
    return episode


def _service(hub, name="Talking Therapies North"):
    from resiliencehub.audit.services import Auditor
    from resiliencehub.episodes import services

    return services.directory_service_save(
        hub,
        auditor=Auditor.system("tests"),
        name=name,
        kind="talking_therapies",
        contact="0113 496 0999",
        eligibility_notes="Adults registered with a GP in the region",
        is_active=True,
    )


def seed(cast) -> None:
    from resiliencehub.episodes import services

    f = _f()
    clinician = cast.user(CLINICIAN)
    lead = _who(cast, LEAD)
    episode = _in_intervention(cast, cast.own, clinician, CLIENT_CANARY)
    who = f.auditor_for(clinician)
    services.session_note_add(episode, text=NOTE_CANARY, auditor=who)
    services.supervision_note_add(episode, text=SUPERVISION_CANARY, auditor=lead)
    services.session_measure_record(episode, "PHQ-9", f.PHQ9_MODERATE, auditor=who)
    cast.objects["episode"] = episode
    service = _service(cast.own)
    cast.objects["service"] = service
    cast.objects["onward"] = services.onward_referral_send(
        episode,
        service=service,
        consent_given=True,
        shared_items=["assessment_summary"],
        message=NOTE_CANARY,
        mark_referred_on=False,
        auditor=who,
    )
    programme = services.group_programme_create(
        cast.own, name="Bereavement group", description="", facilitator=None, auditor=lead
    )
    cast.objects["group"] = programme
    cast.objects["group_session"] = services.group_session_add(
        programme, starts_at=timezone.now(), mode="virtual", auditor=lead
    )
    services.group_member_add(programme, episode, auditor=lead)

    conflicted = f.make_client(cast.own, CONFLICT_CANARY)
    record_services.conflict_record(conflicted, staff=clinician, reason="Same ward", auditor=lead)
    cast.objects["conflicted"] = conflicted
    cast.objects["glass"] = record_services.break_glass_open(
        conflicted, user=clinician, reason="Urgent alert", auditor=who
    )

    other_clinician = cast.user("clinician_other_hub")
    other = _in_intervention(cast, cast.other, other_clinician, OTHER_CANARY, "step_3")
    other_who = f.auditor_for(other_clinician)
    cast.objects["other_episode"] = other
    cast.objects["other_appointment"] = other.appointments.first()
    other_service = _service(cast.other, "Other hub service")
    cast.objects["other_service"] = other_service
    cast.objects["other_onward"] = services.onward_referral_send(
        other,
        service=other_service,
        consent_given=True,
        shared_items=["assessment_summary"],
        mark_referred_on=False,
        auditor=other_who,
    )
    other_programme = services.group_programme_create(
        cast.other, name="Other group", description="", facilitator=None, auditor=other_who
    )
    cast.objects["other_group"] = other_programme
    cast.objects["other_group_session"] = services.group_session_add(
        other_programme, starts_at=timezone.now(), mode="virtual", auditor=other_who
    )
    other_conflict = record_services.conflict_record(
        other.client, staff=other_clinician, reason="Same team", auditor=other_who
    )
    cast.objects["other_conflict"] = other_conflict
    cast.objects["other_glass"] = record_services.break_glass_open(
        other.client, user=other_clinician, reason="Needed", auditor=other_who
    )
    cast.canaries += [
        CLIENT_CANARY,
        OTHER_CANARY,
        NOTE_CANARY,
        SUPERVISION_CANARY,
        CONFLICT_CANARY,
        episode.referral.reference,
    ]


# --- fresh objects for state-changing routes ----------------------------------------------


def fresh_episode(cast, pathway="step_2"):
    return _in_intervention(cast, cast.own, cast.user(CLINICIAN), CLIENT_CANARY, pathway).pk


def fresh_booked_appointment(cast):
    from resiliencehub.episodes import services

    episode = cast.objects["episode"]
    return services.appointment_book(
        episode,
        clinician=cast.user(CLINICIAN),
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=50,
        kind="treatment",
        mode="face_to_face",
        auditor=_who(cast, CLINICIAN),
    ).pk


def fresh_onward(cast):
    from resiliencehub.episodes import services

    return services.onward_referral_send(
        cast.objects["episode"],
        service=cast.objects["service"],
        consent_given=True,
        shared_items=[],
        mark_referred_on=False,
        auditor=_who(cast, CLINICIAN),
    ).pk


def fresh_conflict(cast):

    return record_services.conflict_record(
        cast.objects["conflicted"],
        staff=cast.user(Role.ADMINISTRATOR.value),
        reason="Neighbour",
        auditor=_who(cast, LEAD),
    ).pk


def fresh_glass(cast):

    return record_services.break_glass_open(
        cast.objects["conflicted"],
        user=cast.user(CLINICIAN),
        reason="Risk alert out of hours",
        auditor=_who(cast, CLINICIAN),
    ).pk


def fresh_token(cast):
    from resiliencehub.episodes import services

    _, token = services.measure_invitation_create(
        cast.objects["episode"], ["PHQ-9"], auditor=_who(cast, CLINICIAN)
    )
    return token


def _when(days=2) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def phq9_data(prefix=""):
    return {f"{prefix}item_{n}": "1" for n in range(1, 10)}


# --- kwargs -------------------------------------------------------------------------------


def slug(cast):
    return {"slug": cast.own.slug}


def own_episode(cast, **extra):
    return {"slug": cast.own.slug, "episode_id": cast.objects["episode"].pk, **extra}


def other_episode(cast, **extra):
    return {"slug": cast.own.slug, "episode_id": cast.objects["other_episode"].pk, **extra}


def own_client(cast):
    return {"slug": cast.own.slug, "client_id": cast.objects["episode"].client_id}


def other_client(cast):
    return {"slug": cast.own.slug, "client_id": cast.objects["other_episode"].client_id}


RECORD = rules.RECORD_ROLES
CASE = rules.CASE_HOLDER_ROLES
CONTACT_DATA = {
    "phone": "07700 900456",
    "email": "cora@example.org",
    "may_text": "yes",
    "may_email": "no",
    "may_leave_voicemail": "no",
}


def both(ok, hidden=(), post_status=302):
    return {"GET": page(ok, hidden), "POST": page(ok, hidden, ok_status=post_status)}


def both_idor(roles):
    return {"GET": idor(roles), "POST": idor(roles)}


ROUTES = [
    # The client record
    Route("episodes:client", {"GET": page(RECORD, PRACTITIONER)}, own_client),
    Route("episodes:client", {"GET": idor(RECORD)}, other_client),
    Route(
        "episodes:client_contact",
        both(RECORD, PRACTITIONER),
        own_client,
        data=lambda cast: CONTACT_DATA,
    ),
    Route(
        "episodes:client_contact", both_idor(RECORD), other_client, data=lambda cast: CONTACT_DATA
    ),
    Route(
        "episodes:conflicts",
        both(rules.LEAD_ROLES),
        own_client,
        data=lambda cast: {
            "staff": str(cast.user(Role.SERVICE_MANAGER.value).pk),
            "reason": "Works in the same team",
        },
    ),
    Route(
        "episodes:conflicts",
        both_idor(rules.LEAD_ROLES),
        other_client,
        data=lambda cast: {"staff": str(cast.user(LEAD).pk), "reason": "x"},
    ),
    # Asking for the questionnaires again on return: the lead or the case holder only.
    Route(
        "episodes:measures_on_return",
        {"POST": page(TREATING, hidden=set(RECORD) - TREATING, ok_status=302)},
        own_client,
        data=lambda cast: {"wanted": "yes"},
    ),
    Route(
        "episodes:measures_on_return",
        {"POST": idor(RECORD)},
        other_client,
        data=lambda cast: {"wanted": "yes"},
    ),
    Route(
        "episodes:conflict_end",
        {"POST": page(rules.LEAD_ROLES, ok_status=302)},
        lambda cast: {
            "slug": cast.own.slug,
            "client_id": cast.objects["conflicted"].pk,
            "conflict_id": fresh_conflict(cast),
        },
    ),
    Route(
        "episodes:conflict_end",
        {"POST": idor(rules.LEAD_ROLES)},
        lambda cast: {
            "slug": cast.own.slug,
            "client_id": cast.objects["other_conflict"].client_id,
            "conflict_id": cast.objects["other_conflict"].pk,
        },
    ),
    Route(
        "episodes:break_glass",
        both(
            {Role.CLINICIAN},
            hidden=(RECORD | rules.DUTY_ROLES | rules.WORKLIST_ROLES) - {Role.CLINICIAN},
        ),
        lambda cast: {"slug": cast.own.slug, "client_id": cast.objects["conflicted"].pk},
        data=lambda cast: {"reason": "Duty alert, no one else available"},
    ),
    Route(
        "episodes:break_glass",
        both_idor(RECORD | rules.DUTY_ROLES | rules.WORKLIST_ROLES),
        other_client,
        data=lambda cast: {"reason": "x"},
    ),
    Route("episodes:break_glass_log", {"GET": page(rules.LEAD_ROLES)}, slug),
    Route(
        "episodes:break_glass_review",
        both(rules.LEAD_ROLES),
        lambda cast: {"slug": cast.own.slug, "glass_id": fresh_glass(cast)},
        data=lambda cast: {"note": "Appropriate: out-of-hours alert."},
    ),
    Route(
        "episodes:break_glass_review",
        both_idor(rules.LEAD_ROLES),
        lambda cast: {"slug": cast.own.slug, "glass_id": cast.objects["other_glass"].pk},
        data=lambda cast: {"note": "x"},
    ),
    # The episode
    Route("episodes:episode", {"GET": page(RECORD, PRACTITIONER)}, own_episode),
    Route("episodes:episode", {"GET": idor(RECORD)}, other_episode),
    Route(
        "episodes:allocate",
        both(TREATING, PRACTITIONER),
        own_episode,
        data=lambda cast: {"case_holder": str(cast.user(CLINICIAN).pk)},
    ),
    Route(
        "episodes:allocate",
        both_idor(CASE),
        other_episode,
        data=lambda cast: {"case_holder": str(cast.user(CLINICIAN).pk)},
    ),
    Route(
        "episodes:status",
        both(TREATING, PRACTITIONER),
        lambda cast: {"slug": cast.own.slug, "episode_id": fresh_episode(cast)},
        data=lambda cast: {
            "to_status": "stepped_up",
            "pathway": "step_3",
            "reason": "Not improving at step 2",
        },
    ),
    Route(
        "episodes:status",
        both_idor(CASE),
        other_episode,
        data=lambda cast: {"to_status": "referred_on", "reason": "x"},
    ),
    Route(
        "episodes:appointment_new",
        both(rules.BOOKING_ROLES, PRACTITIONER),
        own_episode,
        data=lambda cast: {
            "starts_at": _when(),
            "duration_minutes": "50",
            "kind": "treatment",
            "mode": "virtual",
            "joining_details": "We will call your mobile",
            "clinician": str(cast.user(CLINICIAN).pk),
        },
    ),
    Route(
        "episodes:appointment_new",
        both_idor(rules.BOOKING_ROLES),
        other_episode,
        data=lambda cast: {
            "starts_at": _when(),
            "duration_minutes": "50",
            "kind": "treatment",
            "mode": "virtual",
            "joining_details": "We will call your mobile",
            "clinician": str(cast.user(CLINICIAN).pk),
        },
    ),
    Route(
        "episodes:appointment_outcome",
        both(rules.BOOKING_ROLES, PRACTITIONER),
        lambda cast: own_episode(cast, appointment_id=fresh_booked_appointment(cast)),
        data=lambda cast: {"status": "attended"},
    ),
    Route(
        "episodes:appointment_outcome",
        both_idor(rules.BOOKING_ROLES),
        lambda cast: own_episode(cast, appointment_id=cast.objects["other_appointment"].pk),
        data=lambda cast: {"status": "attended"},
    ),
    Route(
        "episodes:appointment_outcome",
        both_idor(rules.BOOKING_ROLES),
        lambda cast: other_episode(cast, appointment_id=cast.objects["other_appointment"].pk),
        data=lambda cast: {"status": "attended"},
    ),
    Route(
        "episodes:note_new",
        both(TREATING, PRACTITIONER),
        own_episode,
        data=lambda cast: {"text": "Session 2: worked on sleep."},
    ),
    Route("episodes:note_new", both_idor(CASE), other_episode, data=lambda cast: {"text": "x"}),
    Route(
        "episodes:measures",
        {"GET": page(TREATING, PRACTITIONER | {Role.ADMINISTRATOR})},
        own_episode,
    ),
    Route("episodes:measures", {"GET": idor(RECORD)}, other_episode),
    Route(
        "episodes:measure_new",
        both(TREATING, PRACTITIONER),
        lambda cast: own_episode(cast, instrument="PHQ-9"),
        data=lambda cast: {"stage": "session", **phq9_data()},
    ),
    Route(
        "episodes:measure_new",
        both_idor(CASE),
        lambda cast: other_episode(cast, instrument="PHQ-9"),
        data=lambda cast: {"stage": "session", **phq9_data()},
    ),
    Route(
        "episodes:measure_link",
        both(TREATING, PRACTITIONER, post_status=200),
        own_episode,
        data=lambda cast: {"instruments": ["PHQ-9", "GAD-7"]},
    ),
    Route(
        "episodes:measure_link",
        both_idor(CASE),
        other_episode,
        data=lambda cast: {"instruments": ["PHQ-9"]},
    ),
    Route(
        "intake:client_measures",
        {"GET": PUBLIC, "POST": PUBLIC},
        lambda cast: {"token": fresh_token(cast)},
        data=lambda cast: phq9_data("PHQ9-"),
    ),
    Route(
        "intake:client_measures",
        {"GET": expect(404), "POST": expect(404)},
        lambda cast: {"token": "not-a-real-token"},
        data=lambda cast: phq9_data("PHQ9-"),
    ),
    Route(
        "episodes:onward_new",
        both(TREATING, PRACTITIONER),
        own_episode,
        data=lambda cast: {
            "service": str(cast.objects["service"].pk),
            "consent": "yes",
            "shared_items": ["assessment_summary", "goals"],
            "mark_referred_on": "no",
        },
    ),
    Route(
        "episodes:onward_new",
        both_idor(CASE),
        other_episode,
        data=lambda cast: {
            "service": str(cast.objects["other_service"].pk),
            "consent": "yes",
            "mark_referred_on": "no",
        },
    ),
    Route(
        "episodes:onward",
        both(TREATING, PRACTITIONER | {Role.ADMINISTRATOR}),
        lambda cast: own_episode(cast, onward_id=fresh_onward(cast)),
        data=lambda cast: {"to_status": "accepted"},
    ),
    Route(
        "episodes:onward",
        both_idor(RECORD),
        lambda cast: own_episode(cast, onward_id=cast.objects["other_onward"].pk),
        data=lambda cast: {"to_status": "accepted"},
    ),
    Route(
        "episodes:onward_letter",
        {"GET": page(TREATING, PRACTITIONER)},
        lambda cast: own_episode(cast, onward_id=cast.objects["onward"].pk),
    ),
    Route(
        "episodes:onward_letter",
        {"GET": idor(CASE)},
        lambda cast: other_episode(cast, onward_id=cast.objects["other_onward"].pk),
    ),
    Route(
        "episodes:discharge",
        both(TREATING, PRACTITIONER),
        lambda cast: {"slug": cast.own.slug, "episode_id": fresh_episode(cast)},
        # A fresh episode has no attended sessions, so "completed" is confirmed explicitly.
        data=lambda cast: {"reason": "completed", "confirm_asked": "1", "confirm_completed": "yes"},
    ),
    Route(
        "episodes:discharge", both_idor(CASE), other_episode, data=lambda cast: {"reason": "other"}
    ),
    Route(
        "episodes:supervision",
        both(TREATING, PRACTITIONER),
        own_episode,
        data=lambda cast: {"text": "Discussed pacing."},
    ),
    Route("episodes:supervision", both_idor(CASE), other_episode, data=lambda cast: {"text": "x"}),
    # Caseloads and waiting lists
    Route("episodes:my_caseload", {"GET": page(CASE)}, slug),
    Route("episodes:team_caseload", {"GET": page(rules.LEAD_ROLES)}, slug),
    Route("episodes:waiting_list", {"GET": page(rules.WAITING_LIST_ROLES)}, slug),
    # Service directory
    Route(
        "episodes:directory",
        {
            "GET": page(rules.DIRECTORY_VIEW_ROLES),
            "POST": page(rules.DIRECTORY_EDIT_ROLES, ok_status=302),
        },
        slug,
        data=lambda cast: {
            "name": "Bereavement Support North",
            "kind": "bereavement",
            "contact": "0113 496 0888",
            "is_active": "yes",
        },
    ),
    Route(
        "episodes:directory_edit",
        both(rules.DIRECTORY_EDIT_ROLES),
        lambda cast: {"slug": cast.own.slug, "service_id": cast.objects["service"].pk},
        data=lambda cast: {
            "name": "Talking Therapies North",
            "kind": "talking_therapies",
            "contact": "0113 496 0999",
            "is_active": "yes",
        },
    ),
    Route(
        "episodes:directory_edit",
        both_idor(rules.DIRECTORY_EDIT_ROLES),
        lambda cast: {"slug": cast.own.slug, "service_id": cast.objects["other_service"].pk},
        data=lambda cast: {"name": "x", "kind": "other", "contact": "x", "is_active": "yes"},
    ),
    # Groups
    Route(
        "episodes:groups",
        {"GET": page(rules.GROUP_ROLES), "POST": page(rules.GROUP_EDIT_ROLES, ok_status=302)},
        slug,
        data=lambda cast: {"name": "Long COVID group"},
    ),
    Route(
        "episodes:group",
        {"GET": page(rules.GROUP_ROLES)},
        lambda cast: {"slug": cast.own.slug, "programme_id": cast.objects["group"].pk},
    ),
    Route(
        "episodes:group",
        {"GET": idor(rules.GROUP_ROLES)},
        lambda cast: {"slug": cast.own.slug, "programme_id": cast.objects["other_group"].pk},
    ),
    Route(
        "episodes:group_session_new",
        {"POST": page(rules.GROUP_EDIT_ROLES, ok_status=302)},
        lambda cast: {"slug": cast.own.slug, "programme_id": cast.objects["group"].pk},
        data=lambda cast: {"starts_at": _when(), "mode": "virtual"},
    ),
    Route(
        "episodes:group_session_new",
        {"POST": idor(rules.GROUP_EDIT_ROLES)},
        lambda cast: {"slug": cast.own.slug, "programme_id": cast.objects["other_group"].pk},
        data=lambda cast: {"starts_at": _when(), "mode": "virtual"},
    ),
    Route(
        "episodes:group_member_add",
        # The seeded episode is already a member: the form is shown again with its error.
        {"POST": page(rules.GROUP_EDIT_ROLES, ok_status=200)},
        lambda cast: {"slug": cast.own.slug, "programme_id": cast.objects["group"].pk},
        data=lambda cast: {"episode": str(cast.objects["episode"].pk)},
    ),
    Route(
        "episodes:group_member_add",
        {"POST": idor(rules.GROUP_EDIT_ROLES)},
        lambda cast: {"slug": cast.own.slug, "programme_id": cast.objects["other_group"].pk},
        data=lambda cast: {"episode": str(cast.objects["other_episode"].pk)},
    ),
    Route(
        "episodes:group_attendance",
        both(rules.GROUP_EDIT_ROLES),
        lambda cast: {
            "slug": cast.own.slug,
            "programme_id": cast.objects["group"].pk,
            "session_id": cast.objects["group_session"].pk,
        },
        data=lambda cast: {
            f"member_{cast.objects['group'].members.first().pk}": "attended",
        },
    ),
    Route(
        "episodes:group_attendance",
        both_idor(rules.GROUP_EDIT_ROLES),
        lambda cast: {
            "slug": cast.own.slug,
            "programme_id": cast.objects["group"].pk,
            "session_id": cast.objects["other_group_session"].pk,
        },
        data=lambda cast: {},
    ),
]
