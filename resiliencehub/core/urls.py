from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]
