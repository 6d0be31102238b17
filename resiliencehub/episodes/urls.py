from django.urls import path

from .views import (
    appointments,
    assessments,
    caseloads,
    client,
    directory,
    episode,
    groups,
    measures,
    onward,
)

app_name = "episodes"

STAFF = "staff/<slug:slug>/"
CLIENT = f"{STAFF}clients/<int:client_id>/"
EPISODE = f"{STAFF}episodes/<int:episode_id>/"
ONWARD = f"{EPISODE}onward/<int:onward_id>/"
GROUP = f"{STAFF}groups/<int:programme_id>/"

urlpatterns = [
    path(CLIENT, client.client, name="client"),
    path(f"{CLIENT}contact/", client.client_contact, name="client_contact"),
    path(f"{CLIENT}conflicts/", client.conflicts, name="conflicts"),
    path(f"{CLIENT}measures-on-return/", client.measures_on_return, name="measures_on_return"),
    path(f"{CLIENT}conflicts/<int:conflict_id>/end/", client.conflict_end, name="conflict_end"),
    path(f"{CLIENT}break-glass/", client.break_glass, name="break_glass"),
    path(f"{STAFF}break-glass/", client.break_glass_log, name="break_glass_log"),
    path(
        f"{STAFF}break-glass/<int:glass_id>/review/",
        client.break_glass_review,
        name="break_glass_review",
    ),
    path(EPISODE, episode.episode, name="episode"),
    path(f"{EPISODE}allocate/", episode.allocate, name="allocate"),
    path(f"{EPISODE}assessment/new/", assessments.assessment_new, name="assessment_new"),
    path(
        f"{EPISODE}assessments/<int:assessment_id>/",
        assessments.assessment_detail,
        name="assessment",
    ),
    path(f"{EPISODE}status/", episode.status, name="status"),
    path(f"{EPISODE}appointments/new/", appointments.appointment_new, name="appointment_new"),
    path(
        f"{EPISODE}appointments/<int:appointment_id>/outcome/",
        appointments.appointment_outcome,
        name="appointment_outcome",
    ),
    path(f"{EPISODE}notes/new/", episode.note_new, name="note_new"),
    path(f"{EPISODE}measures/", measures.measures, name="measures"),
    path(f"{EPISODE}measures/new/<str:instrument>/", measures.measure_new, name="measure_new"),
    path(f"{EPISODE}measures/link/", measures.measure_link, name="measure_link"),
    path(f"{EPISODE}onward/new/", onward.onward_new, name="onward_new"),
    path(ONWARD, onward.onward, name="onward"),
    path(f"{ONWARD}letter/", onward.onward_letter, name="onward_letter"),
    path(f"{EPISODE}discharge/", episode.discharge, name="discharge"),
    path(f"{EPISODE}supervision/", episode.supervision, name="supervision"),
    path(f"{STAFF}caseload/", caseloads.my_caseload, name="my_caseload"),
    path(f"{STAFF}team-caseload/", caseloads.team_caseload, name="team_caseload"),
    path(f"{STAFF}waiting-list/", caseloads.waiting_list, name="waiting_list"),
    path(f"{STAFF}services/", directory.directory, name="directory"),
    path(f"{STAFF}services/<int:service_id>/", directory.directory_edit, name="directory_edit"),
    path(f"{STAFF}groups/", groups.groups, name="groups"),
    path(GROUP, groups.group, name="group"),
    path(f"{GROUP}sessions/new/", groups.group_session_new, name="group_session_new"),
    path(f"{GROUP}members/new/", groups.group_member_add, name="group_member_add"),
    path(
        f"{GROUP}sessions/<int:session_id>/attendance/",
        groups.group_attendance,
        name="group_attendance",
    ),
]
