"""Who sees what of a client's record (service-model.md; ADR 0020), conflicts of
interest and break glass."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.episodes import services
from resiliencehub.episodes.tests.factories import (
    auditor_for,
    make_alert,
    make_episode,
    make_referral,
)
from resiliencehub.records import services as record_services
from resiliencehub.records.models import BreakGlass

pytestmark = pytest.mark.django_db

NOTE = "canary-note-4411"
SUPERVISION = "canary-supervision-4412"


@pytest.fixture
def case(hub_a, make_staff):
    """An episode held by a clinician, with a session note and a supervision note."""
    holder = make_staff(hub_a, Role.CLINICIAN, username="holder")
    episode = make_episode(hub_a, holder, name="Rhiannon Record")
    services.session_note_add(episode, text=NOTE, auditor=auditor_for(holder))
    lead = make_staff(hub_a, Role.CLINICAL_LEAD, username="lead")
    services.supervision_note_add(episode, text=SUPERVISION, auditor=auditor_for(lead))
    return episode, holder, lead


def page(name, episode, **extra):
    return reverse(
        f"episodes:{name}", kwargs={"slug": episode.hub.slug, "episode_id": episode.pk, **extra}
    )


@pytest.mark.hazard("HAZ-036")
def test_an_administrator_sees_contact_and_appointments_but_no_clinical_content(
    case, make_staff, signed_in
):
    episode, holder, lead = case
    admin = signed_in(make_staff(episode.hub, Role.ADMINISTRATOR))
    body = admin.get(page("episode", episode)).content.decode()
    assert "Rhiannon Record" in body
    assert "Book an appointment" in body
    assert NOTE not in body
    assert SUPERVISION not in body
    assert "Session notes" not in body
    for name in ("measures", "supervision", "note_new", "discharge"):
        assert admin.get(page(name, episode)).status_code in (403, 404), name
    client_page = reverse(
        "episodes:client", kwargs={"slug": episode.hub.slug, "client_id": episode.client_id}
    )
    assert "07700 900123" in admin.get(client_page).content.decode()


@pytest.mark.hazard("HAZ-006")
def test_a_practitioner_sees_only_clients_allocated_to_them(case, make_staff, signed_in):
    episode, holder, lead = case
    practitioner = make_staff(episode.hub, Role.PRACTITIONER)
    client = signed_in(practitioner)
    assert client.get(page("episode", episode)).status_code == 404
    mine = make_episode(episode.hub, practitioner, name="Pat Practised")
    assert client.get(page("episode", mine)).status_code == 200
    caseload = client.get(reverse("episodes:my_caseload", kwargs={"slug": episode.hub.slug}))
    assert "Pat Practised" in caseload.content.decode()
    assert "Rhiannon Record" not in caseload.content.decode()


@pytest.mark.hazard("HAZ-006")
def test_a_clinician_sees_their_caseload_and_the_lead_sees_every_record(
    case, make_staff, signed_in
):
    episode, holder, lead = case
    other = signed_in(make_staff(episode.hub, Role.CLINICIAN))
    response = other.get(page("episode", episode))
    assert response.status_code == 404
    assert "Rhiannon" not in response.content.decode()
    lead_body = signed_in(lead).get(page("episode", episode)).content.decode()
    assert NOTE in lead_body


@pytest.mark.hazard("HAZ-036")
def test_supervision_is_for_the_case_holder_and_the_lead_only(case, make_staff, signed_in):
    episode, holder, lead = case
    assert SUPERVISION in signed_in(holder).get(page("supervision", episode)).content.decode()
    assert SUPERVISION in signed_in(lead).get(page("supervision", episode)).content.decode()
    for role in (Role.CLINICIAN, Role.PRACTITIONER, Role.DUTY_CLINICIAN, Role.ADMINISTRATOR):
        response = signed_in(make_staff(episode.hub, role)).get(page("supervision", episode))
        assert response.status_code in (403, 404), role
        assert SUPERVISION not in response.content.decode()


@pytest.mark.hazard("HAZ-006")
@pytest.mark.parametrize(
    "role", [Role.SERVICE_MANAGER, Role.RESEARCHER, Role.COMMISSIONER, Role.ORGANISATION_CONTACT]
)
def test_non_clinical_roles_see_no_individual_record(case, make_staff, signed_in, role):
    episode, holder, lead = case
    client = signed_in(make_staff(episode.hub, role))
    for url in (
        page("episode", episode),
        reverse(
            "episodes:client", kwargs={"slug": episode.hub.slug, "client_id": episode.client_id}
        ),
        reverse("episodes:waiting_list", kwargs={"slug": episode.hub.slug}),
        reverse("triage:worklist", kwargs={"slug": episode.hub.slug}),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Rhiannon" not in response.content.decode()


@pytest.mark.hazard("HAZ-032")
def test_a_conflicted_colleague_is_sent_to_break_glass_and_the_name_is_masked(
    case, make_staff, signed_in
):
    episode, holder, lead = case
    record_services.conflict_record(
        episode.client, staff=holder, reason="Same ward", auditor=auditor_for(lead)
    )
    client = signed_in(holder)
    response = client.get(page("episode", episode))
    assert response.status_code == 302
    assert response.url.endswith(f"/clients/{episode.client_id}/break-glass/")
    form = client.get(response.url).content.decode()
    assert "Rhiannon" not in form
    assert NOTE not in form
    caseload = client.get(reverse("episodes:my_caseload", kwargs={"slug": episode.hub.slug}))
    body = caseload.content.decode()
    assert "Restricted record (conflict of interest)" in body
    assert "Rhiannon" not in body


@pytest.mark.hazard("HAZ-032")
def test_break_glass_needs_a_reason_is_audited_lasts_an_hour_and_is_listed_for_review(
    case, make_staff, signed_in
):
    episode, holder, lead = case
    record_services.conflict_record(
        episode.client, staff=holder, reason="Same ward", auditor=auditor_for(lead)
    )
    client = signed_in(holder)
    url = reverse(
        "episodes:break_glass", kwargs={"slug": episode.hub.slug, "client_id": episode.client_id}
    )
    assert "Enter why you need to open this record" in client.post(url, {}).content.decode()
    assert not BreakGlass.objects.exists()
    before = AuditEvent.objects.count()
    client.post(url, {"reason": "Alert out of hours, no one else on duty"})
    event = AuditEvent.objects.order_by("sequence")[before:].get()
    assert event.action == AuditAction.BREAK_GLASS
    assert event.subject_ref == f"client:{episode.client_id}"
    assert client.get(page("episode", episode)).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert client.get(page("episode", episode)).status_code == 302
    log = signed_in(lead).get(
        reverse("episodes:break_glass_log", kwargs={"slug": episode.hub.slug})
    )
    body = log.content.decode()
    assert "Alert out of hours, no one else on duty" in body
    assert "Review" in body


@pytest.mark.hazard("HAZ-033")
def test_a_conflicted_duty_clinician_still_sees_the_alert_counted_and_can_break_glass(
    hub_a, make_staff, signed_in
):
    duty = make_staff(hub_a, Role.DUTY_CLINICIAN)
    lead = make_staff(hub_a, Role.CLINICAL_LEAD)
    referral = make_referral(hub_a, name="Colleague Cara")
    alert = make_alert(hub_a, referral)
    record_services.conflict_record(
        referral.client, staff=duty, reason="Same team", auditor=auditor_for(lead)
    )
    client = signed_in(duty)
    queue = client.get(reverse("triage:duty_queue", kwargs={"slug": hub_a.slug})).content.decode()
    assert "Restricted record (conflict of interest)" in queue
    assert "Colleague Cara" not in queue
    assert 'id="open-count">1<' in queue
    url = reverse("triage:alert", kwargs={"slug": hub_a.slug, "alert_id": alert.pk})
    response = client.get(url)
    assert response.status_code == 302
    glass_url = response.url
    client.post(glass_url + f"?next={url}", {"reason": "Only duty clinician today"})
    assert client.get(url).status_code == 200
    # The lead, not conflicted, opens it as usual.
    assert signed_in(lead, on_client=Client()).get(url).status_code == 200


@pytest.mark.hazard("HAZ-032")
def test_an_ended_conflict_no_longer_restricts(case, signed_in):
    episode, holder, lead = case
    conflict = record_services.conflict_record(
        episode.client, staff=holder, reason="Same ward", auditor=auditor_for(lead)
    )
    record_services.conflict_end(conflict, auditor=auditor_for(lead))
    assert signed_in(holder).get(page("episode", episode)).status_code == 200


@pytest.mark.hazard("HAZ-036")
def test_session_and_supervision_notes_are_encrypted_at_rest(case):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM episodes_sessionnote")
        notes = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT text FROM episodes_supervisionnote")
        supervision = [row[0] for row in cursor.fetchall()]
    assert notes and all(NOTE not in value for value in notes)
    assert supervision and all(SUPERVISION not in value for value in supervision)
