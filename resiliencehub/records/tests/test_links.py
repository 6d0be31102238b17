"""One single-use link mechanism (records.links, ADR 0035) for the journey's links and the
episode's measure links: issued once with only its hash stored, one use, expiry,
revocation and purpose (HAZ-023, HAZ-039)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services as episode_services
from resiliencehub.episodes.models import MeasureInvitation
from resiliencehub.episodes.tests.factories import auditor_for, make_episode
from resiliencehub.intake.models import AccessLink, LinkPurpose
from resiliencehub.intake.tests.conftest import run_tasks
from resiliencehub.intake.tests.helpers import eligible
from resiliencehub.records.links import (
    SingleUseLink,
    digest,
    link_find,
    link_revoke,
    link_token,
    link_use,
)

pytestmark = pytest.mark.django_db

RESUME_LINK = re.compile(r"http://[^\s]+(/h/[^\s]+/resume/([0-9a-f]+)/)")


def _saved_link(client, hub) -> tuple[AccessLink, str, str]:
    """Save answers on the public page and read the link from the email the worker sends."""
    eligible(client, hub)
    client.post(f"/h/{hub.slug}/save/", {"email": "save@example.org"})
    assert run_tasks() == ["sent"]
    path, token = RESUME_LINK.search(mail.outbox[-1].body).groups()
    return AccessLink.objects.latest("id"), path, token


def _measure_link(hub, make_staff):
    clinician = make_staff(hub, Role.CLINICIAN)
    episode = make_episode(hub, clinician, name="Mo Measured")
    return episode_services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician)
    )


def test_both_kinds_of_link_are_single_use_links_with_their_own_salt():
    assert issubclass(AccessLink, SingleUseLink) and issubclass(MeasureInvitation, SingleUseLink)
    assert AccessLink.token_salt != MeasureInvitation.token_salt


@pytest.mark.hazard("HAZ-023")
def test_a_link_is_issued_once_and_only_the_hash_of_its_token_is_stored(client, hub_a):
    link, path, token = _saved_link(client, hub_a)
    assert link.token_hash == digest(token) != token
    # The email task rebuilt the token from the row and the secret key.
    assert link_token(link) == token
    assert link.sent_at is not None and link.purpose == LinkPurpose.RESUME
    assert link_find(AccessLink.objects.filter(hub=hub_a), LinkPurpose.RESUME, token) == link


@pytest.mark.hazard("HAZ-039")
def test_a_measure_link_is_issued_the_same_way(hub_a, make_staff):
    invitation, token = _measure_link(hub_a, make_staff)
    assert invitation.purpose == "measures"
    assert invitation.token_hash == digest(token) and link_token(invitation) == token
    assert episode_services.measure_invitation_open(token) == invitation


@pytest.mark.hazard("HAZ-023")
def test_a_link_works_once_however_many_try(client, hub_a):
    link, path, token = _saved_link(client, hub_a)
    assert link_use(link) is True
    assert link_use(link) is False
    assert link_find(AccessLink.objects.all(), LinkPurpose.RESUME, token) is None
    page = HttpClient().get(path)
    assert "expired or has already been used" in page.content.decode()


@pytest.mark.hazard("HAZ-039")
def test_a_measure_link_records_answers_once(hub_a, make_staff):
    invitation, token = _measure_link(hub_a, make_staff)
    url = reverse("intake:client_measures", kwargs={"token": token})
    answers = {f"PHQ9-item_{n}": "0" for n in range(1, 10)}
    assert "Answers sent" in HttpClient().post(url, answers).content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    again = HttpClient().post(url, answers)
    assert again.status_code == 404
    assert invitation.episode.measures.count() == 1


@pytest.mark.hazard("HAZ-023")
def test_a_link_ends_when_it_expires(client, hub_a):
    link, path, token = _saved_link(client, hub_a)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert link_find(AccessLink.objects.all(), LinkPurpose.RESUME, token) is None
        assert link_use(link) is False
        assert "expired" in HttpClient().get(path).content.decode()


@pytest.mark.hazard("HAZ-039")
def test_a_measure_link_ends_after_seven_days(hub_a, make_staff):
    invitation, token = _measure_link(hub_a, make_staff)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert episode_services.measure_invitation_open(token) == invitation
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert episode_services.measure_invitation_open(token) is None
        url = reverse("intake:client_measures", kwargs={"token": token})
        assert HttpClient().get(url).status_code == 404


@pytest.mark.hazard("HAZ-023")
def test_a_revoked_link_opens_nothing_and_a_newer_link_revokes_the_older(client, hub_a):
    first, first_path, first_token = _saved_link(client, hub_a)
    client.post(f"/h/{hub_a.slug}/save/", {"email": "save@example.org"})
    run_tasks()
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert link_find(AccessLink.objects.all(), LinkPurpose.RESUME, first_token) is None
    assert "expired" in HttpClient().get(first_path).content.decode()


@pytest.mark.hazard("HAZ-039")
def test_a_revoked_measure_link_opens_nothing(hub_a, make_staff):
    invitation, token = _measure_link(hub_a, make_staff)
    assert link_revoke(MeasureInvitation.objects.filter(pk=invitation.pk)) == 1
    assert episode_services.measure_invitation_open(token) is None
    assert link_use(invitation) is False


@pytest.mark.hazard("HAZ-023")
def test_a_token_opens_only_a_link_of_its_own_purpose(client, hub_a, make_staff):
    link, path, token = _saved_link(client, hub_a)
    links = AccessLink.objects.all()
    for other in (LinkPurpose.RETURNING, LinkPurpose.QUESTIONNAIRES, LinkPurpose.FIND_SAVED):
        assert link_find(links, other, token) is None
    # The same token on another purpose's page is refused like a made-up one.
    for page in ("returning_link", "questionnaires"):
        url = reverse(f"intake:{page}", kwargs={"slug": hub_a.slug, "token": token})
        assert "expired" in HttpClient().get(url).content.decode()
    measures = reverse("intake:client_measures", kwargs={"token": token})
    assert HttpClient().get(measures).status_code == 404
    # And a measure link's token opens no journey page.
    _invitation, measure_token = _measure_link(hub_a, make_staff)
    url = reverse("intake:resume", kwargs={"slug": hub_a.slug, "token": measure_token})
    assert "expired" in HttpClient().get(url).content.decode()
    # The link asked for is still there, unused.
    assert link_find(links, LinkPurpose.RESUME, token) == link


def test_a_made_up_or_overlong_token_finds_nothing(hub_a):
    assert link_find(AccessLink.objects.all(), LinkPurpose.RESUME, "") is None
    assert link_find(AccessLink.objects.all(), LinkPurpose.RESUME, "0" * 64) is None
    assert link_find(AccessLink.objects.all(), LinkPurpose.RESUME, "0" * 200) is None
