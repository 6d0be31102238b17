"""A referral-first hub: a stranger refers themselves on the public site, staff accept it on
the staff page, and the questionnaires reach the person: by email when they agreed to
email, otherwise by a phone call for which staff are shown the link once (HAZ-043)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.records.models import Referral, ReferralStatus

from .conftest import run_tasks
from .fewest import Walk, refer_with_fewest_answers
from .helpers import CONTACT

pytestmark = pytest.mark.django_db

QUESTIONNAIRE_LINK = re.compile(r"https?://[^\s\"<]+/questionnaires/[0-9a-f]+/")


def staff_url(name, hub, referral):
    return reverse(f"triage:{name}", kwargs={"slug": hub.slug, "referral_id": referral.pk})


def open_questionnaires(hub, link: str) -> Walk:
    """A new browser opens the link and answers the questionnaires it leads to."""
    assert link.startswith(settings.SITE_URL + "/"), link
    walk = Walk(hub, HttpClient())
    path = link[len(settings.SITE_URL) :]
    assert walk.get(path).status_code == 200
    assert walk.browser.post(path).status_code == 302
    first = walk.browser.get(reverse("intake:next", kwargs={"slug": hub.slug}))["Location"]
    assert first == f"/h/{hub.slug}/questions/phq-9/"
    assert walk.submit() == f"/h/{hub.slug}/sent/"
    assert "Answers sent" in walk.last_page
    return walk


@pytest.mark.hazard("HAZ-043")
def test_a_stranger_who_agreed_to_email_is_emailed_the_questionnaires_on_acceptance(
    hub_b, make_staff, signed_in
):
    walk = refer_with_fewest_answers(hub_b, ways=["email"])
    assert "we will email you a link to some questionnaires" in walk.last_page
    referral = Referral.objects.get()
    run_tasks()
    staff = signed_in(make_staff(hub_b, Role.CLINICIAN), on_client=HttpClient())

    page = staff.get(staff_url("referral_accept", hub_b, referral)).content.decode()
    assert "Accepting will email the client a link" in page
    response = staff.post(staff_url("referral_accept", hub_b, referral), {}, follow=True)
    assert "The client has been emailed the questionnaires" in response.content.decode()
    referral.refresh_from_db()
    assert referral.get_status_display() == "Accepted, questionnaires sent"

    assert run_tasks() == ["sent"]
    (email,) = mail.outbox
    assert email.to == [CONTACT["email"]]
    open_questionnaires(hub_b, QUESTIONNAIRE_LINK.search(email.body).group(0))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


@pytest.mark.hazard("HAZ-043")
def test_staff_are_told_to_phone_a_stranger_who_did_not_agree_to_email_and_see_the_link_once(
    hub_b, make_staff, signed_in
):
    walk = refer_with_fewest_answers(hub_b, ways=[])
    assert "email you a link" not in walk.last_page
    assert "we will phone you" in walk.last_page
    referral = Referral.objects.get()
    staff = signed_in(make_staff(hub_b, Role.CLINICIAN), on_client=HttpClient())

    before = staff.get(staff_url("referral", hub_b, referral)).content.decode()
    assert "has not agreed to be emailed" in before
    page = staff.get(staff_url("referral_accept", hub_b, referral)).content.decode()
    assert "has not agreed to be emailed" in page
    assert f"phone them on {CONTACT['phone']}" in page
    shown = staff.post(staff_url("referral_accept", hub_b, referral), {}).content.decode()
    assert f"Phone {CONTACT['full_name']} on {CONTACT['phone']}" in shown
    link = QUESTIONNAIRE_LINK.search(shown).group(0)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_QUESTIONNAIRES

    after = staff.get(staff_url("referral", hub_b, referral)).content.decode()
    assert "must be phoned" in after
    assert not QUESTIONNAIRE_LINK.search(after), "the link is shown once only"
    run_tasks()
    assert mail.outbox == []
    open_questionnaires(hub_b, link)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
