"""Shared reads of episodes, always reached through a hub (design.md, "Rules").

Each `<thing>_for(hub, id)` returns the object only if it belongs to `hub`, else raises
Http404 — the same answer an outsider gets for an id that does not exist.
"""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from resiliencehub.core.db import median_days
from resiliencehub.hub.models import Pathway
from resiliencehub.records.contacts import contact_history
from resiliencehub.records.models import (
    Client,
    MeasureResponse,
    Screening,
)

from .models import (
    OPEN_STATUSES,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Assessment,
    AttendanceStatus,
    DirectoryService,
    Episode,
    EpisodeStatus,
    GroupAttendance,
    GroupMember,
    GroupProgramme,
    GroupSession,
    OnwardReferral,
    SessionMeasure,
)

# --- clients and episodes --------------------------------------------------------------


def episode_for(hub, episode_id: int) -> Episode:
    return get_object_or_404(
        Episode.objects.filter(hub=hub).select_related("client", "referral", "case_holder"),
        pk=episode_id,
    )


def episode_for_referral(hub, referral) -> Episode | None:
    return Episode.objects.filter(hub=hub, referral=referral).first()


def client_record(hub, client: Client) -> dict:
    """Everything the record page shows, fetched in a fixed number of queries."""
    episodes = list(
        Episode.objects.filter(hub=hub, client=client)
        .select_related("referral", "case_holder")
        .order_by("-opened_at")
    )
    referrals = list(
        client.referrals.filter(hub=hub)
        .select_related("merged_into")
        .prefetch_related("status_changes")
        .order_by("-submitted_at")
    )
    contacts = list(contact_history(client)[:50])
    return {"episodes": episodes, "referrals": referrals, "contacts": contacts}


def appointments_for(episode):
    return episode.appointments.select_related("clinician").order_by("starts_at", "id")


def appointment_for(hub, episode, appointment_id: int) -> Appointment:
    return get_object_or_404(
        Appointment.objects.filter(hub=hub, episode=episode).select_related("clinician"),
        pk=appointment_id,
    )


def treatment_sessions_attended(episode) -> int:
    """Attended treatment appointments plus attended group sessions in this episode."""
    individual = episode.appointments.filter(
        kind=AppointmentKind.TREATMENT, status=AppointmentStatus.ATTENDED
    ).count()
    group = GroupAttendance.objects.filter(
        member__episode=episode, status=AttendanceStatus.ATTENDED
    ).count()
    return individual + group


def episode_measures(episode) -> list[MeasureResponse]:
    """Session and closing measures of the episode, oldest first."""
    return [
        link.response
        for link in SessionMeasure.objects.filter(episode=episode)
        .select_related("response")
        .order_by("response__completed_at", "id")
    ]


def screening_measures(episode) -> list[MeasureResponse]:
    """Measures the client completed with the referral (the pre-treatment baseline).

    Found through the referral's screening ids and sorted here: with an ORDER BY (or a
    join) SQLite's planner, having no statistics, walked the completed-at or hub index
    over millions of responses instead of reading the few under those screenings."""
    screenings = Screening.objects.filter(
        hub_id=episode.hub_id, referral_id=episode.referral_id
    ).values("pk")
    responses = list(MeasureResponse.objects.filter(screening_id__in=screenings))
    return sorted(responses, key=lambda response: (response.completed_at, response.pk))


def onward_referrals_for(episode):
    return episode.onward_referrals.select_related("service").prefetch_related("status_changes")


def onward_referral_for(hub, episode, onward_id: int) -> OnwardReferral:
    return get_object_or_404(
        OnwardReferral.objects.filter(hub=hub, episode=episode).select_related("service"),
        pk=onward_id,
    )


def directory(hub, active_only: bool = False):
    services = DirectoryService.objects.filter(hub=hub)
    if active_only:
        services = services.filter(is_active=True)
    return services.order_by("kind", "name")


def directory_service_for(hub, service_id: int) -> DirectoryService:
    return get_object_or_404(DirectoryService.objects.filter(hub=hub), pk=service_id)


# --- caseloads and waiting lists -------------------------------------------------------


def _caseload(queryset):
    return (
        queryset.filter(status__in=OPEN_STATUSES)
        .select_related("client", "case_holder", "referral")
        .order_by("opened_at", "id")
    )


def attended_counts(episode_ids) -> dict[int, int]:
    """Attended treatment appointments per episode, for one page of a caseload (grouping
    the whole caseload would cost a join over every row)."""
    rows = (
        Appointment.objects.filter(
            episode_id__in=list(episode_ids),
            kind=AppointmentKind.TREATMENT,
            status=AppointmentStatus.ATTENDED,
        )
        .values("episode_id")
        .annotate(n=Count("pk"))
    )
    return {row["episode_id"]: row["n"] for row in rows}


def my_caseload(hub, user):
    return _caseload(Episode.objects.filter(hub=hub, case_holder=user))


def team_caseload(hub):
    return _caseload(Episode.objects.filter(hub=hub)).order_by(
        "case_holder__full_name", "opened_at"
    )


def waiting_list(hub, stage: str):
    """Open episodes waiting for assessment or for intervention, longest wait first."""
    statuses = {
        "assessment": [EpisodeStatus.WAITING_ASSESSMENT],
        "intervention": [
            EpisodeStatus.ASSESSED,
            EpisodeStatus.WAITING_INTERVENTION,
            EpisodeStatus.STEPPED_UP,
            EpisodeStatus.STEPPED_DOWN,
        ],
    }[stage]
    return (
        Episode.objects.filter(hub=hub, status__in=statuses)
        .select_related("client", "case_holder", "referral")
        .order_by("opened_at" if stage == "assessment" else "first_assessed_at", "id")
    )


WAIT_WINDOW_DAYS = 365


def waits_seen(hub, now: datetime) -> tuple[tuple[float | None, int], tuple[float | None, int]]:
    """Median days (and how many episodes) from referral to first assessment, and from
    first assessment to first intervention, over episodes assessed in the last year.

    Computed in the database: a busy hub has tens of thousands of such episodes."""
    assessed = Episode.objects.filter(
        hub=hub, first_assessed_at__gte=now - timedelta(days=WAIT_WINDOW_DAYS)
    )
    return (
        median_days(assessed, "referral__submitted_at", "first_assessed_at"),
        median_days(assessed, "first_assessed_at", "first_intervention_at"),
    )


DNA_DAYS = 365


def did_not_attend(hub, *, clinician=None, now=None) -> dict:
    """Appointments with an outcome in the last year that the client did not attend, per
    clinician and per pathway: (label, held, did not attend), counted in the database.
    "Held" counts attended and did-not-attend; cancellations are neither."""
    now = now or timezone.now()
    rows = Appointment.objects.filter(
        hub=hub,
        starts_at__gte=now - timedelta(days=DNA_DAYS),
        starts_at__lt=now,
        status__in=(AppointmentStatus.ATTENDED, AppointmentStatus.DID_NOT_ATTEND),
    )
    if clinician is not None:
        rows = rows.filter(clinician=clinician)
    counted = {
        "held": Count("id"),
        "dna": Count("id", filter=Q(status=AppointmentStatus.DID_NOT_ATTEND)),
    }
    people = (
        rows.values("clinician__full_name", "clinician__username")
        .annotate(**counted)
        .order_by("clinician__full_name", "clinician__username")
    )
    by_clinician = [
        (r["clinician__full_name"] or r["clinician__username"], r["held"], r["dna"]) for r in people
    ]
    pathways = rows.values("episode__pathway").annotate(**counted).order_by("episode__pathway")
    labels = dict(Pathway.choices)
    by_pathway = [
        (labels.get(r["episode__pathway"], "No pathway yet"), r["held"], r["dna"]) for r in pathways
    ]
    return {"clinicians": by_clinician, "pathways": by_pathway}


def caseload_counts(hub) -> list[tuple[str, int]]:
    """Open episodes per case holder (unallocated ones counted as such)."""
    rows = (
        Episode.objects.filter(hub=hub, status__in=OPEN_STATUSES)
        .values("case_holder__full_name", "case_holder__username")
        .annotate(n=Count("pk"))
        .order_by("case_holder__full_name", "case_holder__username")
    )
    return [
        (
            row["case_holder__full_name"] or row["case_holder__username"] or "Not allocated",
            row["n"],
        )
        for row in rows
    ]


# --- groups ----------------------------------------------------------------------------


def group_programmes(hub):
    return (
        GroupProgramme.objects.filter(hub=hub)
        .select_related("facilitator")
        .annotate(
            member_count=Count("members", distinct=True),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("-is_active", "name")
    )


def group_for(hub, programme_id: int) -> GroupProgramme:
    return get_object_or_404(
        GroupProgramme.objects.filter(hub=hub).select_related("facilitator"), pk=programme_id
    )


def group_members(programme):
    return programme.members.select_related(
        "episode__client", "episode__case_holder", "episode__referral"
    )


def group_sessions(programme):
    return programme.sessions.prefetch_related(
        Prefetch("attendance", queryset=GroupAttendance.objects.select_related("member"))
    )


def group_session_for(programme, session_id: int) -> GroupSession:
    return get_object_or_404(GroupSession.objects.filter(programme=programme), pk=session_id)


def open_episodes_for_groups(hub, programme):
    """Open episodes whose plan is group therapy and who are not yet in this group."""
    return (
        Episode.objects.filter(hub=hub, status__in=OPEN_STATUSES, pathway=Pathway.GROUP)
        .exclude(Exists(GroupMember.objects.filter(episode=OuterRef("pk"), programme=programme)))
        .select_related("client", "referral")
        .order_by("opened_at")
    )


# --- assessments ----------------------------------------------------------------------


def assessments_for(episode):
    return (
        Assessment.objects.filter(episode=episode)
        .select_related("assessed_by", "formulation")
        .order_by("assessed_at", "id")
    )


def assessment_for(hub, episode, assessment_id: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.filter(hub=hub, episode=episode).select_related(
            "assessed_by", "formulation"
        ),
        pk=assessment_id,
    )
