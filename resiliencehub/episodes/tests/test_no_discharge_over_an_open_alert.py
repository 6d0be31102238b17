"""A client with a risk alert not yet closed cannot be discharged, referred on or have
their referral declined, by any route; every page about them shows the open alert
(HAZ-042). Each client starts as a stranger on the public site."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from conftest import load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services
from resiliencehub.episodes.models import EpisodeStatus, OnwardReferral
from resiliencehub.episodes.tests.factories import auditor_for
from resiliencehub.intake.tests.fewest import refer_with_fewest_answers
from resiliencehub.records.alerts import OpenRiskAlerts
from resiliencehub.records.models import ReferralStatus, RiskAlert
from resiliencehub.triage import services as triage_services
from resiliencehub.triage.tests.alert_sources import (
    SEVERAL_DAYS,
    accepted_episode,
    item9,
    risky_session_measure,
)

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-042")]

REFUSED_DISCHARGE = "The client cannot be discharged while a risk alert about them is not closed."
NOTE = "Ended at their request after two sessions."


@pytest.fixture
def hub(db):
    return load_demo_hub("site-c")


@pytest.fixture
def at_risk(hub, make_staff, signed_in):
    """A public referral, accepted by a clinician who then enters a session PHQ-9 with
    item 9 = 2: (episode, case holder's browser, alert)."""
    episode, staff = accepted_episode(hub, make_staff, signed_in)
    alert = risky_session_measure(staff, episode)
    return episode, staff, alert


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def alert_url(alert) -> str:
    return reverse("triage:alert", kwargs={"slug": alert.hub.slug, "alert_id": alert.pk})


def episode_url(name, episode) -> str:
    return reverse(name, kwargs={"slug": episode.hub.slug, "episode_id": episode.pk})


def close_alert(alert, make_staff) -> None:
    """The duty clinician works the alert to closed."""
    who = auditor_for(make_staff(alert.hub, Role.DUTY_CLINICIAN))
    triage_services.alert_acknowledge(alert, auditor=who)
    triage_services.contact_attempt_record(
        alert, attempted_at=timezone.now(), method="phone", outcome="spoke", auditor=who
    )
    triage_services.alert_close(alert, note="Spoke; safety plan agreed.", auditor=who)


def directory_service(hub, episode):
    return services.directory_service_save(
        hub,
        auditor=auditor_for(episode.case_holder),
        name="Community mental health team",
        kind="cmht",
        contact="0113 496 0200",
        is_active=True,
        eligibility_notes="",
    )


# --- the service layer refuses, whatever the route --------------------------------------


def test_the_discharge_service_refuses_while_an_alert_is_open(at_risk, make_staff):
    episode, _, alert = at_risk
    who = auditor_for(episode.case_holder)
    with pytest.raises(OpenRiskAlerts, match=REFUSED_DISCHARGE) as refused:
        services.episode_discharge(episode, reason="client_ended", auditor=who)
    assert refused.value.alerts == [alert]
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.WAITING_ASSESSMENT and episode.discharged_at is None
    close_alert(alert, make_staff)
    services.episode_discharge(episode, reason="client_ended", auditor=who)
    assert episode.status == EpisodeStatus.DISCHARGED


def test_the_state_machine_refuses_referred_on_and_discharged_by_any_route(at_risk):
    episode, _, _ = at_risk
    who = auditor_for(episode.case_holder)
    with pytest.raises(OpenRiskAlerts, match="cannot be referred on"):
        services.episode_transition(episode, EpisodeStatus.REFERRED_ON, auditor=who)
    with pytest.raises(OpenRiskAlerts, match="cannot be discharged"):
        services.episode_transition(
            episode, EpisodeStatus.DISCHARGED, auditor=who, _discharging=True
        )
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.WAITING_ASSESSMENT


def test_the_onward_referral_service_refuses_even_without_marking_referred_on(hub, at_risk):
    episode, _, _ = at_risk
    with pytest.raises(OpenRiskAlerts, match="cannot be referred on"):
        services.onward_referral_send(
            episode,
            service=directory_service(hub, episode),
            consent_given=True,
            shared_items=[],
            mark_referred_on=False,
            auditor=auditor_for(episode.case_holder),
        )
    assert not OnwardReferral.objects.exists()


def test_a_referral_with_an_open_alert_cannot_be_declined(hub, make_staff):
    referral = refer_with_fewest_answers(hub, choose=item9(SEVERAL_DAYS)).referral
    alert = RiskAlert.objects.get(referral=referral)
    who = auditor_for(make_staff(hub, Role.CLINICIAN))
    with pytest.raises(OpenRiskAlerts, match="The referral cannot be declined"):
        triage_services.referral_decline(referral, reason="out_of_scope", note="", auditor=who)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    close_alert(alert, make_staff)
    triage_services.referral_decline(referral, reason="out_of_scope", note="", auditor=who)
    assert referral.status == ReferralStatus.DECLINED


# --- the pages say why, link to the alert and keep what was typed ------------------------


def _refused_page(response, alert) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'id="alert-refusal".*?</div>\s*</div>', html, re.S).group(0)
    assert f'href="{alert_url(alert)}"' in summary
    return words(response)


def test_the_discharge_page_refuses_with_a_link_to_the_alert_and_keeps_the_note(at_risk):
    episode, staff, alert = at_risk
    url = episode_url("episodes:discharge", episode)
    response = staff.post(url, {"reason": "client_ended", "note": NOTE})
    text = _refused_page(response, alert)
    assert REFUSED_DISCHARGE in text
    assert NOTE in response.content.decode()  # the note typed is still in the form
    episode.refresh_from_db()
    assert episode.is_open


def test_the_onward_referral_page_refuses_with_a_link_to_the_alert(hub, at_risk):
    episode, staff, alert = at_risk
    service = directory_service(hub, episode)
    response = staff.post(
        episode_url("episodes:onward_new", episode),
        {
            "service": str(service.pk),
            "consent": "yes",
            "shared_items": ["scores"],
            "message": "Please see her soon.",
            "mark_referred_on": "yes",
        },
    )
    assert "The client cannot be referred on" in _refused_page(response, alert)
    assert "Please see her soon." in response.content.decode()
    assert not OnwardReferral.objects.exists()


def test_the_status_page_refuses_referred_on_with_a_link_to_the_alert(at_risk):
    episode, staff, alert = at_risk
    response = staff.post(
        episode_url("episodes:status", episode),
        {"to_status": "referred_on", "reason": "Needs the community team."},
    )
    assert "The client cannot be referred on" in _refused_page(response, alert)
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.WAITING_ASSESSMENT


def test_the_decline_page_refuses_with_a_link_to_the_alert(hub, make_staff, signed_in):
    referral = refer_with_fewest_answers(hub, choose=item9(SEVERAL_DAYS)).referral
    alert = RiskAlert.objects.get(referral=referral)
    lead = signed_in(make_staff(hub, Role.CLINICAL_LEAD), HttpClient())
    response = lead.post(
        reverse("triage:referral_decline", kwargs={"slug": hub.slug, "referral_id": referral.pk}),
        {"reason": "out_of_scope", "note": "Works outside the region."},
    )
    assert "The referral cannot be declined" in _refused_page(response, alert)
    assert "Works outside the region." in response.content.decode()


# --- every page about the client shows the open alert -----------------------------------

CLIENT_PAGES = [
    "episodes:episode",
    "episodes:discharge",
    "episodes:status",
    "episodes:measures",
    "episodes:onward_new",
    "episodes:client",
    "triage:referral",
]


def _page(name, episode) -> str:
    if name == "episodes:client":
        return reverse(name, kwargs={"slug": episode.hub.slug, "client_id": episode.client_id})
    if name == "triage:referral":
        return reverse(name, kwargs={"slug": episode.hub.slug, "referral_id": episode.referral_id})
    return episode_url(name, episode)


def _banner(response) -> str:
    assert response.status_code == 200
    found = re.search(
        r'<div class="nhsuk-warning-callout" id="open-risk-alerts">.*?</div>',
        response.content.decode(),
        re.S,
    )
    assert found, "no open-alert banner"
    return found.group(0)


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_every_page_about_the_client_shows_the_open_alert(at_risk, make_staff, name):
    episode, staff, alert = at_risk
    banner = _banner(staff.get(_page(name, episode)))
    assert f'href="{alert_url(alert)}"' in banner
    assert "Open risk alert" in banner and "waiting for the duty clinician" in banner
    close_alert(alert, make_staff)
    assert 'id="open-risk-alerts"' not in staff.get(_page(name, episode)).content.decode()


def test_the_case_holder_can_read_the_alert_but_only_the_duty_clinician_works_it(at_risk):
    episode, staff, alert = at_risk
    page = staff.get(alert_url(alert))
    assert page.status_code == 200
    text = words(page)
    assert "The duty clinician works this alert" in text and "Acknowledge alert" not in text
    acknowledge = reverse(
        "triage:alert_acknowledge", kwargs={"slug": alert.hub.slug, "alert_id": alert.pk}
    )
    assert staff.post(acknowledge).status_code == 403


def test_an_administrator_sees_that_an_alert_is_open_but_not_what_raised_it(
    at_risk, make_staff, signed_in
):
    episode, _, alert = at_risk
    admin = signed_in(make_staff(episode.hub, Role.ADMINISTRATOR), HttpClient())
    banner = _banner(admin.get(_page("episodes:client", episode)))
    assert "Open risk alert" in banner
    assert alert_url(alert) not in banner and "item 9" not in banner
    assert admin.get(alert_url(alert)).status_code == 403
