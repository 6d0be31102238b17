"""The triage worklist: new referrals by risk then wait, each with its screening summary;
filters; accept, decline with a reason, merge a duplicate; allocation on accept."""

import html

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditEvent
from resiliencehub.episodes.models import Episode, EpisodeStatus
from resiliencehub.episodes.tests.factories import (
    PHQ9_RISK,
    make_alert,
    make_referral,
    make_screening,
)
from resiliencehub.records.models import Referral, ReferralStatus, ReferralStatusChange

pytestmark = pytest.mark.django_db


def url(name, hub, **kwargs):
    return reverse(f"triage:{name}", kwargs={"slug": hub.slug, **kwargs})


def test_referrals_are_ordered_by_risk_then_longest_wait(hub_a, make_staff, signed_in):
    make_referral(hub_a, name="Newest Nell", days_ago=1)
    make_referral(hub_a, name="Oldest Olly", days_ago=20)
    make_referral(hub_a, name="Risky Rae", days_ago=2, has_risk=True)
    alerted = make_referral(hub_a, name="Alerted Al", days_ago=3)
    make_alert(hub_a, alerted)
    body = signed_in(make_staff(hub_a, Role.CLINICIAN)).get(url("worklist", hub_a)).content
    body = body.decode()
    order = [body.index(n) for n in ("Alerted Al", "Risky Rae", "Oldest Olly", "Newest Nell")]
    assert order == sorted(order)


def test_each_row_summarises_the_screening(hub_a, make_staff, signed_in):
    referral = make_referral(hub_a, name="Screened Sue")
    make_screening(referral)
    body = signed_in(make_staff(hub_a, Role.CLINICIAN)).get(url("worklist", hub_a)).content
    body = body.decode()
    assert "PHQ-9: moderate (12)" in body
    assert "GAD-7: moderate (10)" in body
    assert "2 domains above threshold" in body


@pytest.mark.hazard("HAZ-004")
def test_a_risk_answer_in_screening_flags_the_row(hub_a, make_staff, signed_in):
    referral = make_referral(hub_a, name="Risk Ronnie")
    make_screening(referral, {"PHQ-9": PHQ9_RISK})
    body = signed_in(make_staff(hub_a, Role.CLINICIAN)).get(url("worklist", hub_a)).content
    row = body.decode().split("Risk Ronnie")[1].split("</tr>")[0]
    assert "Risk answer" in row
    assert "Open risk alert" in row


def test_filters_by_occupational_group_and_wait(hub_a, make_staff, signed_in):
    make_referral(hub_a, name="Nurse Nia", sector="nhs", days_ago=30)
    make_referral(hub_a, name="Carer Cal", sector="social_care", days_ago=30)
    make_referral(hub_a, name="New Ned", sector="social_care", days_ago=1)
    client = signed_in(make_staff(hub_a, Role.CLINICIAN))
    body = client.get(url("worklist", hub_a), {"sector": "social_care", "waited": "14"}).content
    body = body.decode()
    assert "Carer Cal" in body
    assert "Nurse Nia" not in body
    assert "New Ned" not in body


def test_declined_and_accepted_referrals_leave_the_worklist(hub_a, make_staff, signed_in):
    make_referral(hub_a, name="Done Dan", status=ReferralStatus.DECLINED)
    body = signed_in(make_staff(hub_a, Role.ADMINISTRATOR)).get(url("worklist", hub_a)).content
    assert "Done Dan" not in body.decode()


def test_the_worklist_takes_the_same_number_of_queries_for_1_or_20_referrals(
    hub_a, make_staff, signed_in
):
    client = signed_in(make_staff(hub_a, Role.CLINICIAN))
    make_screening(make_referral(hub_a, name="One"))
    client.get(url("worklist", hub_a))
    with CaptureQueriesContext(connection) as one:
        client.get(url("worklist", hub_a))
    for n in range(19):
        referral = make_referral(hub_a, name=f"Client {n}")
        make_screening(referral)
        make_alert(hub_a, referral)
    with CaptureQueriesContext(connection) as twenty:
        client.get(url("worklist", hub_a))
    assert len(one) == len(twenty)


def test_accepting_opens_an_episode_waiting_for_assessment(hub_a, make_staff, signed_in):
    referral = make_referral(hub_a, name="Accept Ada")
    client = signed_in(make_staff(hub_a, Role.ADMINISTRATOR))
    response = client.post(url("referral_accept", hub_a, referral_id=referral.pk), {})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    episode = Episode.objects.get(referral=referral)
    assert episode.status == EpisodeStatus.WAITING_ASSESSMENT
    assert episode.status_changes.count() == 1
    assert response.url == reverse(
        "episodes:episode", kwargs={"slug": hub_a.slug, "episode_id": episode.pk}
    )


def test_a_clinician_may_take_the_case_on_accepting(hub_a, make_staff, signed_in):
    referral = make_referral(hub_a, name="Take Tom")
    clinician = make_staff(hub_a, Role.CLINICIAN)
    client = signed_in(clinician)
    page = client.get(url("referral_accept", hub_a, referral_id=referral.pk)).content.decode()
    assert ">Me<" in page
    client.post(
        url("referral_accept", hub_a, referral_id=referral.pk), {"allocate_to": clinician.pk}
    )
    assert Episode.objects.get(referral=referral).case_holder == clinician


def test_a_clinician_cannot_allocate_to_someone_else(hub_a, make_staff, signed_in):
    referral = make_referral(hub_a, name="Take Tom")
    other = make_staff(hub_a, Role.CLINICIAN)
    client = signed_in(make_staff(hub_a, Role.CLINICIAN))
    response = client.post(
        url("referral_accept", hub_a, referral_id=referral.pk), {"allocate_to": other.pk}
    )
    assert response.status_code == 200
    assert "Select one of the options shown" in response.content.decode()
    assert not Episode.objects.filter(referral=referral).exists()


def test_on_a_referral_first_hub_accepting_sends_the_questionnaires(
    hub_b, make_staff, signed_in, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    referral = make_referral(hub_b, name="Bea Before", email="bea@example.org")
    client = signed_in(make_staff(hub_b, Role.CLINICIAN))
    page = client.get(url("referral_accept", hub_b, referral_id=referral.pk)).content.decode()
    assert "email the client a link" in page
    response = client.post(url("referral_accept", hub_b, referral_id=referral.pk), {})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_QUESTIONNAIRES
    assert Episode.objects.filter(referral=referral).exists()
    assert [m.to for m in mail.outbox] == [["bea@example.org"]]


def test_on_a_referral_first_hub_a_client_who_cannot_be_emailed_is_given_the_link_another_way(
    hub_b, make_staff, signed_in
):
    referral = make_referral(hub_b, name="No Email Ned")
    client = signed_in(make_staff(hub_b, Role.CLINICIAN))
    response = client.post(url("referral_accept", hub_b, referral_id=referral.pk), {})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_QUESTIONNAIRES
    page = response.content.decode()
    assert "This link is shown only now" in page and "/questionnaires/" in page
    assert mail.outbox == []


def test_declining_needs_a_reason_and_records_it(hub_a, make_staff, signed_in):
    referral = make_referral(hub_a, name="Decline Dee")
    client = signed_in(make_staff(hub_a, Role.CLINICIAN))
    empty = client.post(url("referral_decline", hub_a, referral_id=referral.pk), {})
    assert empty.status_code == 200
    assert "Select why the referral is being declined" in empty.content.decode()
    response = client.post(
        url("referral_decline", hub_a, referral_id=referral.pk),
        {"reason": "referred_elsewhere", "note": "To the local Talking Therapies service."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    change = ReferralStatusChange.objects.filter(referral=referral).last()
    assert change.reason == "Referred elsewhere. To the local Talking Therapies service."


def test_declining_twice_is_refused_with_a_clear_message(hub_a, make_staff, signed_in):
    referral = make_referral(hub_a, name="Decline Dee", status=ReferralStatus.DECLINED)
    client = signed_in(make_staff(hub_a, Role.CLINICIAN))
    response = client.post(
        url("referral_decline", hub_a, referral_id=referral.pk),
        {"reason": "out_of_scope"},
        follow=True,
    )
    assert "A referral that is 'Declined' cannot become 'Declined'" in html.unescape(
        response.content.decode()
    )


def test_merging_a_duplicate_links_it_to_the_existing_referral(hub_a, make_staff, signed_in):
    first = make_referral(hub_a, name="Dup Dora", days_ago=10)
    second = make_referral(hub_a, first.client)
    client = signed_in(make_staff(hub_a, Role.ADMINISTRATOR))
    page = client.get(url("referral_merge", hub_a, referral_id=second.pk)).content.decode()
    assert first.reference in page
    response = client.post(
        url("referral_merge", hub_a, referral_id=second.pk), {"into": first.reference}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ReferralStatus.MERGED
    assert second.merged_into == first


@pytest.mark.hazard("HAZ-006")
def test_a_referral_cannot_be_merged_into_another_hubs_referral(
    hub_a, hub_b, make_staff, signed_in
):
    other = make_referral(hub_b, name="Other Hub")
    mine = make_referral(hub_a, name="Mine")
    client = signed_in(make_staff(hub_a, Role.CLINICIAN))
    response = client.post(
        url("referral_merge", hub_a, referral_id=mine.pk), {"reference": other.reference}
    )
    assert response.status_code == 200
    assert "There is no referral with that reference in this hub" in response.content.decode()
    assert Referral.objects.get(pk=mine.pk).status == ReferralStatus.SUBMITTED


@pytest.mark.hazard("HAZ-006")
@pytest.mark.parametrize(
    "name", ["referral", "referral_accept", "referral_decline", "referral_merge"]
)
def test_another_hubs_referral_is_not_found_and_posts_change_nothing(
    hub_a, hub_b, make_staff, signed_in, name
):
    theirs = make_referral(hub_b, name="Their Client")
    client = signed_in(make_staff(hub_a, Role.CLINICAL_LEAD))
    before = AuditEvent.objects.count()
    for method in ("get", "post"):
        response = getattr(client, method)(
            url(name, hub_a, referral_id=theirs.pk),
            {"reason": "out_of_scope", "reference": theirs.reference},
        )
        assert response.status_code == 404
        assert "Their Client" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == ReferralStatus.SUBMITTED
    assert AuditEvent.objects.count() == before


def test_practitioners_do_not_see_the_worklist(hub_a, make_staff, signed_in):
    make_referral(hub_a, name="Hidden Hal")
    response = signed_in(make_staff(hub_a, Role.PRACTITIONER)).get(url("worklist", hub_a))
    assert response.status_code == 403
    assert "Hidden Hal" not in response.content.decode()
