from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("h/<slug:slug>/start/", views.start, name="start"),
    path("h/<slug:slug>/eligibility/<str:key>/", views.eligibility_question, name="eligibility"),
    path("h/<slug:slug>/not-eligible/<str:reason>/", views.not_eligible, name="not_eligible"),
    path("h/<slug:slug>/questions/", views.resume_next, name="next"),
    path("h/<slug:slug>/questions/<str:page>/", views.question, name="question"),
    path("h/<slug:slug>/help-now/", views.risk, name="risk"),
    path("h/<slug:slug>/check-your-answers/", views.check, name="check"),
    path("h/<slug:slug>/your-results/", views.results, name="results"),
    path("h/<slug:slug>/refer-yourself/", views.refer, name="refer"),
    path("h/<slug:slug>/sent/", views.confirmation, name="confirmation"),
    path("h/<slug:slug>/finished/", views.finished, name="finished"),
    path("h/<slug:slug>/save/", views.save, name="save"),
    path("h/<slug:slug>/check-your-email/", views.link_sent, name="link_sent"),
    path("h/<slug:slug>/answers-saved/", views.locked, name="locked"),
    path("h/<slug:slug>/find-saved-answers/", views.find_saved, name="find_saved"),
    path("h/<slug:slug>/resume/<str:token>/", views.resume, name="resume"),
    path("h/<slug:slug>/returning/", views.returning, name="returning"),
    path("h/<slug:slug>/returning/<str:token>/", views.returning_link, name="returning_link"),
    path("h/<slug:slug>/questionnaires/<str:token>/", views.questionnaires, name="questionnaires"),
    path("h/<slug:slug>/follow-up/<str:token>/", views.follow_up, name="follow_up"),
    path(
        "h/<slug:slug>/your-emails/<str:token>/",
        views.contact_preferences,
        name="contact_preferences",
    ),
    # A client's session questionnaires: the link is the episode's (ADR 0028).
    path("measures/<str:token>/", views.client_measures, name="client_measures"),
]
