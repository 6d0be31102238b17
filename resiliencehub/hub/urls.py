from django.urls import path

from . import views

app_name = "hub"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("h/<slug:slug>/", views.public_home, name="public_home"),
    path("staff/", views.staff_hubs, name="staff_hubs"),
    path("staff/<slug:slug>/", views.staff_home, name="staff_home"),
    path("staff/<slug:slug>/configuration/", views.configuration, name="configuration"),
]
