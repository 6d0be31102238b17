"""A clinician emails a client their single-use measures link through the task worker;
the email names no questionnaire or result, is sent once, and respects the client's
safe-contact preferences (HAZ-027, HAZ-039)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes import services
from resiliencehub.episodes.models import MeasureInvitation
from resiliencehub.episodes.tests.factories import auditor_for, make_episode
from resiliencehub.intake.tests.conftest import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician(hub_a, make_staff):
    return make_staff(hub_a, Role.CLINICIAN)


def _episode(hub, clinician, email="mo@example.org"):
    return make_episode(hub, clinician, name="Mo Measured", email=email)


def _link_page(episode):
    return reverse(
        "episodes:measure_link", kwargs={"slug": episode.hub.slug, "episode_id": episode.pk}
    )


@pytest.mark.hazard("HAZ-027")
def test_the_emailed_link_opens_the_questionnaires_and_names_nothing_clinical(
    hub_a, clinician, signed_in, client
):
    episode = _episode(hub_a, clinician)
    page = signed_in(clinician).post(
        _link_page(episode), {"instruments": ["PHQ-9", "GAD-7"], "delivery": "email"}
    )
    text = page.content.decode()
    assert "being emailed to the client" in text
    assert "/measures/" not in text  # an emailed link is never shown to staff
    assert mail.outbox == []  # sent by the worker, not by the request
    assert run_tasks() == ["sent"]
    [message] = mail.outbox
    assert message.to == ["mo@example.org"]
    assert message.subject == f"{hub_a.name}: a link from your practitioner"
    assert not re.search(r"PHQ|GAD|score|depress|anxi", message.subject, re.I)
    assert "Mo Measured" not in message.body
    link = re.search(r"https?://\S+(/measures/\S+/)", message.body).group(1)
    assert client.get(link).status_code == 200
    answers = {f"PHQ9-item_{n}": "0" for n in range(1, 10)} | {
        f"GAD7-item_{n}": "0" for n in range(1, 8)
    }
    assert "Answers sent" in client.post(link, answers).content.decode()
    assert MeasureInvitation.objects.get().used_at is not None


def test_a_retried_task_does_not_send_twice(hub_a, clinician):
    episode = _episode(hub_a, clinician)
    invitation, _ = services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician), send_email=True
    )
    from resiliencehub.episodes.tasks import send_measure_link_email

    assert run_tasks() == ["sent"]
    assert send_measure_link_email.call(invitation.pk) == "already sent"
    assert len(mail.outbox) == 1


@pytest.mark.hazard("HAZ-039")
def test_a_link_that_can_no_longer_be_used_is_not_emailed(hub_a, clinician):
    episode = _episode(hub_a, clinician)
    services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician), send_email=True
    )
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert run_tasks() == ["not sent: the link can no longer be used"]
    assert mail.outbox == []


def test_a_client_who_has_not_agreed_to_email_is_never_emailed(hub_a, clinician, signed_in):
    episode = _episode(hub_a, clinician, email="")
    session = signed_in(clinician)
    form = session.get(_link_page(episode)).content.decode()
    assert "Email it to the client now" not in form
    assert "has not agreed to be emailed" in form
    # A forged choice is ignored: the link is shown, never emailed.
    page = session.post(_link_page(episode), {"instruments": ["PHQ-9"], "delivery": "email"})
    assert "/measures/" in page.content.decode()
    assert run_tasks() == []
    with pytest.raises(TransitionNotAllowed, match="not agreed to be emailed"):
        services.measure_invitation_create(
            episode, ["PHQ-9"], auditor=auditor_for(clinician), send_email=True
        )


def test_consent_withdrawn_before_the_worker_runs_stops_the_email(hub_a, clinician):
    episode = _episode(hub_a, clinician)
    services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician), send_email=True
    )
    episode.client.may_email = False
    episode.client.save()
    assert run_tasks() == ["not sent: the client may not be emailed"]
    assert mail.outbox == []


def test_the_clinician_must_say_how_the_client_gets_the_link(hub_a, clinician, signed_in):
    episode = _episode(hub_a, clinician)
    page = signed_in(clinician).post(_link_page(episode), {"instruments": ["PHQ-9"]})
    assert "Select how the client should get the link" in page.content.decode()
    assert MeasureInvitation.objects.count() == 0
