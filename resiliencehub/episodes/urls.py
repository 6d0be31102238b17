from django.urls import path

from . import views

app_name = "episodes"

STAFF = "staff/<slug:slug>/"
CLIENT = f"{STAFF}clients/<int:client_id>/"
EPISODE = f"{STAFF}episodes/<int:episode_id>/"
ONWARD = f"{EPISODE}onward/<int:onward_id>/"
GROUP = f"{STAFF}groups/<int:programme_id>/"

urlpatterns = [
    path(CLIENT, views.client, name="client"),
    path(f"{CLIENT}contact/", views.client_contact, name="client_contact"),
    path(f"{CLIENT}conflicts/", views.conflicts, name="conflicts"),
    path(f"{CLIENT}conflicts/<int:conflict_id>/end/", views.conflict_end, name="conflict_end"),
    path(f"{CLIENT}break-glass/", views.break_glass, name="break_glass"),
    path(f"{STAFF}break-glass/", views.break_glass_log, name="break_glass_log"),
    path(
        f"{STAFF}break-glass/<int:glass_id>/review/",
        views.break_glass_review,
        name="break_glass_review",
    ),
    path(EPISODE, views.episode, name="episode"),
    path(f"{EPISODE}allocate/", views.allocate, name="allocate"),
    path(f"{EPISODE}status/", views.status, name="status"),
    path(f"{EPISODE}appointments/new/", views.appointment_new, name="appointment_new"),
    path(
        f"{EPISODE}appointments/<int:appointment_id>/outcome/",
        views.appointment_outcome,
        name="appointment_outcome",
    ),
    path(f"{EPISODE}notes/new/", views.note_new, name="note_new"),
    path(f"{EPISODE}measures/", views.measures, name="measures"),
    path(f"{EPISODE}measures/new/<str:instrument>/", views.measure_new, name="measure_new"),
    path(f"{EPISODE}measures/link/", views.measure_link, name="measure_link"),
    path(f"{EPISODE}onward/new/", views.onward_new, name="onward_new"),
    path(ONWARD, views.onward, name="onward"),
    path(f"{ONWARD}letter/", views.onward_letter, name="onward_letter"),
    path(f"{EPISODE}discharge/", views.discharge, name="discharge"),
    path(f"{EPISODE}supervision/", views.supervision, name="supervision"),
    path(f"{STAFF}caseload/", views.my_caseload, name="my_caseload"),
    path(f"{STAFF}team-caseload/", views.team_caseload, name="team_caseload"),
    path(f"{STAFF}waiting-list/", views.waiting_list, name="waiting_list"),
    path(f"{STAFF}services/", views.directory, name="directory"),
    path(f"{STAFF}services/<int:service_id>/", views.directory_edit, name="directory_edit"),
    path(f"{STAFF}groups/", views.groups, name="groups"),
    path(GROUP, views.group, name="group"),
    path(f"{GROUP}sessions/new/", views.group_session_new, name="group_session_new"),
    path(f"{GROUP}members/new/", views.group_member_add, name="group_member_add"),
    path(
        f"{GROUP}sessions/<int:session_id>/attendance/",
        views.group_attendance,
        name="group_attendance",
    ),
]
