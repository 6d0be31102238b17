from django.urls import path

from . import views

app_name = "followup"

STAFF = "staff/<slug:slug>/follow-up/"

urlpatterns = [
    path(STAFF, views.schedules, name="schedules"),
    path(f"{STAFF}<slug:key>/", views.schedule, name="schedule"),
    path(f"{STAFF}<slug:key>/not-answered/", views.non_responders, name="non_responders"),
    path(f"{STAFF}<slug:key>/change/", views.schedule_change, name="schedule_change"),
]
