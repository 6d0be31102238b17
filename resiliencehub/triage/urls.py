from django.urls import path

from . import views

app_name = "triage"

ALERT = "staff/<slug:slug>/duty/alerts/<int:alert_id>/"
REFERRAL = "staff/<slug:slug>/referrals/<int:referral_id>/"

urlpatterns = [
    path("staff/<slug:slug>/duty/", views.duty_queue, name="duty_queue"),
    path("staff/<slug:slug>/duty/rota/", views.rota, name="rota"),
    path(
        "staff/<slug:slug>/duty/rota/<int:shift_id>/remove/",
        views.rota_remove,
        name="rota_remove",
    ),
    path(ALERT, views.alert_detail, name="alert"),
    path(f"{ALERT}acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path(f"{ALERT}contact/", views.alert_contact, name="alert_contact"),
    path(f"{ALERT}assess/", views.alert_assess, name="alert_assess"),
    path(f"{ALERT}close/", views.alert_close, name="alert_close"),
    path("staff/<slug:slug>/referrals/", views.worklist, name="worklist"),
    path(REFERRAL, views.referral_detail, name="referral"),
    path(f"{REFERRAL}accept/", views.referral_accept, name="referral_accept"),
    path(f"{REFERRAL}decline/", views.referral_decline, name="referral_decline"),
    path(f"{REFERRAL}merge/", views.referral_merge, name="referral_merge"),
    path(
        f"{REFERRAL}questionnaires-link/",
        views.referral_questionnaires_link,
        name="referral_questionnaires_link",
    ),
]
